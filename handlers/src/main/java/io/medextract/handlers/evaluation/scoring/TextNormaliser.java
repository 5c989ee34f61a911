package io.medextract.handlers.evaluation.scoring;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normal form free-text values are compared in: Unicode compatibility form, lower case, punctuation read
 * as a word break (apostrophes dropped: "Mary's" is "marys"), runs of white space as one space. Signs that change clinical meaning survive: {@code +},
 * {@code <}, {@code >} (as words of their own), a minus that ends a word ("Rh-", "ER-") and a decimal point between digits.
 */
final class TextNormaliser {

    private static final Pattern DECIMAL_POINT = Pattern.compile("(?<=\\d)[.,](?=\\d)");
    private static final Pattern TRAILING_MINUS = Pattern.compile("(?<=\\p{Alnum})-(?=\\s|$)");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}&&[^+<>°%]]");
    private static final Pattern APOSTROPHES = Pattern.compile("['’ʼ`]");
    private static final Pattern SIGNS = Pattern.compile("([+<>])");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TextNormaliser() {}

    static String normalise(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        // Protect the signs we keep with control characters, then turn the remaining punctuation into spaces.
        s = DECIMAL_POINT.matcher(s).replaceAll("\u0000");
        s = TRAILING_MINUS.matcher(s).replaceAll("\u0001");
        s = APOSTROPHES.matcher(s).replaceAll("");
        s = PUNCTUATION.matcher(s).replaceAll(" ");
        s = SIGNS.matcher(s).replaceAll(" $1 ");
        s = s.replace('\u0000', '.').replace('\u0001', '-');
        return SPACES.matcher(s).replaceAll(" ").strip();
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
        HashSet<String> left = new HashSet<>(sortedWords(a));
        HashSet<String> right = new HashSet<>(sortedWords(b));
        if (left.isEmpty() || right.isEmpty()) {
            return 0;
        }
        HashSet<String> union = new HashSet<>(left);
        union.addAll(right);
        left.retainAll(right);
        return (double) left.size() / union.size();
    }
}
