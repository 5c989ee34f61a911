package io.medextract.handlers.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.aws.SdkClients;
import io.medextract.handlers.config.Services;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.upload.UploadHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A SnapStart checkpoint then restore, played through the registered CRaC resources ({@link SnapStartHooks}):
 * nothing that must be unique to an execution environment may come out of the snapshot. Each test names what
 * would break it.
 */
class SnapStartRestoreTest {

    private static final long SNAPSHOT_SEED = 20261201L;
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");

    /** Breaks if ReseedOnRestore.afterRestore stops re-seeding. */
    @Test
    void environmentsRestoredFromOneSnapshotDrawDifferentJitter() throws Exception {
        Random first = ReseedOnRestore.reseededOnRestore(new Random(SNAPSHOT_SEED));
        Random second = ReseedOnRestore.reseededOnRestore(new Random(SNAPSHOT_SEED));
        Random unhooked = new Random(SNAPSHOT_SEED);

        SnapStartHooks.checkpointThenRestore();

        List<Long> snapshotSequence = jitter(unhooked);
        assertThat(jitter(first)).isNotEqualTo(jitter(second)).isNotEqualTo(snapshotSequence);
    }

    /**
     * Credentials in use when the snapshot is taken must not be used after a restore: each restore reads the
     * credential source again. Breaks if RenewCredentialsOnRestore.afterRestore keeps its provider.
     */
    @Test
    void eachRestoreSignsWithTheCredentialsOfTheRestoredEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDATSNAPSHOT", "AWS_SECRET_ACCESS_KEY", "secret-0", "AWS_SESSION_TOKEN", "token-0"));
        List<CannedAwsResponses.Call> calls = new ArrayList<>();
        DynamoDbClient dynamoDb = SdkClients.from(env)
                .configure(DynamoDbClient.builder(), "dynamodb", CannedAwsResponses.recordingInto(calls)).build();

        getItem(dynamoDb);
        rotate(env, "AKIDRESTOREDONE", "token-1");
        SnapStartHooks.checkpointThenRestore();
        getItem(dynamoDb);
        rotate(env, "AKIDRESTOREDTWO", "token-2");
        SnapStartHooks.checkpointThenRestore();
        getItem(dynamoDb);

        assertThat(calls).extracting(SnapStartRestoreTest::accessKeyId)
                .containsExactly("AKIDATSNAPSHOT", "AKIDRESTOREDONE", "AKIDRESTOREDTWO");
        assertThat(calls).extracting(c -> c.request().firstMatchingHeader("X-Amz-Security-Token").orElseThrow())
                .containsExactly("token-0", "token-1", "token-2");
    }

    /**
     * Priming runs before the snapshot on a copy of the function wired to canned responses; the function's own
     * clients see no call, and the ids and times of a request after the restore are made then, not at snapshot
     * time. Breaks if priming goes through the function's own clients, or if a time or id is taken at init.
     */
    @Test
    void primingLeavesTheFunctionUntouchedAndRequestsAfterRestoreMakeTheirOwnIdsAndTimes() throws Exception {
        Instant snapshotTime = Instant.parse("2026-11-30T08:00:00Z");
        Instant restoreTime = snapshotTime.plus(Duration.ofDays(3));
        MovableClock clock = new MovableClock(snapshotTime);
        List<CannedAwsResponses.Call> functionCalls = new ArrayList<>();
        List<CannedAwsResponses.Call> primingCalls = new ArrayList<>();
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDFUNCTION",
                "AWS_SECRET_ACCESS_KEY", "secret");
        UploadHandler function = UploadHandler.composedFrom(new Services(SnapStartPrimingTest.environment(),
                SdkClients.from(env), clock, Path.of("no-user-templates"), CannedAwsResponses.recordingInto(functionCalls)));
        SnapStartHooks.register(new SnapStartPriming(() -> UploadHandler.composedFrom(new Services(
                SnapStartPrimingTest.environment(), SdkClients.forPriming(env), clock, Path.of("no-user-templates"),
                CannedAwsResponses.recordingInto(primingCalls))), UploadHandler.primingRequests()));

        SnapStartHooks.checkpointThenRestore();
        assertThat(primingCalls).isNotEmpty();
        assertThat(functionCalls).isEmpty();

        clock.moveTo(restoreTime);
        JsonNode uploaded = upload(function);
        String documentId = uploaded.path("documentId").asText();
        assertThat(uploaded.path("createdAt").asText()).isEqualTo(restoreTime.toString());
        assertThat(ulidTime(documentId.substring("doc_".length()))).isEqualTo(restoreTime.toEpochMilli());
        assertThat(bodies(primingCalls)).noneMatch(body -> body.contains(documentId));
        assertThat(functionCalls).extracting(SnapStartRestoreTest::accessKeyId).containsOnly("AKIDFUNCTION");
    }

    private static JsonNode upload(UploadHandler handler) throws Exception {
        String event = SnapStartPriming.apiEvent("POST", "/api/upload", Map.of(),
                "{\"filename\":\"note.txt\",\"contentType\":\"text/plain\",\"contentBase64\":\""
                        + java.util.Base64.getEncoder().encodeToString("after restore".getBytes(StandardCharsets.UTF_8))
                        + "\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        JsonNode response = Json.readTree(new ByteArrayInputStream(out.toByteArray()));
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(201);
        return Json.mapper().readTree(response.path("body").asText());
    }

    private static void getItem(DynamoDbClient dynamoDb) {
        dynamoDb.getItem(b -> b.tableName("results").key(Map.of("pk", AttributeValue.fromS("DOC#x"),
                "sk", AttributeValue.fromS("META"))));
    }

    private static void rotate(Map<String, String> env, String keyId, String token) {
        env.put("AWS_ACCESS_KEY_ID", keyId);
        env.put("AWS_SECRET_ACCESS_KEY", "secret-of-" + keyId);
        env.put("AWS_SESSION_TOKEN", token);
    }

    private static String accessKeyId(CannedAwsResponses.Call call) {
        Matcher m = CREDENTIAL.matcher(call.request().firstMatchingHeader("Authorization").orElse(""));
        return m.find() ? m.group(1) : "unsigned";
    }

    private static List<String> bodies(List<CannedAwsResponses.Call> calls) {
        return calls.stream().map(c -> new String(c.body(), StandardCharsets.UTF_8)).toList();
    }

    /** The 48-bit millisecond time in the first 10 Crockford base32 characters of a ULID. */
    private static long ulidTime(String ulid) {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        long time = 0;
        for (int i = 0; i < 10; i++) {
            time = (time << 5) | alphabet.indexOf(ulid.charAt(i));
        }
        return time;
    }

    private static List<Long> jitter(Random random) {
        return LongStream.range(0, 8).map(i -> random.nextLong(1_000)).boxed().toList();
    }

    /** A clock the test moves from snapshot time to restore time. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void moveTo(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
