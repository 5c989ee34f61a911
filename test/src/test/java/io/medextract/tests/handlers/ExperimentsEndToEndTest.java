package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.experiments.ListingRequest;
import io.medextract.handlers.variants.PrimaryMetric;
import io.medextract.handlers.variants.VariantHourSums;
import io.medextract.handlers.stats.Moments;
import io.medextract.handlers.variants.VariantAllocator;
import io.medextract.tests.local.AwsClients;
import io.medextract.tests.local.CallWrappingHttpClient;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalServers;
import io.medextract.tests.local.LocalPlatformTest;
import io.medextract.tests.local.TestDocuments;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The experiment lifecycle on the local servers: create -> start -> extractions allocated to variants ->
 * results -> promote (label moved, audited) -> new extractions use the winner -> rollback; and every
 * illegal transition or bad body answered 4xx with the stored experiment unchanged.
 */
class ExperimentsEndToEndTest extends LocalPlatformTest {

    private static final String CREATE = """
            {"name":"summary v2 vs v1","variants":[
               {"name":"control","promptVersion":"clinical-summary@1"},
               {"name":"candidate","promptVersion":"clinical-summary@2"}],
             "split":"50/50","primaryMetric":"FIELD_COMPLETENESS","minimumDetectableEffect":0.05,
             "alpha":0.05,"power":0.8}""";

    @Test
    void fullLifecycleMovesTheLabelAndBack() {
        String id = created();
        assertThat(call("POST", "/api/experiments/{id}/start", id, null).status()).isEqualTo(200);

        Map<String, String> variantOf = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String doc = platform.extractOne("Experiment Person");
            variantOf.put(doc, platform.extractions.latestFor(doc).orElseThrow().variant());
        }
        Experiment stored = platform.experimentRepository.find(id).orElseThrow();
        variantOf.forEach((doc, variant) ->
                assertThat(variant).as(doc).isEqualTo(VariantAllocator.allocate(stored, doc).name()));
        assertThat(variantOf.values()).contains("control", "candidate");
        platform.extractions.allFor(variantOf.keySet().iterator().next()).forEach(e ->
                assertThat(e.promptVersion()).isEqualTo(e.variant().equals("control")
                        ? "clinical-summary@1" : "clinical-summary@2"));

        JsonNode results = call("GET", "/api/experiments/{id}/results", id, null).body();
        assertThat(results.get("method").asText()).isEqualTo("mSPRT");
        assertThat(results.get("minimumSamplePerVariant").asLong()).isEqualTo(100);
        long n = 0;
        for (JsonNode v : results.get("variants")) {
            n += v.get("n").asLong();
        }
        assertThat(n).isEqualTo(20);
        // 20 extractions: below the minimum sample, so no decision whatever they show.
        assertThat(results.at("/recommendation/action").asText()).isEqualTo("CONTINUE");
        assertThat(results.at("/recommendation/reasons/0").asText()).contains("no decision before 100 observations");

        ApiResult refused = call("POST", "/api/experiments/{id}/promote", id, "{\"variant\":\"candidate\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("message").asText()).contains("does not recommend").contains("no decision before");
        ApiResult forced = call("POST", "/api/experiments/{id}/promote", id, "{\"variant\":\"candidate\",\"force\":true}");
        assertThat(forced.status()).isEqualTo(400);
        assertThat(platform.experimentRepository.labelVersion("production")).isEmpty();

        // The hourly job turns this hour's extractions into per-variant sums ...
        // (the hour the last extraction finished in, and the one before, in case they straddle an hour)
        Instant hour = variantOf.keySet().stream().map(doc -> platform.extractions.latestFor(doc).orElseThrow().completedAt())
                .max(Instant::compareTo).orElseThrow().truncatedTo(ChronoUnit.HOURS);
        platform.hourlyRollup.roll(hour.minus(1, ChronoUnit.HOURS));
        platform.hourlyRollup.roll(hour);
        List<VariantHourSums> rolled = platform.experimentSums.before(id, hour.plus(1, ChronoUnit.HOURS));
        assertThat(rolled.stream().mapToLong(s -> s.of(PrimaryMetric.FIELD_COMPLETENESS).n()).sum()).isEqualTo(20);
        // ... and earlier hours of traffic (as the job stored them) show the candidate filling more fields,
        // with latency, cost and failures alike.
        for (int back = 5; back >= 3; back--) {
            Instant earlier = hour.minus(back, ChronoUnit.HOURS);
            platform.experimentSums.put(id, hourOf(earlier, "control", 0.70));
            platform.experimentSums.put(id, hourOf(earlier, "candidate", 0.80));
        }
        JsonNode decided = call("GET", "/api/experiments/{id}/results", id, null).body();
        assertThat(decided.at("/recommendation/action").asText()).as(decided.toString()).isEqualTo("PROMOTE");
        // the current hour is read live, not also from its rolled sums: 20 + 3 hours x 2 arms x 300
        assertThat(decided.at("/variants/0/n").asLong() + decided.at("/variants/1/n").asLong()).isEqualTo(1820);
        assertThat(decided.at("/plan/requiredSampleSizePerVariant/control").asLong()).isGreaterThanOrEqualTo(100);
        assertThat(decided.at("/variants/1/boundary").asText()).isEqualTo("BETTER");
        assertThat(decided.at("/variants/1/confidenceSequence/0").asDouble()).isPositive();
        assertThat(decided.at("/variants/1/guardrails")).allSatisfy(g -> assertThat(g.get("worse").asBoolean()).isFalse());

        ApiResult promoted = call("POST", "/api/experiments/{id}/promote", id, null);
        assertThat(promoted.status()).as(promoted.body().toString()).isEqualTo(200);
        assertThat(promoted.body().get("status").asText()).isEqualTo("PROMOTED");
        assertThat(promoted.body().get("promotedVariant").asText()).isEqualTo("candidate");
        assertThat(platform.experimentRepository.labelVersion("production")).contains("clinical-summary@2");
        assertThat(platform.auditRecords("production")).singleElement().satisfies(m -> {
            assertThat(m.get("action").s()).isEqualTo("PROMOTE");
            assertThat(m.get("from").s()).isEqualTo("clinical-summary@1");
            assertThat(m.get("to").s()).isEqualTo("clinical-summary@2");
            assertThat(m.get("by").s()).isEqualTo("arn:aws:iam::000000000000:role/test-caller");
            assertThat(m.get("experimentId").s()).isEqualTo(id);
        });
        // No gate configured or asked for: the answer says so.
        assertThat(promoted.body().get("promotionGate")).isEmpty();

        platform.clock.advance(Duration.ofSeconds(31)); // past the 30 s label cache of a warm container
        String after = platform.extractOne("Experiment Person");
        assertThat(platform.extractions.latestFor(after).orElseThrow().promptVersion()).isEqualTo("clinical-summary@2");
        assertThat(platform.extractions.latestFor(after).orElseThrow().experimentId()).isNull();

        assertThat(call("POST", "/api/experiments/{id}/rollback", id, null).status()).isEqualTo(200);
        assertThat(platform.experimentRepository.labelVersion("production")).contains("clinical-summary@1");
        assertThat(platform.auditRecords("production")).extracting(m -> m.get("action").s())
                .containsExactly("PROMOTE", "ROLLBACK");
    }

    @Test
    void illegalTransitionsAre409AndChangeNothing() {
        String id = created();
        assertIllegal(id, "POST", "/api/experiments/{id}/stop", null);
        assertIllegal(id, "POST", "/api/experiments/{id}/promote", "{\"variant\":\"candidate\"}");
        assertIllegal(id, "POST", "/api/experiments/{id}/rollback", null);
        assertThat(call("POST", "/api/experiments/{id}/start", id, null).status()).isEqualTo(200);
        assertIllegal(id, "POST", "/api/experiments/{id}/start", null);
        assertIllegal(id, "PATCH", "/api/experiments/{id}", "{\"name\":\"renamed\"}");
        assertIllegal(id, "POST", "/api/experiments/{id}/rollback", null);

        String second = created();
        assertIllegal(second, "POST", "/api/experiments/{id}/start", null);
        assertThat(call("POST", "/api/experiments/{id}/stop", id, null).status()).isEqualTo(200);
        assertThat(call("POST", "/api/experiments/{id}/start", second, null).status()).isEqualTo(200);
    }

    @Test
    void aPromotionThatLosesARaceMovesNoLabelAndLeavesNoRecord() {
        // The experiment changes between the promotion's reads and its write (a concurrent stop, say).
        AtomicReference<Runnable> beforeLabelWrite = new AtomicReference<>();
        platform.close();
        platform = LocalPlatform.start(LocalPlatform.Options.defaults(), http -> new CallWrappingHttpClient(http) {
            @Override
            protected HttpExecuteResponse call(HttpExecuteRequest request, ExecutableHttpRequest real) throws IOException {
                if (writesTheLabel(request)) {
                    Runnable concurrent = beforeLabelWrite.getAndSet(null);
                    if (concurrent != null) {
                        concurrent.run();
                    }
                }
                return real.call();
            }
        });
        String id = readyToPromote();
        DynamoDbClient other = unwrappedClient();
        beforeLabelWrite.set(() -> {
            Map<String, AttributeValue> item = new HashMap<>(other.getItem(b -> b.tableName(platform.experimentsTable)
                    .key(Map.of("pk", AttributeValue.fromS("EXP#" + id), "sk", AttributeValue.fromS("META")))).item());
            item.put("version", AttributeValue.fromN(Long.toString(Long.parseLong(item.get("version").n()) + 1)));
            other.putItem(b -> b.tableName(platform.experimentsTable).item(item));
        });

        ApiResult lost = call("POST", "/api/experiments/{id}/promote", id, null);
        assertThat(lost.status()).as(lost.body().toString()).isEqualTo(409);
        assertThat(lost.body().get("message").asText()).contains("changed meanwhile");
        assertThat(beforeLabelWrite.get()).as("the concurrent change ran").isNull();
        // Nothing moved, so nothing had to be moved back: no label, no audit record anywhere.
        assertThat(platform.experimentRepository.labelVersion("production")).isEmpty();
        assertThat(platform.auditRecords("production")).isEmpty();
        assertThat(platform.scan(platform.experimentsTable)).noneSatisfy(item ->
                assertThat(item.get("sk").s()).startsWith("AUDIT#"));
        assertThat(platform.experimentRepository.find(id).orElseThrow().status().name()).isEqualTo("RUNNING");
    }

    @Test
    void anAuditRecordIsNeverOverwritten() {
        String id = readyToPromote();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        platform.clock.set(at); // the promotion's time, so its record's key, are known
        // A record already holds the key this promotion's record would get.
        Map<String, AttributeValue> earlier = Map.of("pk", AttributeValue.fromS("LABEL#production"),
                "sk", AttributeValue.fromS(at + "#PROMOTE#" + id), "by", AttributeValue.fromS("the first writer"));
        unwrappedClient().putItem(b -> b.tableName(platform.auditTable).item(earlier));

        ApiResult refused = call("POST", "/api/experiments/{id}/promote", id, null);
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
        assertThat(platform.auditRecords("production")).containsExactly(earlier);
        assertThat(platform.experimentRepository.labelVersion("production")).isEmpty();
    }

    @Test
    void aStoppedExperimentIsPromotedWhileAnotherRunsAndTheOtherKeepsItsLock() {
        String stopped = readyToPromote();
        assertThat(call("POST", "/api/experiments/{id}/stop", stopped, null).status()).isEqualTo(200);
        String running = created();
        assertThat(call("POST", "/api/experiments/{id}/start", running, null).status()).isEqualTo(200);

        ApiResult promoted = call("POST", "/api/experiments/{id}/promote", stopped, null);
        assertThat(promoted.status()).as(promoted.body().toString()).isEqualTo(200);
        assertThat(platform.experimentRepository.labelVersion("production")).contains("clinical-summary@2");
        assertThat(platform.experimentRepository.runningExperimentFor("production")).contains(running);
    }

    /** A started experiment whose seeded hours make the analysis recommend promoting the candidate. */
    private String readyToPromote() {
        String id = created();
        assertThat(call("POST", "/api/experiments/{id}/start", id, null).status()).isEqualTo(200);
        Instant hour = platform.clock.instant().truncatedTo(ChronoUnit.HOURS);
        for (int back = 5; back >= 3; back--) {
            platform.experimentSums.put(id, hourOf(hour.minus(back, ChronoUnit.HOURS), "control", 0.70));
            platform.experimentSums.put(id, hourOf(hour.minus(back, ChronoUnit.HOURS), "candidate", 0.80));
        }
        return id;
    }

    /** A request that writes the label's CURRENT item (a PutItem, or a transaction that holds one). */
    private static boolean writesTheLabel(HttpExecuteRequest request) throws IOException {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        if (!target.endsWith(".PutItem") && !target.endsWith(".TransactWriteItems")
                || request.contentStreamProvider().isEmpty()) {
            return false;
        }
        try (java.io.InputStream in = request.contentStreamProvider().get().newStream()) {
            String body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return body.contains("LABEL#production") && body.contains("\"CURRENT\"");
        }
    }

    /** A DynamoDB client of its own, as another function or person would have. */
    private DynamoDbClient unwrappedClient() {
        return new AwsClients(new AwsClients.Settings(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Map.of("dynamodb", LocalServers.get().dynamoEndpoint()))).dynamoDb();
    }

    @Test
    void optimisticVersionsRejectStaleEdits() {
        String id = created();
        ApiResult stale = platform.api(platform.experiments, "PATCH", "/api/experiments/{id}", Map.of("id", id),
                Map.of(), Map.of("Content-Type", "application/json", "If-Match", "7"), "{\"name\":\"renamed\"}");
        assertThat(stale.status()).isEqualTo(409);
        ApiResult fresh = platform.api(platform.experiments, "PATCH", "/api/experiments/{id}", Map.of("id", id),
                Map.of(), Map.of("Content-Type", "application/json", "If-Match", "0"), "{\"name\":\"renamed\",\"split\":\"80/20\"}");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.body().get("version").asLong()).isEqualTo(1);
        assertThat(fresh.body().at("/variants/0/weight").asInt()).isEqualTo(80);
        ApiResult again = platform.api(platform.experiments, "PATCH", "/api/experiments/{id}", Map.of("id", id),
                Map.of(), Map.of("Content-Type", "application/json", "If-Match", "0"), "{\"name\":\"third\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(platform.experimentRepository.find(id).orElseThrow().name()).isEqualTo("renamed");
    }

    @Test
    void badBodiesAre400AndStoreNothing() {
        String id = created();
        Experiment before = platform.experimentRepository.find(id).orElseThrow();
        List<String> bodies = List.of(
                "not json", "[]", "{}", "{\"name\":\"x\"}",
                CREATE.replace("\"split\":\"50/50\"", "\"split\":\"60/40\""),
                CREATE.replace("\"split\":\"50/50\",", ""),
                CREATE.replace("clinical-summary@2", "clinical-summary@99"),
                CREATE.replace("clinical-summary@2", "clinical-summary@1"),
                CREATE.replace("FIELD_COMPLETENESS", "HAPPINESS"),
                CREATE.replace("\"alpha\":0.05", "\"alpha\":0.5"),
                CREATE.replace("\"power\":0.8", "\"power\":1.5"),
                CREATE.replace("\"minimumDetectableEffect\":0.05", "\"minimumDetectableEffect\":0"),
                CREATE.replace("\"minimumDetectableEffect\":0.05", "\"minimumDetectableEffect\":\"big\""),
                CREATE.replace("\"name\":\"summary v2 vs v1\"", "\"name\":\"summary v2 vs v1\",\"owner\":\"me\""),
                CREATE.replace("{\"name\":\"candidate\",\"promptVersion\":\"clinical-summary@2\"}", "{\"name\":\"control\",\"promptVersion\":\"clinical-summary@2\"}"),
                "{\"name\":\"one\",\"variants\":[{\"name\":\"a\",\"promptVersion\":\"clinical-summary@1\",\"weight\":100}],\"primaryMetric\":\"COST\"}",
                "{\"name\":\"w\",\"variants\":[{\"name\":\"a\",\"promptVersion\":\"clinical-summary@1\",\"weight\":60},{\"name\":\"b\",\"promptVersion\":\"clinical-summary@2\",\"weight\":30}],\"primaryMetric\":\"COST\"}",
                CREATE.replace("\"split\":\"50/50\"", "\"split\":\"50/50\",\"label\":\"Production!\""));
        for (String body : bodies) {
            ApiResult r = platform.post(platform.experiments, "/api/experiments", Map.of(), body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body().get("message").asText()).as(body).isNotBlank();
            if (!body.equals("{\"name\":\"x\"}")) { // a valid rename for PATCH
                ApiResult patch = call("PATCH", "/api/experiments/{id}", id, body);
                assertThat(patch.status()).as("PATCH " + body).isEqualTo(400);
            }
        }
        assertThat(platform.experimentPages.read(ListingRequest.firstPage()).experiments()).hasSize(1);
        assertThat(platform.experimentRepository.find(id).orElseThrow()).isEqualTo(before);
        assertThat(call("GET", "/api/experiments/{id}", "exp_bad", null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/experiments/{id}", "exp_01JZZZZZZZZZZZZZZZZZZZZZZZ", null).status()).isEqualTo(404);
    }

    /** 300 extractions of one variant in one hour: completeness mean with sd 0.1, latency 3000 ms sd 300, all succeeded. */
    private static VariantHourSums hourOf(Instant hour, String variant, double completeness) {
        return new VariantHourSums(hour, variant, Map.of(
                PrimaryMetric.FIELD_COMPLETENESS, moments(300, completeness, 0.1),
                PrimaryMetric.LATENCY, moments(300, 3000, 300),
                PrimaryMetric.COST, moments(300, 0.01, 0.002),
                PrimaryMetric.SUCCESS_RATE, new Moments(300, 300, 300)));
    }

    private static Moments moments(long n, double mean, double sd) {
        return new Moments(n, n * mean, (n - 1) * sd * sd + n * mean * mean);
    }

    private void assertIllegal(String id, String method, String resource, String body) {
        Experiment before = platform.experimentRepository.find(id).orElseThrow();
        ApiResult r = call(method, resource, id, body);
        assertThat(r.status()).as(method + " " + resource).isEqualTo(409);
        assertThat(r.body().get("error").asText()).isEqualTo("conflict");
        assertThat(platform.experimentRepository.find(id).orElseThrow()).isEqualTo(before);
    }

    private String created() {
        ApiResult r = platform.post(platform.experiments, "/api/experiments", Map.of(), CREATE);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        assertThat(r.body().get("status").asText()).isEqualTo("DRAFT");
        return r.body().get("experimentId").asText();
    }

    private ApiResult call(String method, String resource, String id, String body) {
        return platform.api(platform.experiments, method, resource, Map.of("id", id), Map.of(),
                Map.of("Content-Type", "application/json"), body);
    }
}
