package io.medextract.handlers.evaluation.scoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Counts for one field (or list, or all fields together) over one or more documents.
 *
 * <p>{@code matched}: both filled and equal under the field's rule. {@code wrong}: both filled, not equal.
 * {@code missing}: expected filled, extracted not. {@code extra}: extracted filled, expected not. A wrong value
 * is both a false positive and a false negative, so precision = matched / (matched + wrong + extra) and
 * recall = matched / (matched + wrong + missing); each is 1 when its denominator is 0 (nothing to find, or
 * nothing claimed). {@code categoryMatched} (ICD-10 fields only) counts values whose 3-character category
 * agrees, exact matches included.
 *
 * @param kind the field's rule (text, date, icd10, ...), "list" for a list's items, "all" for the total
 */
@JsonIgnoreProperties(value = {"precision", "recall", "f1", "perfect", "categoryPrecision", "categoryRecall",
        "categoryF1"}, allowGetters = true)
public record FieldScore(String kind, int matched, int missing, int wrong, int extra, int categoryMatched) {

    public FieldScore {
        if (matched < 0 || missing < 0 || wrong < 0 || extra < 0 || categoryMatched < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }

    static FieldScore empty(String kind) {
        return new FieldScore(kind, 0, 0, 0, 0, 0);
    }

    @JsonProperty("precision")
    public double precision() {
        int claimed = matched + wrong + extra;
        return claimed == 0 ? 1.0 : (double) matched / claimed;
    }

    @JsonProperty("recall")
    public double recall() {
        int expected = matched + wrong + missing;
        return expected == 0 ? 1.0 : (double) matched / expected;
    }

    /** Harmonic mean of precision and recall: 2·matched / (2·matched + 2·wrong + missing + extra); 1 when all are 0. */
    @JsonProperty("f1")
    public double f1() {
        int denominator = 2 * matched + 2 * wrong + missing + extra;
        return denominator == 0 ? 1.0 : 2.0 * matched / denominator;
    }

    /** ICD-10 fields only (null otherwise): precision when a matching 3-character category counts as matched. */
    @JsonProperty("categoryPrecision")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Double categoryPrecision() {
        return isIcd10() ? atCategoryLevel().precision() : null;
    }

    /** ICD-10 fields only (null otherwise): recall when a matching 3-character category counts as matched. */
    @JsonProperty("categoryRecall")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Double categoryRecall() {
        return isIcd10() ? atCategoryLevel().recall() : null;
    }

    /** ICD-10 fields only (null otherwise): F1 when a matching 3-character category counts as matched. */
    @JsonProperty("categoryF1")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Double categoryF1() {
        return isIcd10() ? atCategoryLevel().f1() : null;
    }

    private boolean isIcd10() {
        return "icd10".equals(kind);
    }

    /** These counts with category-only matches moved from wrong to matched. */
    private FieldScore atCategoryLevel() {
        int categoryOnly = Math.max(0, categoryMatched - matched);
        return new FieldScore(kind, matched + categoryOnly, missing, wrong - categoryOnly, extra, categoryMatched);
    }

    /** True when nothing was wrong, missing or extra. */
    public boolean isPerfect() {
        return wrong == 0 && missing == 0 && extra == 0;
    }

    /** The sum of both counts, under this score's kind. */
    public FieldScore plus(FieldScore other) {
        return new FieldScore(kind, matched + other.matched, missing + other.missing, wrong + other.wrong,
                extra + other.extra, categoryMatched + other.categoryMatched);
    }
}
