package io.medextract.handlers.variants;

import io.medextract.handlers.prompts.PromptLabels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Chooses the prompt version for a new extraction that did not ask for one: the variant of the experiment
 * running on the label (deterministic per document), or else the version the label points at. The running
 * experiment is looked up at most every 30 s per container.
 */
public final class PromptSelector {

    /** The version chosen, and the experiment arm it belongs to (both null outside experiments). */
    public record Selection(String promptVersion, String experimentId, String variant) {}

    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private final PromptLabels labels;
    private final ExperimentRepository experiments;
    private final String label;
    private final Clock clock;
    private Optional<Experiment> running = Optional.empty();
    private Instant cachedUntil = Instant.MIN;

    public PromptSelector(PromptLabels labels, ExperimentRepository experiments, String label, Clock clock) {
        this.labels = labels;
        this.experiments = experiments;
        this.label = label;
        this.clock = clock;
    }

    public Selection select(String documentId) {
        Optional<Experiment> experiment = runningExperiment();
        if (experiment.isPresent()) {
            Experiment.Variant v = VariantAllocator.allocate(experiment.get(), documentId);
            return new Selection(v.promptVersion(), experiment.get().id(), v.name());
        }
        return new Selection(labels.resolve(label), null, null);
    }

    private synchronized Optional<Experiment> runningExperiment() {
        Instant now = clock.instant();
        if (now.isAfter(cachedUntil)) {
            running = experiments.runningExperimentFor(label).flatMap(experiments::find)
                    .filter(e -> e.status() == ExperimentStatus.RUNNING);
            cachedUntil = now.plus(CACHE_TTL);
        }
        return running;
    }
}
