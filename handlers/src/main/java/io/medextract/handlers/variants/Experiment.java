package io.medextract.handlers.variants;

import java.time.Instant;
import java.util.List;

/**
 * An A/B(/n) test between prompt versions competing for one prompt label. The first variant is the
 * control. {@code version} is the optimistic-lock counter: every write must name the version it read.
 */
public record Experiment(
        String id,
        String name,
        String label,
        List<Variant> variants,
        PrimaryMetric primaryMetric,
        double minimumDetectableEffect,
        double alpha,
        double power,
        ExperimentStatus status,
        long version,
        Instant createdAt,
        Instant startedAt,
        Instant stoppedAt,
        String promotedVariant,
        String previousLabelVersion) {

    public Experiment {
        variants = List.copyOf(variants);
    }

    /** One arm: a name, the prompt version it runs and its share of traffic in percent. */
    public record Variant(String name, String promptVersion, int weight) {}

    public Variant control() {
        return variants.get(0);
    }

    public java.util.Optional<Variant> variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Experiment with(ExperimentStatus newStatus, Instant at) {
        return new Experiment(id, name, label, variants, primaryMetric, minimumDetectableEffect, alpha, power,
                newStatus, version + 1, createdAt,
                newStatus == ExperimentStatus.RUNNING ? at : startedAt,
                newStatus == ExperimentStatus.STOPPED || newStatus == ExperimentStatus.PROMOTED ? at : stoppedAt,
                promotedVariant, previousLabelVersion);
    }

    public Experiment promoted(String variantName, String previousVersion, Instant at) {
        return new Experiment(id, name, label, variants, primaryMetric, minimumDetectableEffect, alpha, power,
                ExperimentStatus.PROMOTED, version + 1, createdAt, startedAt, stoppedAt == null ? at : stoppedAt,
                variantName, previousVersion);
    }
}
