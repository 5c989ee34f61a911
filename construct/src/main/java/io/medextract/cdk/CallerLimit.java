package io.medextract.cdk;

import software.amazon.awscdk.Duration;

/**
 * How much of something paid one caller (the IAM principal or Cognito user of a request) may start: at most
 * {@code count} within any {@code per} window, refilled evenly (a token bucket of {@code count} tokens refilled at
 * {@code count / per}). Kept per caller in the results table; see README, "Spend and fairness".
 *
 * @param count how many (extractions, or evaluation documents), 1..1,000,000
 * @param per   the window, 1 minute..7 days
 */
public record CallerLimit(int count, Duration per) {

    static final int MAX_COUNT = 1_000_000;
    static final double MIN_WINDOW_SECONDS = 60;
    static final double MAX_WINDOW_SECONDS = 7 * 24 * 3600;

    public CallerLimit {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("a caller limit's count must be between 1 and " + MAX_COUNT + ", got "
                    + count);
        }
        if (per == null || per.toSeconds().doubleValue() < MIN_WINDOW_SECONDS
                || per.toSeconds().doubleValue() > MAX_WINDOW_SECONDS
                || per.toSeconds().doubleValue() % 1 != 0) {
            throw new IllegalArgumentException("a caller limit's window must be whole seconds between 1 minute and 7"
                    + " days, got " + (per == null ? "none" : per.toHumanString()));
        }
    }

    public static CallerLimit perHour(int count) {
        return new CallerLimit(count, Duration.hours(1));
    }

    public static CallerLimit perDay(int count) {
        return new CallerLimit(count, Duration.days(1));
    }

    /** The form the handlers read: {@code <count>/<seconds>}, e.g. {@code 60/3600}. */
    String environmentValue() {
        return count + "/" + per.toSeconds().longValue();
    }
}
