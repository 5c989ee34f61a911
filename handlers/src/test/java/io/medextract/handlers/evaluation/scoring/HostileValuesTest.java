package io.medextract.handlers.evaluation.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scoring reads values from expected JSON and model output, both hostile: no value may make a pattern backtrack.
 * The patterns are checked by counting the characters they read (a budget a few times the value's length: a
 * quadratic pattern spends it within the first few thousand characters and fails at once), and the rules by
 * values long enough that the former patterns would have run for minutes.
 */
class HostileValuesTest {

    /** A run of spaces, then no time: the former trailing-time pattern tried every start in the run, each to its end. */
    private static final String SPACES_WITHOUT_TIME = "2025-03-04" + " ".repeat(1_000_000) + "1";

    @Test
    void findingATimeOfDayReadsEachCharacterAFewTimesAtMost() {
        ReadCountingText text = new ReadCountingText(SPACES_WITHOUT_TIME, 8L * SPACES_WITHOUT_TIME.length());
        assertThat(ClinicalDate.withoutTimeOfDay(text).toString()).isEqualTo(SPACES_WITHOUT_TIME);

        String manyAts = "2025-03-04" + " at          ".repeat(100_000) + "x";
        ReadCountingText ats = new ReadCountingText(manyAts, 8L * manyAts.length());
        assertThat(ClinicalDate.withoutTimeOfDay(ats).toString()).isEqualTo(manyAts);
    }

    @Test
    void aTimeOfDayIsStillFoundAndCut() {
        assertThat(ClinicalDate.withoutTimeOfDay("March 4, 2025 at 2:15 pm").toString()).isEqualTo("March 4, 2025");
        assertThat(ClinicalDate.withoutTimeOfDay("03/04/2025,  10:30").toString()).isEqualTo("03/04/2025");
        assertThat(ClinicalDate.withoutTimeOfDay("2025-03-04T09:30:00Z").toString()).isEqualTo("2025-03-04");
    }

    @Test
    void readingAnAmountNeverReadsTheNumberAgainShorter() {
        // A long number, then a unit text with a line break ('.' does not cross it): the former pattern retried
        // every shorter reading of the number, each time scanning to the line break.
        String value = "1".repeat(1_000_000) + " mg\nper day";
        ReadCountingText text = new ReadCountingText(value, 8L * value.length());
        assertThat(Quantity.form(text).matches()).isFalse();
    }

    @Test
    void aLongAdversarialDateIsComparedAsTextAtOnce() {
        // 400 000 characters: the former trailing-time pattern needed minutes for a tenth of this.
        String hostile = "2025-03-04" + " ".repeat(400_000) + "1";
        assertThat(ClinicalDate.iso(hostile, DateOrder.MONTH_FIRST)).isEmpty();
        assertThat(new DateRule(DateOrder.MONTH_FIRST).compareText(hostile, "2025-03-04")).isEqualTo(Outcome.MISMATCH);
        assertThat(new DateRule(DateOrder.MONTH_FIRST).problem(hostile)).isPresent();
        // The longest date form read still is.
        assertThat(ClinicalDate.iso("2025-03-04T10:15:00.123456789+05:30", DateOrder.MONTH_FIRST)).contains("2025-03-04");
        assertThat(ClinicalDate.iso("September 24th, 2025 at 10:30 pm", DateOrder.MONTH_FIRST)).contains("2025-09-24");
    }

    @Test
    void aLongAdversarialAmountIsComparedAsTextAtOnce() {
        String hostile = "1".repeat(400_000) + " mg\nper day";
        assertThat(Quantity.parse(hostile)).isEmpty();
        assertThat(new QuantityRule(Set.of()).compareText(hostile, hostile)).isEqualTo(Outcome.MATCH);
        assertThat(new QuantityRule(Set.of()).compareText(hostile, "1 mg")).isEqualTo(Outcome.MISMATCH);
        assertThat(Icd10Code.parse("E11.9" + " ".repeat(400_000))).isEmpty();
        assertThat(Quantity.parse("1,250.5 micrograms per kilogram per minute")).isPresent();
    }

    /** A text that counts how often a pattern reads its characters, and stops the pattern past a budget. */
    private static final class ReadCountingText implements CharSequence {
        private final String text;
        private final long budget;
        private long reads;

        ReadCountingText(String text, long budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (++reads > budget) {
                throw new AssertionError("read more than " + budget + " characters of a " + text.length()
                        + "-character value: the pattern backtracks");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
