package io.medextract.handlers.evaluation.scoring;

/** How an extracted value compares with the expected one when both are filled. */
enum Outcome {
    MATCH,
    /** Not the same value, but the same ICD-10 category: counted wrong, and reported as a category match. */
    CATEGORY_MATCH,
    MISMATCH
}
