package io.medextract.tests.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.experiments.ExperimentPage;
import io.medextract.handlers.experiments.ExperimentPages;
import io.medextract.handlers.variants.ExperimentStatus;
import io.medextract.handlers.experiments.ListingRequest;
import io.medextract.handlers.experiments.ListPosition;
import io.medextract.tests.local.ConstructTables;
import io.medextract.tests.local.LocalPlatform;
import io.medextract.tests.local.LocalPlatform.ApiResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * GET /api/experiments against the construct's experiments table: pages newest first through the byCreated index,
 * each experiment exactly once, only experiments (evaluation sets, labels and locks live in the same table), the
 * status filter through byStatus, 400 for bad parameters, and the same pages through byStatus on a table whose
 * byCreated index is not there yet (an upgrade while CloudFormation is still adding it).
 */
class ExperimentListingTest {

    private static final int EXPERIMENTS = 7;
    private static LocalPlatform platform;
    /** Ids newest first, as created. */
    private static final List<String> newestFirst = new ArrayList<>();
    private static final List<String> running = new ArrayList<>();

    @BeforeAll
    static void createExperiments() {
        platform = LocalPlatform.start();
        for (int i = 0; i < EXPERIMENTS; i++) {
            platform.clock.advance(Duration.ofMinutes(1));
            ApiResult created = platform.post(platform.experiments, "/api/experiments", Map.of(), """
                    {"name":"listing %d","label":"listing-%d","variants":[
                       {"name":"control","promptVersion":"clinical-summary@1"},
                       {"name":"candidate","promptVersion":"clinical-summary@2"}],
                     "split":"50/50","primaryMetric":"FIELD_COMPLETENESS"}""".formatted(i, i));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            newestFirst.add(0, created.body().get("experimentId").asText());
        }
        // Started (RUNNING, each takes its label's lock) and stopped (STOPPED): other statuses, other items.
        for (int i : new int[] {1, 3, 4}) {
            String id = newestFirst.get(i);
            assertThat(call("POST", "/api/experiments/{id}/start", id).status()).isEqualTo(200);
            running.add(id);
        }
        assertThat(call("POST", "/api/experiments/{id}/stop", newestFirst.get(3)).status()).isEqualTo(200);
        running.remove(newestFirst.get(3));
        // An evaluation set: entity and createdAt too, so it is in the index, in its own partition.
        ApiResult set = platform.post(platform.experiments, "/api/evaluation-sets", Map.of(),
                "{\"name\":\"listing-set\",\"template\":\"clinical-summary\"}");
        assertThat(set.status()).as(set.body().toString()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void pagesWalkEveryExperimentOnceNewestFirst() {
        for (int limit : new int[] {1, 3, 6}) {
            List<JsonNode> pages = walk(Map.of("limit", String.valueOf(limit)));
            assertThat(ids(pages)).as("limit %d", limit).containsExactlyElementsOf(newestFirst);
            assertThat(pages).as("limit %d", limit).hasSize((EXPERIMENTS + limit - 1) / limit);
            pages.subList(0, pages.size() - 1).forEach(p -> assertThat(p.path("experiments")).hasSize(limit));
        }
    }

    @Test
    void aPageThatHoldsTheRestHasNoToken() {
        JsonNode all = list(Map.of("limit", String.valueOf(EXPERIMENTS))).body();
        assertThat(all.has("nextToken")).isFalse();
        assertThat(ids(List.of(all))).containsExactlyElementsOf(newestFirst);
        JsonNode byDefault = list(Map.of()).body();
        assertThat(byDefault.has("nextToken")).isFalse();
        assertThat(byDefault.path("experiments")).hasSize(EXPERIMENTS);
        assertThat(byDefault.at("/experiments/0/status").asText()).isEqualTo("DRAFT");
    }

    @Test
    void theStatusFilterPagesThroughOneStatus() {
        assertThat(ids(walk(Map.of("status", "RUNNING", "limit", "1")))).containsExactlyElementsOf(running);
        assertThat(ids(walk(Map.of("status", "STOPPED")))).containsExactly(newestFirst.get(3));
        assertThat(ids(walk(Map.of("status", "PROMOTED")))).isEmpty();
    }

    @Test
    void badParametersAre400WithAMessage() {
        String filtered = list(Map.of("status", "RUNNING", "limit", "1")).body().get("nextToken").asText();
        String unfiltered = list(Map.of("limit", "1")).body().get("nextToken").asText();
        List<Map<String, String>> bad = List.of(Map.of("limit", "0"), Map.of("limit", "101"), Map.of("limit", "ten"),
                Map.of("status", "running"), Map.of("nextToken", "garbage!"),
                Map.of("nextToken", unfiltered.substring(0, unfiltered.length() - 4)),
                Map.of("nextToken", unfiltered + "AAAA"),
                Map.of("nextToken", filtered), Map.of("nextToken", unfiltered, "status", "RUNNING"));
        for (Map<String, String> query : bad) {
            ApiResult r = list(query);
            assertThat(r.status()).as("%s -> %s", query, r.body()).isEqualTo(400);
            assertThat(r.body().get("error").asText()).isEqualTo("bad_request");
            assertThat(r.body().get("message").asText()).isNotBlank();
        }
    }

    /**
     * The table as an earlier release created it (no byCreated): the list reads byStatus, pages the same way, and a
     * token from either path continues on the other.
     */
    @Test
    void withoutTheNewIndexTheListReadsByStatusWithTheSamePages() {
        String oldTable = platform.experimentsTable + "-old";
        ConstructTables.createWithout(platform.clients.dynamoDb(), "Experiments", oldTable, Set.of("byCreated"));
        for (Map<String, AttributeValue> item : platform.scan(platform.experimentsTable)) {
            platform.clients.dynamoDb().putItem(b -> b.tableName(oldTable).item(item));
        }
        ExperimentPages upgrading = new ExperimentPages(platform.clients.dynamoDb(), oldTable);
        ExperimentPages current = platform.experimentPages;

        List<String> walked = new ArrayList<>();
        Optional<ListPosition> after = Optional.empty();
        do {
            ExperimentPage page = upgrading.read(new ListingRequest(3, Optional.empty(), after));
            assertThat(page.indexPending()).isTrue();
            page.experiments().forEach(e -> walked.add(e.id()));
            after = page.next();
        } while (after.isPresent());
        assertThat(walked).containsExactlyElementsOf(newestFirst);

        ExperimentPage first = upgrading.read(new ListingRequest(2, Optional.empty(), Optional.empty()));
        ExperimentPage continued = current.read(new ListingRequest(2, Optional.empty(), first.next()));
        assertThat(continued.indexPending()).isFalse();
        assertThat(continued.experiments()).extracting(e -> e.id()).containsExactlyElementsOf(newestFirst.subList(2, 4));
        ExperimentPage back = upgrading.read(new ListingRequest(2, Optional.empty(), continued.next()));
        assertThat(back.experiments()).extracting(e -> e.id()).containsExactlyElementsOf(newestFirst.subList(4, 6));

        ExperimentPage runningOnly = upgrading.read(new ListingRequest(5, Optional.of(ExperimentStatus.RUNNING),
                Optional.empty()));
        assertThat(runningOnly.indexPending()).isFalse();
        assertThat(runningOnly.experiments()).extracting(e -> e.id()).containsExactlyElementsOf(running);
    }

    /** Follows nextToken from the first page to the last. */
    private static List<JsonNode> walk(Map<String, String> query) {
        List<JsonNode> pages = new ArrayList<>();
        Map<String, String> next = new HashMap<>(query);
        while (true) {
            ApiResult r = list(next);
            assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
            pages.add(r.body());
            if (!r.body().has("nextToken")) {
                return pages;
            }
            assertThat(pages).as("more pages than experiments").hasSizeLessThanOrEqualTo(EXPERIMENTS);
            next.put("nextToken", r.body().get("nextToken").asText());
        }
    }

    private static List<String> ids(List<JsonNode> pages) {
        List<String> ids = new ArrayList<>();
        pages.forEach(p -> p.path("experiments").forEach(e -> ids.add(e.get("experimentId").asText())));
        return ids;
    }

    private static ApiResult list(Map<String, String> query) {
        return platform.api(platform.experiments, "GET", "/api/experiments", Map.of(), query, Map.of(), null);
    }

    private static ApiResult call(String method, String resource, String id) {
        return platform.api(platform.experiments, method, resource, Map.of("id", id), Map.of(),
                Map.of("Content-Type", "application/json"), null);
    }
}
