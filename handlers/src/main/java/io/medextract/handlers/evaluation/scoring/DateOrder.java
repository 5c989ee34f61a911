package io.medextract.handlers.evaluation.scoring;

/**
 * How an all-numeric date with slashes or dashes whose first two numbers could both be a month (03/04/2025)
 * is read. When one of them is above 12 the date reads itself, whatever this says.
 */
public enum DateOrder {
    /** 03/04/2025 is 4 March 2025 (United States usage); the default. */
    MONTH_FIRST,
    /** 03/04/2025 is 3 April 2025 (most other countries). */
    DAY_FIRST
}
