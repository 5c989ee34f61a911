package io.medextract.handlers.evaluation.runs;

import io.medextract.handlers.domain.DocumentType;
import java.time.Instant;

/**
 * A labelled document of an evaluation set: the document (stored like an upload, under {@code evaluation/}) and
 * its expected extraction, JSON following the set's template schema. Neither is ever logged.
 *
 * @param expiresAt when it goes under the platform's retention, with its document (null: kept until erased)
 * @param sha256 the document's content digest (hex), which says whether two set versions hold the same document;
 *               null for documents stored before it was recorded (their document item has it)
 */
public record EvaluationDocument(EvaluationSetId set, String documentId, String filename, DocumentType type,
                                 String expectedJson, Instant addedAt, Instant expiresAt, String sha256) {}
