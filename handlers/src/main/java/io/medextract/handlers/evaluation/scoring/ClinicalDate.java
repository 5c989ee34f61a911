package io.medextract.handlers.evaluation.scoring;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a date written in one of the forms clinical documents use and gives it in ISO-8601 form, at the
 * precision written: {@code 2025-03-04}, {@code 2025-03} or {@code 2025}.
 *
 * <ul>
 *   <li>ISO: 2025-03-04, 2025/03/04, 20250304;</li>
 *   <li>numeric with slashes or dashes: 03/04/2025, 3-4-2025, read in the field's {@link DateOrder} unless one
 *       number is above 12;</li>
 *   <li>numeric with dots: 04.03.2025 is always day first (the usage in every country that writes dots);</li>
 *   <li>with a month name (English, full or three letters, "Sept."): March 4, 2025; Mar 4 2025; 4 Mar 2025;
 *       4th March 2025; 04-MAR-2025; and without a day: March 2025, 03/2025, 2025-03; a year alone: 2025.</li>
 * </ul>
 * A time of day after the date (2025-03-04T10:15:00Z, 03/04/2025 10:30, March 4, 2025 at 2:15 pm) is ignored:
 * the date as written is what counts. Two-digit years are not read (03/04/25 could be 1925 or 2025 in a date of birth), nor impossible dates
 * (2025-02-30): such values are compared as text.
 *
 * <p>Values are hostile input (expected JSON and model output alike): a value longer than {@link #MAX_LENGTH} is not
 * read as a date at all, and every pattern here runs in time linear in the value's length, so no value can make
 * scoring backtrack for minutes.
 */
final class ClinicalDate {

    private static final Map<String, Integer> MONTHS = months();
    private static final Pattern ISO = Pattern.compile("(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[T ].*)?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4})");
    private static final Pattern ISO_MONTH = Pattern.compile("(\\d{4})-(\\d{1,2})");
    private static final Pattern NUMERIC_MONTH = Pattern.compile("(\\d{1,2})/(\\d{4})");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern DAY = Pattern.compile("\\d{1,2}");
    private static final Pattern SEPARATORS = Pattern.compile("[,.\\-/]");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern ORDINAL = Pattern.compile("(?<=\\d)(st|nd|rd|th)\\b");
    /**
     * Where a time of day after the date begins ("03/04/2025 10:30", "2025-03-04T10:15", "March 4, 2025 at 2:15 pm"):
     * one separator, an optional "at", the time. Searched once from the left and without a repeated group before the
     * time, so it is linear; the separators before it are trimmed afterwards ({@link #withoutTimeOfDay}). The former
     * {@code [\\sT,]+...$} form backtracked over every run of spaces from every start: quadratic (a 40 000-character
     * value took 16.6 s).
     */
    private static final Pattern TIME_OF_DAY = Pattern.compile("(?i)[\\sT,](?:at\\s+)?\\d{1,2}:\\d{2}");
    /**
     * The longest value read as a date. The longest form read, a date with a time and zone such as
     * "2025-03-04T10:15:00.123456789+05:30" or "September 24th, 2025 at 10:30 pm", is under 40 characters; anything
     * longer is not a date and is compared as text.
     */
    static final int MAX_LENGTH = 64;

    private ClinicalDate() {}

    static Optional<String> iso(String text, DateOrder order) {
        if (text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String s = withoutTimeOfDay(text.strip()).toString();
        try {
            Matcher m = ISO.matcher(s);
            if (m.matches()) {
                return Optional.of(day(num(m, 1), num(m, 2), num(m, 3)));
            }
            if ((m = COMPACT.matcher(s)).matches()) {
                return Optional.of(day(num(m, 1), num(m, 2), num(m, 3)));
            }
            if ((m = NUMERIC.matcher(s)).matches()) {
                return Optional.of(numeric(num(m, 1), num(m, 3), num(m, 4), m.group(2).equals(".") ? DateOrder.DAY_FIRST : order));
            }
            if ((m = ISO_MONTH.matcher(s)).matches()) {
                return Optional.of(YearMonth.of(num(m, 1), num(m, 2)).toString());
            }
            if ((m = NUMERIC_MONTH.matcher(s)).matches()) {
                return Optional.of(YearMonth.of(num(m, 2), num(m, 1)).toString());
            }
            if (YEAR.matcher(s).matches()) {
                return Optional.of(s);
            }
            return withMonthName(s);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The text before a time of day written after the date, without the separators between them; the whole text when
     * there is none. Linear in the text's length: one search, then a backward trim.
     */
    static CharSequence withoutTimeOfDay(CharSequence text) {
        Matcher m = TIME_OF_DAY.matcher(text);
        if (!m.find()) {
            return text;
        }
        int end = m.start();
        while (end > 0 && isSeparatorBeforeTime(text.charAt(end - 1))) {
            end--;
        }
        return text.subSequence(0, end);
    }

    /** The pattern's {@code [\\sT,]} under {@code (?i)}: ASCII white space, "T" in either case and comma. */
    private static boolean isSeparatorBeforeTime(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
                || c == 'T' || c == 't' || c == ',';
    }

    private static String numeric(int first, int second, int year, DateOrder order) {
        boolean dayFirst = first > 12 || (second <= 12 && order == DateOrder.DAY_FIRST);
        return dayFirst ? day(year, second, first) : day(year, first, second);
    }

    /** Words in any of the orders day-month-year, month-day-year, year-month-day, or month-year. */
    private static Optional<String> withMonthName(String s) {
        String cleaned = SEPARATORS.matcher(ORDINAL.matcher(s.toLowerCase(Locale.ROOT)).replaceAll("")).replaceAll(" ").strip();
        String[] w = SPACES.split(cleaned);
        if (w.length == 3) {
            if (MONTHS.containsKey(w[0]) && isDay(w[1]) && isYear(w[2])) {
                return Optional.of(day(Integer.parseInt(w[2]), MONTHS.get(w[0]), Integer.parseInt(w[1])));
            }
            if (isDay(w[0]) && MONTHS.containsKey(w[1]) && isYear(w[2])) {
                return Optional.of(day(Integer.parseInt(w[2]), MONTHS.get(w[1]), Integer.parseInt(w[0])));
            }
            if (isYear(w[0]) && MONTHS.containsKey(w[1]) && isDay(w[2])) {
                return Optional.of(day(Integer.parseInt(w[0]), MONTHS.get(w[1]), Integer.parseInt(w[2])));
            }
        }
        if (w.length == 2 && MONTHS.containsKey(w[0]) && isYear(w[1])) {
            return Optional.of(YearMonth.of(Integer.parseInt(w[1]), MONTHS.get(w[0])).toString());
        }
        return Optional.empty();
    }

    private static String day(int year, int month, int day) {
        return LocalDate.of(year, month, day).toString();
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static boolean isDay(String w) {
        return DAY.matcher(w).matches();
    }

    private static boolean isYear(String w) {
        return YEAR.matcher(w).matches();
    }

    private static Map<String, Integer> months() {
        String[] names = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"};
        Map<String, Integer> months = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) {
            months.put(names[i], i + 1);
            months.put(names[i].substring(0, 3), i + 1);
        }
        months.put("sept", 9);
        return Map.copyOf(months);
    }
}
