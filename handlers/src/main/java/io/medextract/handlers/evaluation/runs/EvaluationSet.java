package io.medextract.handlers.evaluation.runs;

import java.time.Instant;
import java.util.List;

/**
 * One version of an evaluation set. {@code documentIds} is the manifest: a document belongs to the version only
 * once its id is appended here, and the append is conditional on the version still being OPEN. The first
 * evaluation run seals it (SEALED is final), so a set version that produced a score never changes; changes go
 * into a new version.
 *
 * @param template      the prompt template name (without version) whose schema the expected documents follow
 * @param schemaVersion the template version whose schema the expected documents were checked against
 * @param owner         who created this version (the owner identity of its caller; null for versions created before
 *                      owners were recorded): who reads its labelled documents and adds to it
 */
public record EvaluationSet(EvaluationSetId id, String template, String schemaVersion, State state,
                            List<String> documentIds, String description, Instant createdAt, Instant sealedAt,
                            String owner) {

    /** OPEN takes documents; SEALED (after its first run) never changes again. */
    public enum State { OPEN, SEALED }

    /** The most documents one set version holds: keeps the manifest item and a run's bookkeeping small. */
    public static final int MAX_DOCUMENTS = 500;

    public EvaluationSet {
        documentIds = List.copyOf(documentIds);
    }
}
