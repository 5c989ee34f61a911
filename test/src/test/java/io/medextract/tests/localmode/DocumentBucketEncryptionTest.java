package io.medextract.tests.localmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.local.CallWrappingHttpClient;
import io.medextract.tests.local.DocumentBucketPolicy;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalServers;
import io.medextract.tests.local.TestDocuments;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The documents bucket takes only objects encrypted with the platform key (its policy, DocumentStore): writes that
 * name no encryption (the bucket default applies) pass, writes that name another algorithm, no key, another key or a
 * customer key are refused with 403, on the local stand-ins as S3 would. Browsers' presigned uploads in local mode
 * and the functions' own writes send no encryption headers and keep working.
 */
class DocumentBucketEncryptionTest {

    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** A customer-provided key (SSE-C): 256 bits, base64, with the MD5 S3 asks for beside it. */
    private static final byte[] CUSTOMER_KEY_BYTES = new byte[32];
    private static final String CUSTOMER_KEY = java.util.Base64.getEncoder().encodeToString(CUSTOMER_KEY_BYTES);
    private static final String CUSTOMER_KEY_MD5 = md5(CUSTOMER_KEY_BYTES);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void presignedUploadsInLocalModeAreRefusedWhenTheyNameOtherEncryption() throws Exception {
        try (LocalMode local = LocalMode.start(LocalModeOptions.forTest(data, null),
                Path.of(System.getProperty("medextract.test.dir", ".")));
             S3Presigner presigner = S3Presigner.builder().region(LocalMode.REGION)
                     .credentialsProvider(StaticCredentialsProvider.create(LocalMode.CREDENTIALS))
                     .endpointOverride(local.url())
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            byte[] pdf = TestDocuments.pdf();
            // S3 checks a request's signature before the bucket policy: each URL signs its encryption headers, as a
            // client that means them would, so the policy is what refuses them.
            for (java.util.function.Consumer<PutObjectRequest.Builder> encryption : java.util.List.<
                    java.util.function.Consumer<PutObjectRequest.Builder>>of(
                    b -> b.serverSideEncryption(ServerSideEncryption.AES256),
                    b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS),
                    b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(KEY),
                    b -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(CUSTOMER_KEY)
                            .sseCustomerKeyMD5(CUSTOMER_KEY_MD5))) {
                URI issued = presign(local, pdf);
                PresignedPutObjectRequest signed = presigner.presignPutObject(p -> p
                        .signatureDuration(java.time.Duration.ofMinutes(1))
                        .putObjectRequest(b -> {
                            b.bucket(bucketOf(issued)).key(keyOf(issued)).contentType("application/pdf")
                                    .contentLength((long) pdf.length).ifNoneMatch("*");
                            encryption.accept(b);
                        }));
                HttpRequest.Builder put = HttpRequest.newBuilder(signed.url().toURI())
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf));
                signed.signedHeaders().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                        values.forEach(v -> put.header(name, v));
                    }
                });
                HttpResponse<String> answer = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
                assertThat(answer.body()).contains("<Code>AccessDenied</Code>");
            }
            // The URL the upload function issues names no encryption: the bucket default applies, and it is stored.
            URI plain = presign(local, pdf);
            HttpResponse<String> stored = http.send(HttpRequest.newBuilder(plain).header("Content-Type", "application/pdf")
                    .header("If-None-Match", "*").PUT(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bucketOf(URI url) {
        return url.getPath().substring(1, url.getPath().indexOf('/', 1));
    }

    private static String keyOf(URI url) {
        return url.getPath().substring(url.getPath().indexOf('/', 1) + 1);
    }

    @Test
    void theFunctionsWritesTakeTheDefaultAndOtherEncryptionIsRefused() {
        DocumentBucketPolicy policy = new DocumentBucketPolicy(Optional.of(KEY));
        int s3Port = LocalServers.get().s3Endpoint().getPort();
        try (LocalPlatform platform = LocalPlatform.start(LocalPlatform.Options.defaults(),
                delegate -> new CallWrappingHttpClient(delegate) {
                    @Override
                    protected HttpExecuteResponse call(HttpExecuteRequest request, ExecutableHttpRequest real)
                            throws IOException {
                        var r = request.httpRequest();
                        if (r.port() == s3Port && policy.denial(r.method().name(), r.encodedPath(),
                                r.encodedQueryParameters().orElse(null), r.headers()).isPresent()) {
                            return HttpExecuteResponse.builder()
                                    .response(SdkHttpResponse.builder().statusCode(403)
                                            .putHeader("Content-Type", "application/xml").build())
                                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(
                                            DocumentBucketPolicy.ACCESS_DENIED.getBytes(StandardCharsets.UTF_8))))
                                    .build();
                        }
                        return real.call();
                    }
                })) {
            LocalPlatform.ApiResult upload = platform.api(platform.upload, "POST", "/api/upload", Map.of(), Map.of(),
                    Map.of("Content-Type", "application/json"), TestDocuments.uploadBody("summary.txt", "text/plain",
                            TestDocuments.dischargeSummary("Enc Rypted").getBytes(StandardCharsets.UTF_8)));
            assertThat(upload.status()).as(upload.body().toString()).isEqualTo(201);

            var s3 = platform.clients.s3();
            assertThat(s3.putObject(b -> b.bucket(platform.bucket).key("uploads/default"), RequestBody.fromString("x"))
                    .sdkHttpResponse().isSuccessful()).isTrue();
            // (a write naming the platform key passes the policy too; S3Mock knows no KMS keys, so it is not sent)
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(platform.bucket).key("uploads/s3-managed")
                    .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(platform.bucket).key("uploads/aws-managed")
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(platform.bucket).sourceKey("uploads/default")
                    .destinationBucket(platform.bucket).destinationKey("uploads/copy").ssekmsKeyId(KEY.replace("1234abcd", "9999abcd"))
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    private URI presign(LocalMode local, byte[] pdf) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(local.url().resolve("/api/upload"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\":\"letter.pdf\",\"contentType\":"
                        + "\"application/pdf\",\"sizeBytes\":" + pdf.length + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = LocalPlatform.JSON.readTree(r.body());
        return URI.create(body.at("/upload/url").asText());
    }

}
