package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalServers;
import io.medextract.tests.local.S3PermissionProxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S3 answers 403, not 404, for a missing key to a role without a usable s3:ListBucket. The extract worker reaches
 * S3Mock through {@link S3PermissionProxy}, which answers as S3 would for the permissions under test: a deleted
 * object must end FAILED as DOCUMENT_MISSING in one pass, and a real denial must not pass for a missing object.
 */
class MissingObjectsTest {

    private static final Duration DRAIN = Duration.ofSeconds(60);

    private S3PermissionProxy proxy;
    private LocalPlatform platform;

    @BeforeEach
    void start() {
        proxy = new S3PermissionProxy(LocalServers.get().s3Endpoint());
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().workerS3Endpoint(proxy.endpoint()));
    }

    @AfterEach
    void stop() {
        platform.close();
        proxy.close();
    }

    @Test
    void aDeletedObjectAnswered403EndsMissingWithoutLooping() {
        String id = platform.uploadText("Deleted Later");
        deleteEveryVersion(platform.documents.find(id).orElseThrow().objectKey());

        JsonNode failed = requestAndDrain(id, 1);
        assertThat(failed.at("/error/category").asText()).isEqualTo("DOCUMENT_MISSING");
    }

    @Test
    void aDeletedObjectSeenThroughItsUploadEventEndsMissingToo() {
        String id = platform.uploadText("Deleted Before Its Event");
        String key = platform.documents.find(id).orElseThrow().objectKey();
        String event = platform.objectCreatedEvent(key);
        deleteEveryVersion(key);
        platform.sendToQueue(event);
        assertThat(platform.drainQueue(DRAIN)).isEqualTo(1);

        JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", id)).body();
        assertThat(e.get("status").asText()).isEqualTo("FAILED");
        assertThat(e.at("/error/category").asText()).isEqualTo("DOCUMENT_MISSING");
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
    }

    @Test
    void anObjectThatExistsButCannotBeReadIsAccessDeniedNotMissing() {
        String id = platform.uploadText("Key Policy Denies");
        proxy.access(S3PermissionProxy.Access.READS_DENIED);

        JsonNode failed = requestAndDrain(id, 1);
        assertThat(failed.at("/error/category").asText()).isEqualTo("DOCUMENT_ACCESS_DENIED");
    }

    @Test
    void withoutAnyListPermissionA403CannotBeCalledMissing() {
        String id = platform.uploadText("No List Permission");
        deleteEveryVersion(platform.documents.find(id).orElseThrow().objectKey());
        proxy.access(S3PermissionProxy.Access.GET_WITHOUT_LIST);

        JsonNode failed = requestAndDrain(id, 1);
        assertThat(failed.at("/error/category").asText()).isEqualTo("DOCUMENT_ACCESS_DENIED");
    }

    /** POST /api/extract, drain: one invocation, FAILED, nothing dead-lettered, Bedrock never called. */
    private JsonNode requestAndDrain(String documentId, int expectedInvocations) {
        assertThat(platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId), Map.of(),
                Map.of(), null).status()).isEqualTo(202);
        assertThat(platform.drainQueue(DRAIN)).isEqualTo(expectedInvocations);
        JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId)).body();
        assertThat(e.get("status").asText()).isEqualTo("FAILED");
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
        assertThat(platform.bedrock.calls()).isEmpty();
        return e;
    }

    private void deleteEveryVersion(String key) {
        platform.clients.s3().listObjectVersions(b -> b.bucket(platform.bucket).prefix(key)).versions()
                .forEach(v -> platform.clients.s3().deleteObject(b -> b.bucket(platform.bucket).key(key)
                        .versionId(v.versionId())));
    }
}
