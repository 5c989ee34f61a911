package io.medextract.tests.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ErrorCategory;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.fixtures.HostileDocuments;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatformTest;
import io.medextract.tests.local.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Every hostile document, in batches with a normal note, through the shipped extract package in a fresh JVM
 * sized like the smallest extract function (dev: 512 MB): the batch answers without failures, every bomb ends
 * FAILED / INVALID_DOCUMENT, the note succeeds, and the process's peak resident memory (heap, metaspace and
 * native image buffers alike, which is what Lambda's limit counts) stays under the function's memory.
 */
class HostileDocumentsShippedTest extends LocalPlatformTest {

    /** The dev stage's extract function memory (StageDefaults), the smallest any stage gives it. */
    private static final long FUNCTION_MEMORY_MB = 512;
    /**
     * The heap of a 512 MB Java function: the emulators of the managed runtime (SAM CLI, docker-lambda) give
     * the JVM about 85 % of the function's memory as maximum heap.
     */
    private static final List<String> LAMBDA_LIKE_JVM = List.of("-Xmx435m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard: before the limits, some bombs ran for hours
    void bombsEndInvalidInBoundedMemoryAndTheirBatchNeighbourSucceeds() throws Exception {
        Map<String, String> bombs = new LinkedHashMap<>();
        for (HostileDocuments.Bomb bomb : HostileDocuments.all()) {
            bombs.put(platform.storedThroughPresignedUrl(bomb.mediaType(), bomb.content()), bomb.name());
        }
        String note = platform.storedThroughPresignedUrl("text/plain",
                TestDocuments.dischargeSummary("Shipped Neighbour").getBytes(StandardCharsets.UTF_8));
        List<Message> messages = new ArrayList<>();
        while (messages.size() < bombs.size() + 1) {
            messages.addAll(platform.clients.sqs().receiveMessage(b -> b.queueUrl(platform.queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }

        for (List<Message> batch : List.of(messages.subList(0, 10), messages.subList(10, messages.size()))) {
            ShippedFunction.Invocation invocation = ShippedFunction.invoke(work,
                    "io.medextract.handlers.extract.ExtractHandler", platform.sqsEvent(batch),
                    platform.functionEnvironment("us.anthropic.claude-haiku-4-5-20251001-v1:0"), LAMBDA_LIKE_JVM);
            JsonNode answer = invocation.response();
            assertThat(answer.get("batchItemFailures")).as(invocation.output()).isEmpty();
            // PDFBox describes a file's internals (names, strings from the file) in its warnings: none may reach
            // the function's log (its commons-logging goes to SLF4J, which has no provider in the package).
            assertThat(invocation.output()).doesNotContain("org.apache.pdfbox", "org.apache.fontbox");
            System.out.printf("hostile batch of %d: peak resident memory %d MB%n", batch.size(),
                    invocation.peakResidentKilobytes() / 1024);
            assertThat(invocation.peakResidentKilobytes()).as("peak resident kB").isPositive()
                    .isLessThan(FUNCTION_MEMORY_MB * 1024);
        }

        for (Map.Entry<String, String> bomb : bombs.entrySet()) {
            ExtractionRecord extraction = platform.extractions.latestFor(bomb.getKey()).orElseThrow();
            assertThat(extraction.status()).as(bomb.getValue()).isEqualTo(ExtractionStatus.FAILED);
            assertThat(extraction.errorCategory()).as(bomb.getValue()).isEqualTo(ErrorCategory.INVALID_DOCUMENT);
        }
        assertThat(platform.extractions.latestFor(note).orElseThrow().status()).isEqualTo(ExtractionStatus.SUCCEEDED);
    }
}
