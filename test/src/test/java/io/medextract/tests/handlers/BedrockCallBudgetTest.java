package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.domain.ExtractionMessage;
import io.medextract.handlers.extract.ExtractionWorker;
import io.medextract.tests.local.LocalPlatform;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A Bedrock call may only use the time its invocation has left (less the reserve for storing the result):
 * an answer slower than that must not keep a worker past its Lambda timeout, where the invocation would be
 * killed mid-call and the message would burn a receive. The worker gives up the call and re-queues instead.
 */
class BedrockCallBudgetTest {

    /** 20 s reserve + 1.5 s for the call. */
    private static final long REMAINING_MILLIS = 21_500;

    private final LocalPlatform platform = LocalPlatform.start();

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void anAnswerSlowerThanTheInvocationHasLeftIsCutOffAndTheExtractionRequeued() {
        String documentId = platform.uploadText("Slow Answer");
        assertThat(platform.api(platform.extract, "POST", "/api/extract/{id}", Map.of("id", documentId), Map.of(),
                Map.of(), null).status()).isEqualTo(202);
        Message message = platform.clients.sqs().receiveMessage(b -> b.queueUrl(platform.queueUrl)
                .maxNumberOfMessages(1).waitTimeSeconds(1)).messages().get(0);
        // Slower than the 1.5 s the call may take, far faster than the client's own 15-minute limit.
        platform.bedrock.delayMillis(4_000);

        ExtractionWorker.Outcome outcome = platform.worker.process(ExtractionMessage.parse(message.body()),
                () -> REMAINING_MILLIS);

        assertThat(outcome).isInstanceOf(ExtractionWorker.Outcome.Requeue.class);
        ExtractionRecord stored = platform.extractions.latestFor(documentId).orElseThrow();
        assertThat(stored.status()).isEqualTo(ExtractionStatus.QUEUED);
        assertThat(stored.throttleRetries()).isEqualTo(1);
        assertThat(stored.resultJson()).isNull();
    }
}
