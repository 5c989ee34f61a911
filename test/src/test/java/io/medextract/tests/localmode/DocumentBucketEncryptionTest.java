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
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The documents bucket takes only objects encrypted with the platform key (its policy, DocumentStore): writes that
 * name no encryption (the bucket default applies) pass, writes that name another algorithm, no key, another key or a
 * customer key are refused with 403, on the local stand-ins as S3 would. Browsers' presigned uploads in local mode
 * and the functions' own writes send no encryption headers and keep working.
 */
class DocumentBucketEncryptionTest {

    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void presignedUploadsInLocalModeAreRefusedWhenTheyNameOtherEncryption() throws Exception {
        try (LocalMode local = LocalMode.start(LocalModeOptions.forTest(data, null),
                Path.of(System.getProperty("medextract.test.dir", ".")))) {
            byte[] pdf = TestDocuments.pdf();
            for (Map<String, String> headers : java.util.List.of(
                    Map.of("x-amz-server-side-encryption", "AES256"),
                    Map.of("x-amz-server-side-encryption", "aws:kms"),
                    Map.of("x-amz-server-side-encryption", "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id", KEY),
                    Map.of("x-amz-server-side-encryption-customer-algorithm", "AES256"))) {
                HttpResponse<String> put = put(presign(local, pdf), pdf, headers);
                assertThat(put.statusCode()).as(headers.toString()).isEqualTo(403);
                assertThat(put.body()).contains("<Code>AccessDenied</Code>");
            }
            HttpResponse<String> plain = put(presign(local, pdf), pdf, Map.of());
            assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        }
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

    private HttpResponse<String> put(URI url, byte[] pdf, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Content-Type", "application/pdf")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
