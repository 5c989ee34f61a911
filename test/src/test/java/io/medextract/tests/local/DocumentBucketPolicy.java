package io.medextract.tests.local;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The documents bucket policy's encryption statements (DocumentStore in the construct) as S3 evaluates them on a
 * write's headers, for the local stand-ins, which S3Mock alone would not refuse. A write (PutObject, CopyObject,
 * CreateMultipartUpload: all authorized as {@code s3:PutObject}) without encryption headers takes the bucket's default
 * encryption, SSE-KMS with the platform key, and is allowed; one that names another algorithm, {@code aws:kms}
 * without a key (S3 would then use the AWS managed key {@code aws/s3}), another key, or a customer-provided key
 * (SSE-C) is denied with 403 AccessDenied. Condition keys:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html and
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
public final class DocumentBucketPolicy {

    /** S3's error body for a denied request (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
    public static final String ACCESS_DENIED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied"
            + "</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";

    private static final String SSE = "x-amz-server-side-encryption";
    private static final String SSE_KEY = "x-amz-server-side-encryption-aws-kms-key-id";
    private static final String SSE_CUSTOMER = "x-amz-server-side-encryption-customer-algorithm";

    private final Optional<String> platformKeyArn;

    /** @param platformKeyArn the platform key; empty where there is none (local mode), so naming any key is denied */
    public DocumentBucketPolicy(Optional<String> platformKeyArn) {
        this.platformKeyArn = platformKeyArn;
    }

    /**
     * Why the bucket policy denies this request, or empty when it does not (reads and other requests always pass).
     *
     * @param rawQuery the request's query string or null
     */
    public Optional<String> denial(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {
        boolean objectWrite = rawPath.chars().filter(c -> c == '/').count() >= 2 && (method.equals("PUT")
                && (rawQuery == null || !rawQuery.contains("partNumber="))
                || method.equals("POST") && rawQuery != null && rawQuery.contains("uploads"));
        if (!objectWrite) {
            return Optional.empty();
        }
        Optional<String> sse = header(headers, SSE);
        Optional<String> key = header(headers, SSE_KEY);
        if (header(headers, SSE_CUSTOMER).isPresent()) {
            return Optional.of("customer-provided keys (SSE-C) are denied");
        }
        if (sse.isPresent() && !sse.get().equals("aws:kms")) {
            return Optional.of(SSE + ": " + sse.get() + " is denied: only aws:kms with the platform key");
        }
        if (sse.isPresent() && key.isEmpty()) {
            return Optional.of("aws:kms without a key id (the AWS managed key aws/s3) is denied");
        }
        if (key.isPresent() && !key.equals(platformKeyArn)) {
            return Optional.of(SSE_KEY + " names another key than the platform key");
        }
        return Optional.empty();
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }
}
