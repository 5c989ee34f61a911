package io.medextract.handlers.evaluation.scoring;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The usual ways prescriptions write a route or a frequency, each mapped to one term, so that "PO" is "oral"
 * and "b.i.d." is "twice daily". Only abbreviations with one accepted meaning are listed; look-alikes that
 * differ clinically stay apart (every 12 hours is not twice daily, every 24 hours not once daily).
 */
final class MedicationTerms {

    private static final Map<String, List<String>> ROUTES = Map.of(
            "oral", List.of("po", "p o", "per os", "by mouth", "orally", "oral"),
            "intravenous", List.of("iv", "i v", "intravenously", "intravenous"),
            "intramuscular", List.of("im", "i m", "intramuscularly", "intramuscular"),
            "subcutaneous", List.of("sc", "s c", "sq", "subq", "sub q", "subcut", "subcutaneously", "subcutaneous"),
            "sublingual", List.of("sl", "s l", "sublingually", "sublingual"),
            "rectal", List.of("pr", "p r", "per rectum", "rectally", "rectal"),
            "topical", List.of("top", "topically", "topical"),
            "inhaled", List.of("inh", "by inhalation", "inhalation", "inhaled"),
            "transdermal", List.of("td", "transdermally", "transdermal"));

    private static final Map<String, List<String>> FREQUENCIES = Map.of(
            "once daily", List.of("qd", "q d", "od", "o d", "once a day", "once per day", "once daily", "every day",
                    "daily", "1x daily", "1 time daily", "one time daily"),
            "twice daily", List.of("bid", "b i d", "twice a day", "twice per day", "twice daily", "two times daily",
                    "two times a day", "2 times daily", "2 times a day", "2x daily", "2x a day"),
            "three times daily", List.of("tid", "t i d", "three times a day", "three times daily", "3 times daily",
                    "3 times a day", "3x daily", "3x a day"),
            "four times daily", List.of("qid", "q i d", "four times a day", "four times daily", "4 times daily",
                    "4 times a day", "4x daily", "4x a day"),
            "at bedtime", List.of("qhs", "q h s", "hs", "h s", "at bedtime", "nightly", "every night", "at night"),
            "every morning", List.of("qam", "q am", "q a m", "every morning", "in the morning", "each morning"),
            "as needed", List.of("prn", "p r n", "as needed", "as required", "when needed", "if needed"),
            "once weekly", List.of("qw", "q wk", "q week", "once a week", "once weekly", "every week", "weekly"));

    private static final Pattern EVERY_HOURS = Pattern.compile(
            "\\b(?:q ?(\\d+) ?(?:h|hr|hrs|hour|hours)|every (\\d+|two|three|four|six|eight|twelve) (?:h|hr|hrs|hours?))\\b");
    private static final Map<String, String> NUMBER_WORDS = Map.of(
            "two", "2", "three", "3", "four", "4", "six", "6", "eight", "8", "twelve", "12");

    private static final Map<String, String> ROUTE_TERMS = bySpelling(ROUTES);
    private static final Map<String, String> FREQUENCY_TERMS = bySpelling(FREQUENCIES);
    private static final int LONGEST = 4;

    private MedicationTerms() {}

    /** The text in normal form with each route spelling replaced by its term. */
    static String route(String text) {
        return replace(TextNormaliser.normalise(text), ROUTE_TERMS);
    }

    /** The text in normal form with each frequency spelling ("q6h", "b.i.d.", "PRN") replaced by its term. */
    static String frequency(String text) {
        String normal = TextNormaliser.normalise(text);
        Matcher m = EVERY_HOURS.matcher(normal);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String hours = m.group(1) != null ? m.group(1) : NUMBER_WORDS.getOrDefault(m.group(2), m.group(2));
            m.appendReplacement(out, "every_" + hours + "_hours");
        }
        m.appendTail(out);
        return replace(out.toString(), FREQUENCY_TERMS);
    }

    /** Longest spelling first at each word: "once a day" is one term, not "once" and "a" and "day". */
    private static String replace(String normal, Map<String, String> terms) {
        String[] words = normal.split(" ");
        StringBuilder out = new StringBuilder(normal.length());
        for (int i = 0; i < words.length; ) {
            int taken = 1;
            String term = null;
            for (int length = Math.min(LONGEST, words.length - i); length >= 1 && term == null; length--) {
                term = terms.get(String.join(" ", Arrays.copyOfRange(words, i, i + length)));
                taken = length;
            }
            out.append(out.length() == 0 ? "" : " ").append(term != null ? term : words[i]);
            i += term != null ? taken : 1;
        }
        return out.toString();
    }

    /** Each spelling (in normal form) to its term, with _ for the term's spaces so it stays one word. */
    private static Map<String, String> bySpelling(Map<String, List<String>> terms) {
        Map<String, String> map = new HashMap<>();
        terms.forEach((term, spellings) -> spellings.forEach(
                spelling -> map.put(TextNormaliser.normalise(spelling), term.replace(' ', '_'))));
        return Map.copyOf(map);
    }
}
