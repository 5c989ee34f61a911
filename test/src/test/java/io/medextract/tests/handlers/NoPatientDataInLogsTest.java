package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.tests.local.BedrockConverseFake;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.TestDocuments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs whole extractions (success and each failure path) of a document naming a distinctive synthetic
 * patient, captures everything written to stdout and stderr, and requires that the name, the filename and
 * extracted values appear in no line, while they do appear in the stored result.
 */
class NoPatientDataInLogsTest {

    private static final String PATIENT = "Zebulon Quixote-Marchetti";
    private static final String FILENAME = "Marchetti-discharge.txt";

    @Test
    void patientDataNeverReachesTheLogs() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        String resultName;
        try (LocalPlatform platform = LocalPlatform.start()) {
            System.setOut(tee);
            System.setErr(tee);
            resultName = runEveryPath(platform);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        originalOut.println("captured " + logs.lines().count() + " log lines");

        assertThat(resultName).isEqualTo(PATIENT);
        assertThat(logs.lines().count()).isGreaterThan(10);
        assertThat(logs).contains("extraction finished").contains("\"_aws\"");
        for (String secret : List.of(PATIENT, "Quixote", "Marchetti", "RGH-0048213", "1961-03-14", "Metformin",
                "HbA1c", "Okafor")) {
            assertThat(logs).as("logs must not contain '" + secret + "'").doesNotContain(secret);
        }
    }

    private static String runEveryPath(LocalPlatform platform) {
        String resultName = null;
        for (BedrockConverseFake.Mode mode : List.of(BedrockConverseFake.Mode.NORMAL,
                BedrockConverseFake.Mode.MALFORMED_OUTPUT, BedrockConverseFake.Mode.SCHEMA_VIOLATION,
                BedrockConverseFake.Mode.ACCESS_DENIED)) {
            platform.bedrock.mode(mode);
            String documentId = platform.post(platform.upload, "/api/upload", Map.of(), TestDocuments.uploadBody(FILENAME,
                    "text/plain", TestDocuments.dischargeSummary(PATIENT).getBytes(StandardCharsets.UTF_8)))
                    .body().get("documentId").asText();
            platform.objectCreated(platform.documents.find(documentId).orElseThrow().objectKey());
            platform.drainQueue(Duration.ofSeconds(60));
            var result = platform.get(platform.extract, "/api/extract/{id}", Map.of("id", documentId)).body();
            if (mode == BedrockConverseFake.Mode.NORMAL) {
                resultName = result.at("/result/patient/name").asText();
            }
            platform.get(platform.upload, "/api/documents/{id}", Map.of("id", documentId));
        }
        // A request that fails inside the handler: its message must not leak either.
        platform.sendToQueue("{\"patient\":\"" + PATIENT + "\"}");
        platform.drainQueue(Duration.ofSeconds(60));
        return resultName;
    }
}
