package io.medextract.handlers.store;

import io.medextract.handlers.aws.SdkClients;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Document objects in the documents bucket (encrypted by the bucket's default SSE-KMS key). */
public final class DocumentObjects {

    /** An object's bytes and the version S3 stored them as. */
    public record StoredObject(byte[] content, String versionId, String contentType) {}

    /** S3 refused to read an object that exists, or would not say whether it exists. */
    public static final class AccessDeniedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AccessDeniedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final java.util.function.Supplier<S3Client> s3;
    private final String bucket;

    public DocumentObjects(S3Client s3, String bucket) {
        this(() -> s3, bucket);
    }

    /** @param s3 asked for the client on each call: lets a handler build it only when a request needs S3 */
    public DocumentObjects(java.util.function.Supplier<S3Client> s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The S3 client for documents; path-style addressing when the endpoint is overridden (local servers). */
    public static S3Client client(SdkClients sdk, SdkHttpClient http) {
        return sdk.configure(S3Client.builder(), "s3", http).forcePathStyle(sdk.hasEndpoint("s3")).build();
    }

    public void put(String key, byte[] content, String contentType, Map<String, String> metadata) {
        s3.get().putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) content.length)
                .metadata(metadata), RequestBody.fromBytes(content));
    }

    /**
     * The object, or empty when it does not exist (deleted, or never uploaded).
     *
     * <p>S3 answers a GET for a missing key with 404 only to callers allowed {@code s3:ListBucket}; to the others
     * it answers 403, the same as a real denial (a KMS key policy, a bucket policy). A 403 therefore counts as
     * "gone" only when a listing of the key's prefix confirms the key is absent; otherwise it is an
     * {@link AccessDeniedException}, so a misconfigured permission is never reported as a deleted document.
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
     *
     * @throws AccessDeniedException when the object exists but cannot be read, or the listing is denied too
     */
    public Optional<StoredObject> get(String key, String versionId) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.get().getObjectAsBytes(b -> {
                b.bucket(bucket).key(key);
                if (versionId != null && !versionId.isEmpty() && !"null".equals(versionId)) {
                    b.versionId(versionId);
                }
            });
            return Optional.of(new StoredObject(bytes.asByteArray(), bytes.response().versionId(),
                    bytes.response().contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // NoSuchVersion: that version was deleted for good
            }
            if (e.statusCode() == 403) {
                if (!listed(key)) {
                    return Optional.empty();
                }
                throw new AccessDeniedException("S3 denied reading the document object", e);
            }
            throw e;
        }
    }

    /** Whether the key is listed (ListObjectsV2 needs only s3:ListBucket scoped to the key's prefix). */
    private boolean listed(String key) {
        try {
            return s3.get().listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
                    .anyMatch(o -> o.key().equals(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new AccessDeniedException("S3 denied reading the document object and listing its prefix", e);
            }
            throw e;
        }
    }

    public void delete(String key) {
        s3.get().deleteObject(b -> b.bucket(bucket).key(key));
    }

    /**
     * Deletes every version and delete marker of every object under {@code prefix} for good (a DELETE with a
     * version id removes that version; without one a versioned bucket only adds a delete marker:
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html). Returns how many versions
     * and markers were deleted; 0 when nothing was there (a repeated erasure).
     */
    public int deleteEveryVersion(String prefix) {
        int deleted = 0;
        for (var page : s3.get().listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix))) {
            for (var version : page.versions()) {
                deleteVersion(version.key(), version.versionId());
                deleted++;
            }
            for (var marker : page.deleteMarkers()) {
                deleteVersion(marker.key(), marker.versionId());
                deleted++;
            }
        }
        return deleted;
    }

    private void deleteVersion(String key, String versionId) {
        s3.get().deleteObject(b -> b.bucket(bucket).key(key).versionId(versionId));
    }
}
