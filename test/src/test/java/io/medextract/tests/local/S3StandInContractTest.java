package io.medextract.tests.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * The local S3 stand-in in front of S3Mock ({@link S3RequestGate} in {@link S3PermissionProxy}) answers presigned
 * requests as S3 does (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): URLs presigned by the AWS SDK pass, and every
 * way a request departs from its URL gets S3's status and error code. S3Mock alone accepts all of these.
 */
class S3StandInContractTest {

    private static final byte[] CONTENT = "%PDF-1.4 a presigned document".getBytes(StandardCharsets.US_ASCII);

    private final MutableClock s3Clock = new MutableClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private S3PermissionProxy s3;
    private S3Presigner presigner;
    private S3Client direct;
    private String bucket;

    @BeforeEach
    void start() {
        URI s3Mock = LocalServers.get().s3Endpoint();
        s3 = new S3PermissionProxy(s3Mock, new PresignedRequestCheck(LocalPlatform.CREDENTIALS,
                LocalPlatform.REGION.id(), s3Clock));
        presigner = S3Presigner.builder().region(LocalPlatform.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(LocalPlatform.CREDENTIALS))
                .endpointOverride(s3.endpoint())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        direct = S3Client.builder().region(LocalPlatform.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(LocalPlatform.CREDENTIALS))
                .endpointOverride(s3Mock).forcePathStyle(true).build();
        bucket = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        direct.createBucket(b -> b.bucket(bucket));
        direct.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    }

    @AfterEach
    void stop() {
        s3.close();
        presigner.close();
        direct.close();
    }

    @Test
    void aPutAsPresignedIsStoredAndASecondPutToTheSameUrlIs412() throws Exception {
        PresignedPutObjectRequest url = writeOnce("uploads/a/document.pdf", Duration.ofSeconds(60));
        assertThat(url.signedHeaders()).containsKey("if-none-match");

        assertThat(put(url, url.signedHeaders().get("if-none-match").get(0), CONTENT).statusCode()).isEqualTo(200);
        byte[] replacement = CONTENT.clone();
        replacement[replacement.length - 1] = 'X';
        HttpResponse<String> again = put(url, "*", replacement);
        assertS3Error(again, 412, "PreconditionFailed");
        assertThat(again.body()).contains("<Condition>If-None-Match</Condition>");
        assertThat(direct.listObjectVersions(b -> b.bucket(bucket)).versions()).hasSize(1);
    }

    @Test
    void leavingOutTheSignedConditionalHeaderBreaksTheSignature() throws Exception {
        PresignedPutObjectRequest url = writeOnce("uploads/b/document.pdf", Duration.ofSeconds(60));
        HttpResponse<String> answer = put(url, null, CONTENT);
        assertS3Error(answer, 403, "SignatureDoesNotMatch");
        assertThat(answer.body()).contains("<AWSAccessKeyId>test</AWSAccessKeyId>");
        assertThat(direct.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
    }

    @Test
    void anotherSizeOrTypeThanSignedBreaksTheSignature() throws Exception {
        PresignedPutObjectRequest url = writeOnce("uploads/c/document.pdf", Duration.ofSeconds(60));
        assertS3Error(put(url, "*", "%PDF-1.4 longer than the signed length".getBytes(StandardCharsets.US_ASCII)),
                403, "SignatureDoesNotMatch");
        HttpRequest.Builder otherType = request(url.url().toURI(), url, "*", CONTENT);
        otherType.setHeader("Content-Type", "image/png");
        assertS3Error(http.send(otherType.build(), HttpResponse.BodyHandlers.ofString()), 403, "SignatureDoesNotMatch");
        assertThat(direct.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
    }

    @Test
    void anAlteredUrlBreaksTheSignature() throws Exception {
        PresignedPutObjectRequest url = writeOnce("uploads/d/document.pdf", Duration.ofSeconds(60));
        String longer = url.url().toString().replace("X-Amz-Expires=60", "X-Amz-Expires=604800");
        assertS3Error(http.send(request(URI.create(longer), url, "*", CONTENT).build(),
                HttpResponse.BodyHandlers.ofString()), 403, "SignatureDoesNotMatch");
        String otherKey = url.url().toString().replace("uploads/d/", "uploads/e/");
        assertS3Error(http.send(request(URI.create(otherKey), url, "*", CONTENT).build(),
                HttpResponse.BodyHandlers.ofString()), 403, "SignatureDoesNotMatch");
        String unknownKeyId = url.url().toString().replace("X-Amz-Credential=test%2F", "X-Amz-Credential=AKIAOTHER%2F");
        assertS3Error(http.send(request(URI.create(unknownKeyId), url, "*", CONTENT).build(),
                HttpResponse.BodyHandlers.ofString()), 403, "InvalidAccessKeyId");
        String overAWeek = url.url().toString().replace("X-Amz-Expires=60", "X-Amz-Expires=604801");
        assertS3Error(http.send(request(URI.create(overAWeek), url, "*", CONTENT).build(),
                HttpResponse.BodyHandlers.ofString()), 400, "AuthorizationQueryParametersError");
        String unsigned = url.url().toString().replaceAll("&X-Amz-Signature=[0-9a-f]+", "");
        assertS3Error(http.send(request(URI.create(unsigned), url, "*", CONTENT).build(),
                HttpResponse.BodyHandlers.ofString()), 400, "AuthorizationQueryParametersError");
        String anonymous = url.url().toString().substring(0, url.url().toString().indexOf('?'));
        assertS3Error(http.send(request(URI.create(anonymous), url, "*", CONTENT).build(),
                HttpResponse.BodyHandlers.ofString()), 403, "AccessDenied");
        assertThat(direct.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
    }

    @Test
    void anExpiredUrlIsAccessDeniedWithItsExpiry() throws Exception {
        PresignedPutObjectRequest url = writeOnce("uploads/f/document.pdf", Duration.ofSeconds(60));
        s3Clock.advance(Duration.ofSeconds(61));
        HttpResponse<String> answer = put(url, "*", CONTENT);
        assertS3Error(answer, 403, "AccessDenied");
        assertThat(answer.body()).contains("<Message>Request has expired</Message>")
                .contains("<X-Amz-Expires>60</X-Amz-Expires>").contains("<Expires>").contains("<ServerTime>");
        assertThat(direct.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
    }

    @Test
    void ifNoneMatchTakesOnlyAnAsteriskAndHoldsForAnyPut() throws Exception {
        direct.putObject(b -> b.bucket(bucket).key("uploads/g/document.pdf"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(CONTENT));
        PresignedPutObjectRequest url = writeOnce("uploads/g/document.pdf", Duration.ofSeconds(60));
        assertS3Error(put(url, "*", CONTENT), 412, "PreconditionFailed");

        PresignedPutObjectRequest plain = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofSeconds(60))
                .putObjectRequest(r -> r.bucket(bucket).key("uploads/h/document.pdf")));
        HttpRequest.Builder etag = HttpRequest.newBuilder(plain.url().toURI())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(CONTENT)).header("If-None-Match", "\"abc\"");
        assertS3Error(http.send(etag.build(), HttpResponse.BodyHandlers.ofString()), 501, "NotImplemented");
    }

    @Test
    void otherPresignedRequestsPassWhenAuthentic() throws Exception {
        direct.putObject(b -> b.bucket(bucket).key("uploads/i/document.pdf"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(CONTENT));
        URI get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(r -> r.bucket(bucket).key("uploads/i/document.pdf"))).url().toURI();
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(get).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(CONTENT);
    }

    private PresignedPutObjectRequest writeOnce(String key, Duration ttl) {
        return presigner.presignPutObject(p -> p.signatureDuration(ttl).putObjectRequest(r -> r.bucket(bucket).key(key)
                .contentType("application/pdf").contentLength((long) CONTENT.length).ifNoneMatch("*")));
    }

    private HttpResponse<String> put(PresignedPutObjectRequest url, String ifNoneMatch, byte[] body)
            throws IOException, InterruptedException {
        return http.send(request(URI.create(url.url().toString()), url, ifNoneMatch, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The PUT a client sends: the URL's signed headers (the JDK sets Host and Content-Length itself). */
    private static HttpRequest.Builder request(URI target, PresignedPutObjectRequest url, String ifNoneMatch,
                                               byte[] body) {
        HttpRequest.Builder put = HttpRequest.newBuilder(target).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, java.util.List<String>> header : url.signedHeaders().entrySet()) {
            String name = header.getKey();
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")
                    && !name.equalsIgnoreCase("if-none-match")) {
                put.header(name, String.join(",", header.getValue()));
            }
        }
        if (ifNoneMatch != null) {
            put.header("If-None-Match", ifNoneMatch);
        }
        return put;
    }

    private static void assertS3Error(HttpResponse<String> answer, int status, String code) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/xml");
        assertThat(answer.body()).startsWith("<?xml").contains("<Error><Code>" + code + "</Code>")
                .contains("<RequestId>");
    }
}
