package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.S3PermissionProxy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever the queue gives up on ends FAILED with a category GET shows, and an operator can redrive it.
 * The queue has a 1 s visibility timeout and maxReceiveCount 3, and ElasticMQ dead-letters as SQS does; the
 * harness plays the event source mapping on the DLQ as the construct wires it.
 */
class NoStrandedExtractionsTest {

    private static final Duration DRAIN = Duration.ofSeconds(60);

    private LocalPlatform platform;
    private S3PermissionProxy proxy;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void extractionsWhoseInvocationsCrashEveryTimeEndFailedAndCanBeRequestedAgain() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().visibilitySeconds(1));
        String uploaded = platform.uploadText("Crash On Upload");
        String requested = platform.uploadText("Crash On Request");
        platform.extractionInvocationsCrash = true;
        platform.objectCreated(platform.documents.find(uploaded).orElseThrow().objectKey());
        platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", requested), Map.of(), Map.of(), null);

        platform.drainQueue(DRAIN);
        assertThat(platform.queueDepth(platform.dlqUrl)).isEqualTo(2);
        platform.drainDeadLetterQueue(DRAIN);

        for (String id : new String[] {uploaded, requested}) {
            JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", id)).body();
            assertThat(e.get("status").asText()).as(id).isEqualTo("FAILED");
            assertThat(e.at("/error/category").asText()).as(id).isEqualTo("DEAD_LETTERED");
            assertThat(e.at("/error/message").asText()).contains("POST /api/extract/" + id);
        }
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
        assertThat(platform.bedrock.calls()).isEmpty();

        // The redrive the README documents: a fresh extraction through the API, once the cause is fixed.
        platform.extractionInvocationsCrash = false;
        JsonNode again = platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", requested),
                Map.of(), Map.of(), null).body();
        platform.drainQueue(DRAIN);
        JsonNode latest = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", requested)).body();
        assertThat(latest.get("extractionId")).isEqualTo(again.get("extractionId"));
        assertThat(latest.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(platform.extractions.allFor(requested)).hasSize(2);
    }

    @Test
    void anUnexpectedErrorOnEveryReceiveGivesTheClaimBackAndEndsFailed() {
        proxy = new S3PermissionProxy(io.medextract.tests.local.LocalServers.get().s3Endpoint());
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().visibilitySeconds(1)
                .workerS3Endpoint(proxy.endpoint()));
        proxy.access(S3PermissionProxy.Access.READS_FAIL);
        String id = platform.uploadText("Storage Broken");
        platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", id), Map.of(), Map.of(), null);

        platform.drainQueue(DRAIN);
        assertThat(platform.extractions.latestFor(id).orElseThrow().status().name()).isEqualTo("QUEUED");
        platform.drainDeadLetterQueue(DRAIN);

        JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", id)).body();
        assertThat(e.get("status").asText()).isEqualTo("FAILED");
        assertThat(e.at("/error/category").asText()).isEqualTo("DEAD_LETTERED");
        assertThat(platform.extractions.latestFor(id).orElseThrow().attempts())
                .isEqualTo(LocalPlatform.MAX_RECEIVE_COUNT);
    }

    @Test
    void anUnreadableDeadLetterIsKeptForInspectionAndCountedOnce() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().visibilitySeconds(1));
        platform.sendToQueue("this is not json");
        platform.drainQueue(DRAIN);
        assertThat(platform.queueDepth(platform.dlqUrl)).isEqualTo(1);

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            platform.drainDeadLetterQueue(DRAIN);
        } finally {
            System.setOut(original);
        }
        // Still in the DLQ (hidden while it waits for an operator), and counted for the alarm.
        assertThat(platform.queueDepth(platform.dlqUrl)).isEqualTo(1);
        assertThat(platform.visibleMessages(platform.dlqUrl)).isZero();
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("\"DeadLettered\":1").contains("unreadable message kept in the dead-letter queue")
                .doesNotContain("this is not json");
        assertThat(platform.bedrock.calls()).isEmpty();
    }

    @Test
    void aDeadLetterForAnExtractionThatFinishedMeanwhileChangesNothing() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().visibilitySeconds(1));
        String id = platform.uploadText("Finished First");
        String event = platform.objectCreatedEvent(platform.documents.find(id).orElseThrow().objectKey());
        platform.sendToQueue(event);
        platform.drainQueue(DRAIN);
        JsonNode before = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", id)).body();
        // A copy of the same event dead-lettered (EventBridge delivers at least once): already settled.
        platform.clients.sqs().sendMessage(b -> b.queueUrl(platform.dlqUrl).messageBody(event));
        platform.drainDeadLetterQueue(DRAIN);

        JsonNode after = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", id)).body();
        assertThat(after.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(after.get("completedAt")).isEqualTo(before.get("completedAt"));
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
        assertThat(platform.extractions.allFor(id)).singleElement();
    }
}
