package io.medextract.handlers.upload;

import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.access.RequestedBy;
import io.medextract.handlers.access.Requester;
import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.documents.DeclaredSizes;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.Retention;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.domain.ContentDigest;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.PresignedUploads;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionFilter;
import io.medextract.handlers.store.IdempotencyRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import io.medextract.handlers.documents.FileNames;

/**
 * Accepts documents: inline (validated here, then stored) or presigned (the URL is bound to one key, type
 * and size; the extract worker verifies the object when it arrives). A document becomes UPLOADED only once
 * its bytes are stored and checked; a failed upload leaves no valid-looking document behind.
 */
public final class UploadService {

    public static final String UPLOAD_PREFIX = "uploads/";
    /** Inline documents stay well inside Lambda's 6 MB synchronous payload once base64-encoded. */
    static final int MAX_INLINE_BYTES = 3 * 1024 * 1024;
    /**
     * How long a presigned PUT URL may be used. The console PUTs the file the moment the answer arrives, so it needs
     * seconds; S3 checks the expiry when the request arrives, so a slow upload that started in time still completes
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html, "Expiration time for presigned
     * URLs"; X-Amz-Expires: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html). A client that
     * misses the window repeats POST /api/upload with the same Idempotency-Key and gets a fresh URL for the same
     * document. A short lifetime bounds how long a leaked URL can be used (once: it signs If-None-Match).
     */
    static final Duration PRESIGN_TTL = Duration.ofSeconds(60);

    private static final java.util.regex.Pattern IDEMPOTENCY_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{8,128}");

    /** The answer to an upload, and whether it repeats an earlier request with the same Idempotency-Key. */
    public record Outcome(Map<String, Object> body, boolean replayed) {}

    /** Who asked, and the optional key that makes a retry of the same request return the same document. */
    public record Caller(String identity, Optional<String> idempotencyKey, String requestId) {}

    private final DocumentRepository documents;
    private final DocumentObjects objects;
    private final PresignedUploads presigned;
    private final IdempotencyRecords idempotency;
    private final DocumentAccess access;
    private final Retention retention;
    private final Clock clock;
    private final StructuredLog log;

    public UploadService(DocumentRepository documents, DocumentObjects objects,
                         PresignedUploads presigned, IdempotencyRecords idempotency, DocumentAccess access,
                         Retention retention, Clock clock, StructuredLog log) {
        this.documents = documents;
        this.objects = objects;
        this.presigned = presigned;
        this.idempotency = idempotency;
        this.access = access;
        this.retention = retention;
        this.clock = clock;
        this.log = log;
    }

    public Outcome upload(UploadRequest request, Caller caller) {
        caller.idempotencyKey().ifPresent(k -> {
            if (!IDEMPOTENCY_KEY.matcher(k).matches()) {
                throw ApiException.badRequest("Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ . : -");
            }
        });
        String filename = FileNames.validated(request.filename());
        DocumentType declared = DocumentType.fromMediaType(request.contentType())
                .orElseThrow(() -> ApiException.unsupportedMediaType("contentType '" + request.contentType()
                        + "' is not accepted; allowed: application/pdf, image/png, image/jpeg, image/tiff, text/plain"));
        return request.isInline()
                ? uploadInline(filename, declared, request.contentBase64(), caller)
                : presign(filename, declared, request.sizeBytes(), caller);
    }

    /**
     * With an Idempotency-Key: claims it for {@code documentId}, or returns the earlier answer when the same
     * request already used it (409 when a different request did).
     */
    private Optional<Outcome> replay(Caller caller, String fingerprint, String documentId, Instant now) {
        if (caller.idempotencyKey().isEmpty()) {
            return Optional.empty();
        }
        // Stored as a digest: the fingerprint names the file, and a file name can name the patient.
        String digest = ContentDigest.sha256Of(fingerprint.getBytes(StandardCharsets.UTF_8));
        Optional<IdempotencyRecords.Entry> earlier = idempotency.claim(scopedKey(caller),
                new IdempotencyRecords.Entry(documentId, digest), now);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        // Records written before fingerprints were digested (they live 24 h) hold the fingerprint itself.
        String stored = earlier.get().requestFingerprint();
        if (!stored.equals(digest) && !stored.equals(fingerprint)) {
            throw ApiException.conflict("this Idempotency-Key was already used for a different upload");
        }
        DocumentRepository.WithLatestExtraction found = documents.findWithLatestExtraction(earlier.get().documentId(),
                        d -> ExtractionFilter.notRequestedByOthersThan(d.owner()))
                .orElseThrow(() -> ApiException.conflict(
                        "the first request with this Idempotency-Key is still in progress or failed; retry shortly"));
        DocumentRecord doc = found.document();
        Map<String, Object> body = describe(doc, found.latestExtraction());
        if (doc.status() == DocumentStatus.PENDING_UPLOAD && doc.uploadMode() == DocumentRecord.UploadMode.PRESIGNED) {
            body.put("upload", presignedUpload(doc.objectKey(), doc.type(), doc.sizeBytes()));
        }
        return Optional.of(new Outcome(body, true));
    }

    private String scopedKey(Caller caller) {
        return ContentDigest.sha256Of((caller.identity() + ":" + caller.idempotencyKey().orElseThrow()).getBytes(StandardCharsets.UTF_8));
    }

    private Outcome uploadInline(String filename, DocumentType declared, String base64, Caller caller) {
        String requestId = caller.requestId();
        byte[] content;
        try {
            content = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("contentBase64 is not valid base64");
        }
        if (content.length == 0) {
            throw ApiException.badRequest("contentBase64 decodes to an empty document");
        }
        if (content.length > MAX_INLINE_BYTES) {
            throw ApiException.payloadTooLarge("inline documents are limited to " + MAX_INLINE_BYTES
                    + " bytes; omit contentBase64 and give sizeBytes to upload through a presigned URL");
        }
        if (content.length > declared.maxBytes()) {
            throw ApiException.payloadTooLarge(declared.mediaType() + " documents are limited to "
                    + declared.maxBytes() + " bytes");
        }
        DocumentType detected = DocumentType.detect(content)
                .orElseThrow(() -> ApiException.unsupportedMediaType(
                        "content is not a PDF, PNG, JPEG, TIFF or UTF-8 text document"));
        if (detected != declared) {
            throw ApiException.unsupportedMediaType("contentType says " + declared.mediaType()
                    + " but the content is " + detected.mediaType());
        }
        try {
            DeclaredSizes.check(detected, content); // page counts and pixel sizes, before anything is stored
        } catch (DocumentRefusedException refused) {
            throw ApiException.invalidDocument(refused.getMessage());
        }

        Instant now = clock.instant();
        String documentId = SortableIds.next(SortableIds.DOCUMENT, now);
        String key = objectKey(documentId, declared);
        String sha256 = ContentDigest.sha256Of(content);
        Optional<Outcome> replayed = replay(caller, "inline|" + filename + "|" + declared + "|" + sha256, documentId, now);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        DocumentRecord pending = new DocumentRecord(documentId, filename, declared, content.length, sha256, key,
                DocumentStatus.PENDING_UPLOAD, DocumentRecord.UploadMode.INLINE, now, null, null,
                Requester.ownerOf(caller.identity()), null, retention.until(now));
        try {
            documents.create(pending);
            try {
                Map<String, String> metadata = Map.of("document-id", documentId, "sha256", sha256);
                objects.put(key, content, declared.mediaType(), metadata);
            } catch (RuntimeException e) {
                documents.deletePending(documentId);
                throw e;
            }
            if (documents.markUploaded(documentId, content.length, sha256, now, pending.retainUntil()).isEmpty()) {
                objects.delete(key);
                documents.deletePending(documentId);
                throw new IllegalStateException("document item changed during upload");
            }
        } catch (RuntimeException e) {
            caller.idempotencyKey().ifPresent(k -> idempotency.release(scopedKey(caller), documentId));
            throw e;
        }
        log.info("document uploaded", Map.of("documentId", documentId, "type", declared.name(),
                "sizeBytes", content.length, "mode", "INLINE", "requestId", requestId));
        DocumentRecord stored = pending.withStatus(DocumentStatus.UPLOADED, now, null);
        return new Outcome(describe(stored, Optional.empty()), false);
    }

    private Outcome presign(String filename, DocumentType declared, long sizeBytes, Caller caller) {
        String requestId = caller.requestId();
        if (sizeBytes < 1 || sizeBytes > declared.maxBytes()) {
            throw ApiException.payloadTooLarge("sizeBytes must be between 1 and " + declared.maxBytes()
                    + " for " + declared.mediaType());
        }
        Instant now = clock.instant();
        String documentId = SortableIds.next(SortableIds.DOCUMENT, now);
        String key = objectKey(documentId, declared);
        Optional<Outcome> replayed = replay(caller, "presigned|" + filename + "|" + declared + "|" + sizeBytes,
                documentId, now);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        DocumentRecord pending = new DocumentRecord(documentId, filename, declared, sizeBytes, null, key,
                DocumentStatus.PENDING_UPLOAD, DocumentRecord.UploadMode.PRESIGNED, now, null, null,
                Requester.ownerOf(caller.identity()), null, retention.until(now));
        try {
            documents.create(pending);
        } catch (RuntimeException e) {
            caller.idempotencyKey().ifPresent(k -> idempotency.release(scopedKey(caller), documentId));
            throw e;
        }
        log.info("presigned upload issued", Map.of("documentId", documentId, "type", declared.name(),
                "sizeBytes", sizeBytes, "mode", "PRESIGNED", "requestId", requestId));
        Map<String, Object> body = describe(pending, Optional.empty());
        body.put("upload", presignedUpload(key, declared, sizeBytes));
        return new Outcome(body, false);
    }

    private Map<String, Object> presignedUpload(String key, DocumentType type, long sizeBytes) {
        PresignedUploads.PresignedUpload upload = presigned.presignPut(key, type.mediaType(), sizeBytes, PRESIGN_TTL);
        return Map.of("method", "PUT", "url", upload.url().toString(), "headers", upload.headers(),
                "expiresAt", upload.expiresAt().toString());
    }

    /**
     * {@code uploads/<documentId>/document.<ext>}: the caller's file name (which can name the patient) stays
     * in the encrypted table and never appears in object keys, S3 access logs or CloudTrail.
     */
    static String objectKey(String documentId, DocumentType type) {
        return UPLOAD_PREFIX + documentId + "/document." + type.extension();
    }

    /**
     * GET /api/documents/{id}: the document and the status of its newest extraction ({@code requestedBy} picks
     * whose requests count). A document the requester may not read answers exactly as an unknown id does (404):
     * a 403 would confirm that the id exists, and ids travel in object keys, access logs and support tickets.
     */
    public Map<String, Object> get(String documentId, Requester requester, RequestedBy requestedBy) {
        if (!SortableIds.isValid(SortableIds.DOCUMENT, documentId)) {
            throw ApiException.badRequest("document id must look like doc_<26 characters>");
        }
        DocumentRepository.WithLatestExtraction found = documents.findWithLatestExtraction(documentId,
                        d -> requestedBy.filter(d, requester))
                .filter(f -> access.mayRead(f.document().owner(), requester))
                .filter(f -> !f.document().isGoneAt(clock.instant()))
                .orElseThrow(() -> ApiException.notFound("no document " + documentId));
        return describe(found.document(), found.latestExtraction());
    }

    static Map<String, Object> describe(DocumentRecord doc, Optional<ExtractionRecord> latest) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("documentId", doc.documentId());
        body.put("status", doc.status().name());
        body.put("filename", doc.filename());
        body.put("contentType", doc.type().mediaType());
        body.put("sizeBytes", doc.sizeBytes());
        if (doc.sha256() != null) {
            body.put("sha256", doc.sha256());
        }
        body.put("uploadMode", doc.uploadMode().name());
        if (doc.owner() != null) {
            body.put("owner", doc.owner());
        }
        body.put("createdAt", doc.createdAt().toString());
        if (doc.uploadedAt() != null) {
            body.put("uploadedAt", doc.uploadedAt().toString());
        }
        if (doc.expiresAt() != null) {
            body.put("expiresAt", doc.expiresAt().toString());
        }
        if (doc.rejectionReason() != null) {
            body.put("rejectionReason", doc.rejectionReason());
        }
        latest.ifPresent(e -> {
            Map<String, Object> ext = new LinkedHashMap<>();
            ext.put("extractionId", e.extractionId());
            ext.put("status", e.status().name());
            ext.put("promptVersion", e.promptVersion());
            if (e.completedAt() != null) {
                ext.put("completedAt", e.completedAt().toString());
            }
            body.put("latestExtraction", ext);
        });
        body.put("links", Map.of("self", "/api/documents/" + doc.documentId(),
                "extract", "/api/extract/" + doc.documentId()));
        return body;
    }
}
