package io.medextract.handlers.store;

import io.medextract.handlers.aws.SdkClients;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Presigned PUT URLs for documents too large to send through the API. Only the upload function presigns, so only
 * its package holds the presigner, and it is built on the first presigned upload: inline uploads never pay for it.
 *
 * <p>Write once: the URL signs {@code If-None-Match: *} along with the key, content type and length, so S3 stores the
 * object only if the key has no current object, and answers a second PUT to the same URL (which a presigned URL
 * otherwise allows until it expires, replacing the object) with 412 PreconditionFailed. A client that leaves the
 * header out breaks the signature (403 SignatureDoesNotMatch).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
 */
public final class PresignedUploads {

    /** A presigned PUT: the URL and the headers the client must send with it. */
    public record PresignedUpload(URL url, Map<String, String> headers, Instant expiresAt) {}

    private final Supplier<S3Presigner> presigners;
    private final String bucket;
    private S3Presigner presigner;

    /** @param presigners called once, on the first presigned upload */
    public PresignedUploads(Supplier<S3Presigner> presigners, String bucket) {
        this.presigners = presigners;
        this.bucket = bucket;
    }

    /** A presigner configured like the functions' S3 client (path style when the endpoint is overridden). */
    public static S3Presigner presigner(SdkClients sdk) {
        S3Presigner.Builder b = S3Presigner.builder();
        if (sdk.region() != null) {
            b.region(sdk.region());
        }
        if (sdk.credentials() != null) {
            b.credentialsProvider(sdk.credentials());
        }
        URI endpoint = sdk.endpoint("s3");
        if (endpoint != null) {
            b.endpointOverride(endpoint)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return b.build();
    }

    /** The conditional header every presigned PUT carries: store only if the key has no object yet. */
    public static final String IF_NONE_MATCH = "*";

    /** A PUT URL bound to one key, content type and length, valid for {@code ttl}, that can create the object only. */
    public PresignedUpload presignPut(String key, String contentType, long contentLength, Duration ttl) {
        PresignedPutObjectRequest presigned = presigner().presignPutObject(p -> p
                .signatureDuration(ttl)
                .putObjectRequest(r -> r.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength)
                        .ifNoneMatch(IF_NONE_MATCH)));
        Map<String, String> headers = new TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedUpload(presigned.url(), headers, presigned.expiration());
    }

    private synchronized S3Presigner presigner() {
        if (presigner == null) {
            presigner = presigners.get();
        }
        return presigner;
    }
}
