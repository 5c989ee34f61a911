package io.medextract.handlers.evaluation.runs;

import io.medextract.handlers.domain.SortableIds;
import java.time.Instant;
import java.util.List;

/**
 * One evaluation: every document of a sealed set version extracted with one prompt version and model, then
 * scored against the expected documents. RUNNING until every extraction is final, then COMPLETED with its
 * summary (scored exactly once: the completion is a conditional write).
 *
 * @param summaryJson the scored summary (per field and overall), null while RUNNING
 * @param accuracy    exact-document accuracy, null while RUNNING
 */
public record EvaluationRun(String runId, EvaluationSetId set, String promptVersion, String modelId, State state,
                            List<String> documentIds, String createdBy, Instant createdAt, Instant completedAt,
                            String summaryJson, Double accuracy) {

    public enum State { RUNNING, COMPLETED }

    public EvaluationRun {
        documentIds = List.copyOf(documentIds);
    }

    /** The extraction of one document in this run: the same id however often the run is (re)dispatched. */
    public String extractionIdFor(String documentId) {
        return SortableIds.deterministic(SortableIds.EXTRACTION, createdAt, runId + "#" + documentId);
    }

    public EvaluationRun completed(Instant at, String summary, double exactAccuracy) {
        return new EvaluationRun(runId, set, promptVersion, modelId, State.COMPLETED, documentIds, createdBy,
                createdAt, at, summary, exactAccuracy);
    }
}
