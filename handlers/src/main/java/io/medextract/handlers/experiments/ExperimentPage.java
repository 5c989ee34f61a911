package io.medextract.handlers.experiments;

import java.util.List;
import java.util.Optional;
import io.medextract.handlers.variants.Experiment;

/**
 * One page of the experiment list, newest first, and where the next page starts (empty on the last page).
 * {@code indexPending}: the page was read through the byStatus index because byCreated is still being built.
 */
public record ExperimentPage(List<Experiment> experiments, Optional<ListPosition> next, boolean indexPending) {

    public ExperimentPage {
        experiments = List.copyOf(experiments);
    }
}
