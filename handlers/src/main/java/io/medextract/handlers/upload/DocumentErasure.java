package io.medextract.handlers.upload;

import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentTombstone;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.LabelledDocumentItems;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * DELETE /api/documents/{id} (admin routes): erases a document for good, whoever owns it. The tombstone comes
 * first, so a retry (or a second DELETE) finds the erasure and completes it; then every version and delete marker
 * of its objects, its labelled evaluation item if it is an evaluation document, every extraction (with their index
 * entries), and the document item last. What stays is the tombstone: who, when, which id. Copies outside the
 * platform's reach (AWS Backup recovery points, point-in-time recovery, a replica bucket) are the README's erasure
 * procedure.
 */
public final class DocumentErasure {

    /** Where an evaluation document's object lives (the experiments function stores them there). */
    static final String EVALUATION_PREFIX = "evaluation/";

    private final DocumentRepository documents;
    private final DocumentObjects objects;
    private final LabelledDocumentItems labelled;
    private final Clock clock;
    private final StructuredLog log;

    public DocumentErasure(DocumentRepository documents, DocumentObjects objects, LabelledDocumentItems labelled,
                           Clock clock, StructuredLog log) {
        this.documents = documents;
        this.objects = objects;
        this.labelled = labelled;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Erases {@code documentId}. 404 for an id that never was a document; for one erased before, the same erasure
     * runs again (it finds nothing left, or what a failed attempt left) and answers the first tombstone.
     */
    public Map<String, Object> erase(String documentId, String caller, String requestId) {
        if (!SortableIds.isValid(SortableIds.DOCUMENT, documentId)) {
            throw ApiException.badRequest("document id must look like doc_<26 characters>");
        }
        Optional<DocumentRecord> document = documents.find(documentId);
        Optional<DocumentTombstone> earlier = documents.findTombstone(documentId);
        if (document.isEmpty() && earlier.isEmpty()) {
            throw ApiException.notFound("no document " + documentId);
        }
        DocumentTombstone tombstone = earlier.orElseGet(() -> documents.putTombstone(new DocumentTombstone(documentId,
                // Milliseconds, as stored: the first answer and every repeated one show the same instant.
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), caller, requestId,
                document.map(DocumentRecord::evaluationSet).orElse(null))));
        int versions = objects.deleteEveryVersion(UploadService.UPLOAD_PREFIX + documentId + "/")
                + objects.deleteEveryVersion(EVALUATION_PREFIX + documentId + "/");
        boolean evaluationDocument = tombstone.evaluationSet() != null || document
                .map(d -> d.objectKey() != null && d.objectKey().startsWith(EVALUATION_PREFIX)).orElse(false);
        int labelledItems = evaluationDocument ? labelled.delete(documentId, tombstone.evaluationSet()) : 0;
        int items = documents.eraseItems(documentId);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("documentId", documentId);
        fields.put("objectVersions", versions);
        fields.put("items", items + labelledItems);
        fields.put("repeated", earlier.isPresent());
        fields.put("requestId", requestId);
        log.info("document erased", fields);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("documentId", documentId);
        body.put("status", "DELETED");
        body.put("deletedAt", tombstone.deletedAt().toString());
        body.put("deletedBy", tombstone.deletedBy());
        body.put("alreadyDeleted", earlier.isPresent());
        body.put("erased", Map.of("objectVersions", versions, "items", items, "labelledEvaluationItems", labelledItems));
        return body;
    }
}
