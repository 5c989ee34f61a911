package io.medextract.handlers.evaluation.scoring;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The normal form free-text values are compared in: Unicode compatibility form, lower case, punctuation read
 * as a word break (apostrophes dropped: "Mary's" is "marys"), runs of white space as one space. Signs that
 * change clinical meaning survive: {@code +}, {@code <}, {@code >} (as words of their own), {@code °},
 * {@code %}, a minus that ends a word ("Rh-", "ER-") and a decimal point between digits. One pass over the
 * characters: scoring normalises every compared value, often several times per list item.
 */
final class TextNormaliser {

    private TextNormaliser() {}

    static String normalise(String text) {
        String s = isAscii(text) || Normalizer.isNormalized(text, Normalizer.Form.NFKC)
                ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        s = s.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length() + 4);
        int n = s.length();
        for (int i = 0; i < n; ) {
            int c = s.codePointAt(i);
            int width = Character.charCount(c);
            if (c == '\'' || c == '\u2019' || c == '\u02bc' || c == '`') {
                // dropped: "O'Brien" is "obrien"
            } else if ((c == '.' || c == ',') && i > 0 && i + 1 < n
                    && Character.isDigit(s.charAt(i - 1)) && Character.isDigit(s.charAt(i + 1))) {
                out.append('.');
            } else if (c == '-' && i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))
                    && (i + 1 == n || Character.isWhitespace(s.charAt(i + 1)))) {
                out.append('-');
            } else if (c == '+' || c == '<' || c == '>') {
                space(out);
                out.append((char) c).append(' ');
            } else if (c == '°' || c == '%') {
                out.appendCodePoint(c);
            } else if (Character.isWhitespace(c) || isPunctuationOrSymbol(c)) {
                space(out);
            } else {
                out.appendCodePoint(c);
            }
            i += width;
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end);
    }

    /** A single space unless the text so far is empty or already ends in one. */
    private static void space(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPunctuationOrSymbol(int c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** The words of the normal form, sorted, so that word order does not matter. */
    static List<String> sortedWords(String text) {
        String normal = normalise(text);
        if (normal.isEmpty()) {
            return List.of();
        }
        String[] words = normal.split(" ");
        Arrays.sort(words);
        return List.of(words);
    }

    /** Share of distinct words the two texts have in common (Jaccard index), 0 when either has none. */
    static double wordOverlap(String a, String b) {
        Set<String> left = new HashSet<>(sortedWords(a));
        Set<String> right = new HashSet<>(sortedWords(b));
        if (left.isEmpty() || right.isEmpty()) {
            return 0;
        }
        Set<String> union = new HashSet<>(left);
        union.addAll(right);
        left.retainAll(right);
        return (double) left.size() / union.size();
    }
}
