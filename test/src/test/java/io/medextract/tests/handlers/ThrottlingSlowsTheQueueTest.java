package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.extract.RequeuePolicy;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.tests.local.LocalPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A busy Bedrock must slow the queue, never fail or strand a document. The queue here has a 2 s visibility
 * timeout and maxReceiveCount 3 (ElasticMQ counts receives and dead-letters as SQS does), so handing messages
 * back through their visibility would send them to the DLQ within about 6 s.
 */
class ThrottlingSlowsTheQueueTest {

    private static final int VISIBILITY_SECONDS = 2;

    private LocalPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void fullThrottlingLongerThanTheReceiveLimitFinishesEveryDocumentOnce() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().visibilitySeconds(VISIBILITY_SECONDS));
        Duration throttled = Duration.ofSeconds((long) LocalPlatform.MAX_RECEIVE_COUNT * VISIBILITY_SECONDS + 4);
        platform.bedrock.throttleAllUntil(Instant.now().plus(throttled));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = platform.uploadText("Busy Patient " + i);
            ids.add(id);
            platform.objectCreated(platform.documents.find(id).orElseThrow().objectKey());
        }
        String requested = platform.uploadText("Busy Requested");
        platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", requested), Map.of(), Map.of(), null);
        ids.add(requested);

        platform.drainQueue(Duration.ofSeconds(90));

        for (String id : ids) {
            JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", id)).body();
            assertThat(e.get("status").asText()).as(id).isEqualTo("SUCCEEDED");
        }
        for (String id : ids) {
            assertThat(platform.extractions.allFor(id)).as(id).singleElement();
        }
        assertThat(platform.bedrock.answered()).isEqualTo(ids.size());
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
        // The waiting really outlasted the receive limit: more delayed retries than maxReceiveCount.
        assertThat(ids.stream().flatMap(id -> platform.extractions.allFor(id).stream())
                .mapToInt(ExtractionRecord::throttleRetries).max().orElse(0))
                .isGreaterThan(LocalPlatform.MAX_RECEIVE_COUNT);
    }

    @Test
    void aSpentRetryBudgetFailsTheExtractionAsThrottled() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().visibilitySeconds(VISIBILITY_SECONDS)
                .requeue(new RequeuePolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3))));
        platform.bedrock.throttleAllUntil(Instant.now().plus(Duration.ofHours(1)));
        String id = platform.extractOne("Never Answered");

        JsonNode e = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", id)).body();
        assertThat(e.get("status").asText()).isEqualTo("FAILED");
        assertThat(e.at("/error/category").asText()).isEqualTo("BEDROCK_THROTTLED");
        assertThat(e.at("/error/message").asText()).contains("delayed retries");
        assertThat(e.at("/throttling/retries").asInt()).isGreaterThanOrEqualTo(2);
        ExtractionRecord stored = platform.extractions.latestFor(id).orElseThrow();
        assertThat(stored.throttleRetries()).isGreaterThanOrEqualTo(2);
        assertThat(stored.firstThrottledAt()).isNotNull();
        assertThat(platform.bedrock.answered()).isZero();
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
    }

    @Test
    void aMessageForAnExtractionAnotherWorkerHoldsWaitsForTheLeaseInsteadOfBurningReceives() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().visibilitySeconds(1));
        String id = platform.uploadText("Leased Elsewhere");
        String extractionId = platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", id),
                Map.of(), Map.of(), null).body().get("extractionId").asText();
        // Another worker claimed it and its lease (6 min) ends in 5 s: longer than 3 receives of a 1 s visibility.
        // The message is sent again, delayed (at most 2 s here, until the lease ends in production), meanwhile.
        Instant claimedAt = Instant.now().minus(Duration.ofMinutes(6)).plusSeconds(5);
        assertThat(platform.extractions.take(id, extractionId, claimedAt, Duration.ofMinutes(6)).claim())
                .isEqualTo(ExtractionRepository.Claim.CLAIMED);

        platform.drainQueue(Duration.ofSeconds(60));

        ExtractionRecord done = platform.extractions.find(id, extractionId).orElseThrow();
        assertThat(done.status().name()).isEqualTo("SUCCEEDED");
        assertThat(done.attempts()).isEqualTo(2); // the other worker's claim, then the takeover
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
    }

    @Test
    void aDuplicatedRetryMessageStillYieldsOneResult() {
        platform = LocalPlatform.start(LocalPlatform.Options.defaults().visibilitySeconds(VISIBILITY_SECONDS));
        String id = platform.uploadText("Sent Twice");
        String extractionId = platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", id),
                Map.of(), Map.of(), null).body().get("extractionId").asText();
        // A crash between sending the delayed retry and deleting the original leaves both on the queue.
        platform.sendToQueue("{\"type\":\"ExtractionRequested\",\"documentId\":\"" + id + "\",\"extractionId\":\""
                + extractionId + "\",\"attempt\":1}");

        platform.drainQueue(Duration.ofSeconds(60));

        assertThat(platform.extractions.find(id, extractionId).orElseThrow().status().name()).isEqualTo("SUCCEEDED");
        assertThat(platform.bedrock.answered()).isEqualTo(1);
        assertThat(platform.queueDepth(platform.dlqUrl)).isZero();
    }
}
