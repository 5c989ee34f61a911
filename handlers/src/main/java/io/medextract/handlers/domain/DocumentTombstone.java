package io.medextract.handlers.domain;

import java.time.Instant;

/**
 * What is left of an erased document: who erased it, when, and which id, never anything from the document (no file
 * name, no content, no extraction). Kept in the document's own partition, so "what happened to doc_..." is one read.
 *
 * @param evaluationSet the evaluation set version ({@code name@version}) the document was labelled in, or null: a
 *                      retried erasure still finds the labelled item after the document item is gone
 */
public record DocumentTombstone(String documentId, Instant deletedAt, String deletedBy, String requestId,
                                String evaluationSet) {}
