package io.medextract.cdk;

import software.amazon.awscdk.Duration;

/**
 * Sizing and warm-start settings of one function. In props every field is optional and overrides the
 * stage default; {@link StageDefaults} holds fully populated instances.
 *
 * @param memorySizeMb          memory in MB (128..10240)
 * @param timeoutSeconds        function timeout in seconds (1..900)
 * @param reservedConcurrency   reserved concurrent executions; 0 means none reserved (shared account pool)
 * @param provisionedConcurrency provisioned concurrency on the {@code live} alias; 0 means none
 * @param snapStart             SnapStart on published versions
 * @param p99DurationAlarmSeconds the p99 duration above which the duration alarm fires
 */
public record FunctionSettings(
        Integer memorySizeMb,
        Integer timeoutSeconds,
        Integer reservedConcurrency,
        Integer provisionedConcurrency,
        Boolean snapStart,
        Integer p99DurationAlarmSeconds) {

    public static Builder builder() {
        return new Builder();
    }

    /** This object's values where set, else {@code defaults}'. */
    public FunctionSettings overriding(FunctionSettings defaults) {
        return new FunctionSettings(
                memorySizeMb != null ? memorySizeMb : defaults.memorySizeMb,
                timeoutSeconds != null ? timeoutSeconds : defaults.timeoutSeconds,
                reservedConcurrency != null ? reservedConcurrency : defaults.reservedConcurrency,
                provisionedConcurrency != null ? provisionedConcurrency : defaults.provisionedConcurrency,
                snapStart != null ? snapStart : defaults.snapStart,
                p99DurationAlarmSeconds != null ? p99DurationAlarmSeconds : defaults.p99DurationAlarmSeconds);
    }

    public Duration timeout() {
        return Duration.seconds(timeoutSeconds);
    }

    public boolean hasReservedConcurrency() {
        return reservedConcurrency != null && reservedConcurrency > 0;
    }

    public boolean hasProvisionedConcurrency() {
        return provisionedConcurrency != null && provisionedConcurrency > 0;
    }

    /** Checks a fully resolved settings object; {@code prop} names the prop in the error message. */
    void validate(String prop) {
        PropsValidation.range(prop + ".memorySizeMb", memorySizeMb, 128, 10240);
        PropsValidation.range(prop + ".timeoutSeconds", timeoutSeconds, 1, 900);
        PropsValidation.range(prop + ".reservedConcurrency", reservedConcurrency, 0, 100_000);
        PropsValidation.range(prop + ".provisionedConcurrency", provisionedConcurrency, 0, 100_000);
        PropsValidation.range(prop + ".p99DurationAlarmSeconds", p99DurationAlarmSeconds, 1, 900);
        if (Boolean.TRUE.equals(snapStart) && hasProvisionedConcurrency()) {
            throw new IllegalArgumentException(prop + ": snapStart=true cannot be combined with provisionedConcurrency="
                    + provisionedConcurrency + " (Lambda does not allow both on one version); set snapStart(false) or"
                    + " provisionedConcurrency(0)");
        }
        if (hasReservedConcurrency() && hasProvisionedConcurrency() && provisionedConcurrency > reservedConcurrency) {
            throw new IllegalArgumentException(prop + ".provisionedConcurrency (" + provisionedConcurrency
                    + ") must not exceed " + prop + ".reservedConcurrency (" + reservedConcurrency + ")");
        }
    }

    public static final class Builder {
        private Integer memorySizeMb;
        private Integer timeoutSeconds;
        private Integer reservedConcurrency;
        private Integer provisionedConcurrency;
        private Boolean snapStart;
        private Integer p99DurationAlarmSeconds;

        private Builder() {}

        public Builder memorySizeMb(int value) {
            this.memorySizeMb = value;
            return this;
        }

        public Builder timeoutSeconds(int value) {
            this.timeoutSeconds = value;
            return this;
        }

        public Builder reservedConcurrency(int value) {
            this.reservedConcurrency = value;
            return this;
        }

        public Builder provisionedConcurrency(int value) {
            this.provisionedConcurrency = value;
            return this;
        }

        public Builder snapStart(boolean value) {
            this.snapStart = value;
            return this;
        }

        public Builder p99DurationAlarmSeconds(int value) {
            this.p99DurationAlarmSeconds = value;
            return this;
        }

        public FunctionSettings build() {
            return new FunctionSettings(memorySizeMb, timeoutSeconds, reservedConcurrency, provisionedConcurrency,
                    snapStart, p99DurationAlarmSeconds);
        }
    }
}
