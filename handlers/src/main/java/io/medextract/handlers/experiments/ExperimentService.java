package io.medextract.handlers.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.evaluation.runs.EvaluationEvidence;
import io.medextract.handlers.evaluation.runs.EvaluationSetId;
import io.medextract.handlers.evaluation.runs.PromotionGate;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.prompts.PromptRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.variants.ExperimentStatus;
import io.medextract.handlers.variants.ExperimentRepository;

/**
 * The experiments API: create and edit drafts, run the lifecycle (DRAFT -> RUNNING -> STOPPED/PROMOTED,
 * PROMOTED -> ROLLED_BACK), read results, and move the prompt label on promotion and rollback. Illegal
 * transitions and lost races answer 409 and change nothing.
 */
public final class ExperimentService {

    private final ExperimentRepository experiments;
    private final ExperimentPages pages;
    private final ExperimentObservations observations;
    private final PromptRegistry prompts;
    private final String defaultLabel;
    private final Clock clock;
    private final StructuredLog log;
    private final EvaluationEvidence evaluations;
    private final PromptLabelMoves labelMoves;

    public ExperimentService(ExperimentRepository experiments, ExperimentPages pages,
                             ExperimentObservations observations,
                             PromptRegistry prompts, String defaultLabel, Clock clock, StructuredLog log,
                             EvaluationEvidence evaluations, PromptLabelMoves labelMoves) {
        this.evaluations = evaluations;
        this.labelMoves = labelMoves;
        this.experiments = experiments;
        this.pages = pages;
        this.observations = observations;
        this.prompts = prompts;
        this.defaultLabel = defaultLabel;
        this.clock = clock;
        this.log = log;
    }

    public Map<String, Object> create(String body) {
        Instant now = clock.instant();
        Experiment e = ExperimentRequest.parse(body)
                .toNewExperiment(SortableIds.next(SortableIds.EXPERIMENT, now), now, prompts, defaultLabel);
        experiments.create(e);
        log.info("experiment created", Map.of("experimentId", e.id(), "label", e.label()));
        return describe(e);
    }

    /** {"experiments": [...], "nextToken": "..."}; no nextToken on the last page. */
    public Map<String, Object> list(ListingRequest request) {
        ExperimentPage page = pages.read(request);
        if (page.indexPending()) {
            log.warn("experiment list read through byStatus: the byCreated index is still being built",
                    Map.of("index", ExperimentPages.INDEX));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiments", page.experiments().stream().map(ExperimentService::describe).toList());
        page.next().ifPresent(next -> body.put("nextToken", next.token()));
        return body;
    }

    public Map<String, Object> get(String id) {
        return describe(load(id));
    }

    public Map<String, Object> patch(String id, String body, Optional<String> ifMatch) {
        Experiment current = load(id);
        long expected = ifMatch.map(ExperimentService::version).orElse(current.version());
        if (current.status() != ExperimentStatus.DRAFT) {
            throw ApiException.conflict("experiment " + id + " is " + current.status() + "; only DRAFT experiments can be edited");
        }
        if (expected != current.version()) {
            throw ApiException.conflict("experiment " + id + " is at version " + current.version() + ", not " + expected);
        }
        ExperimentRequest request = ExperimentRequest.parse(body);
        if (request.isEmpty()) {
            throw ApiException.badRequest("PATCH needs at least one of name, label, variants, split, primaryMetric,"
                    + " minimumDetectableEffect, alpha, power");
        }
        Experiment changed = request.applyTo(current, prompts);
        Experiment next = new Experiment(changed.id(), changed.name(), changed.label(), changed.variants(),
                changed.primaryMetric(), changed.minimumDetectableEffect(), changed.alpha(), changed.power(),
                ExperimentStatus.DRAFT, current.version() + 1, current.createdAt(), null, null, null, null);
        if (!experiments.replace(next, expected)) {
            throw ApiException.conflict("experiment " + id + " changed meanwhile; read it again and retry");
        }
        return describe(next);
    }

    public Map<String, Object> start(String id) {
        Experiment e = load(id);
        requireStatus(e, "start", ExperimentStatus.DRAFT);
        Experiment running = e.with(ExperimentStatus.RUNNING, clock.instant());
        switch (labelMoves.start(running, e.version())) {
            case LABEL_LOCKED -> {
                String other = experiments.runningExperimentFor(e.label()).orElse("another experiment");
                throw ApiException.conflict("label '" + e.label() + "' already has a running experiment (" + other + ")");
            }
            case EXPERIMENT_CHANGED -> throw ApiException.conflict("experiment " + id
                    + " changed meanwhile; read it again and retry");
            case STARTED -> { }
        }
        log.info("experiment started", Map.of("experimentId", id, "label", e.label()));
        return describe(running);
    }

    public Map<String, Object> stop(String id) {
        Experiment e = load(id);
        requireStatus(e, "stop", ExperimentStatus.RUNNING);
        Experiment stopped = e.with(ExperimentStatus.STOPPED, clock.instant());
        if (!experiments.replace(stopped, e.version())) {
            throw ApiException.conflict("experiment " + id + " changed meanwhile; read it again and retry");
        }
        experiments.unlockLabel(e.label(), e.id());
        log.info("experiment stopped", Map.of("experimentId", id));
        return describe(stopped);
    }

    /**
     * Moves the label to the winner. Body {@code {"variant": "..."}}; without a variant the recommended one is
     * used. The analysis behind the results page decides: unless it recommends PROMOTE of that very variant (its
     * always-valid boundary crossed in the better direction, no guardrail worse), the answer is 409 with the
     * reasons, and nothing moves. There is no override: a promotion is what the experiment showed. Then the
     * evaluation gate (the construct's pinned {@code promotionGateEvaluationSet}, and/or {@code "evaluationSet":
     * "name@version"} in the body): a winner whose accuracy regresses against the current version beyond the
     * threshold is refused too. The label, the experiment, the gate's set record and the audit record (with the set
     * versions used) are written in one transaction; the answer names the set versions too.
     */
    public Map<String, Object> promote(String id, String body, String caller) {
        Experiment e = load(id);
        requireStatus(e, "promote", ExperimentStatus.RUNNING, ExperimentStatus.STOPPED);
        JsonNode request = optionalObject(body);
        ExperimentAnalysis.Result analysis = analyse(e);
        ExperimentAnalysis.Recommendation recommendation = analysis.recommendation();
        String variantName = request.hasNonNull("variant") ? request.get("variant").asText() : recommendation.variant();
        if (variantName == null) {
            throw ApiException.conflict("no variant to promote: the analysis recommends " + recommendation.action()
                    + " (" + String.join("; ", recommendation.reasons()) + ")");
        }
        Experiment.Variant winner = e.variant(variantName)
                .orElseThrow(() -> ApiException.badRequest("experiment " + id + " has no variant '" + variantName + "'"));
        boolean recommended = recommendation.action() == ExperimentAnalysis.Action.PROMOTE
                && variantName.equals(recommendation.variant());
        if (!recommended) {
            throw ApiException.conflict("the analysis does not recommend promoting " + variantName + ": "
                    + recommendation.action() + (recommendation.variant() == null ? "" : " " + recommendation.variant())
                    + " (" + String.join("; ", recommendation.reasons()) + ")");
        }
        Optional<String> stored = experiments.labelVersion(e.label());
        String from = stored.orElseGet(() -> prompts.defaultVersionFor(e.label()).orElse(e.control().promptVersion()));
        PromotionGate gate = evaluations.requirePromotable(from, winner.promptVersion(),
                request.hasNonNull("evaluationSet")
                        ? Optional.of(EvaluationSetId.parse(request.get("evaluationSet").asText())) : Optional.empty(),
                request.hasNonNull("maxRegression") ? Optional.of(request.get("maxRegression").asDouble()) : Optional.empty());
        Instant now = clock.instant();
        Experiment promoted = e.promoted(variantName, from, now);
        ExperimentRepository.LabelMove move = new ExperimentRepository.LabelMove(e.label(), from,
                winner.promptVersion(), caller, now, e.id());
        switch (labelMoves.promote(move, stored.isEmpty(), promoted, e.version(), gate)) {
            case LABEL_MOVED_MEANWHILE -> throw ApiException.conflict("label '" + e.label()
                    + "' moved meanwhile; read the experiment again and retry");
            case GATE_MOVED_MEANWHILE -> throw ApiException.conflict("the promotion gate's set moved meanwhile"
                    + " (another promotion); retry");
            case EXPERIMENT_CHANGED_MEANWHILE, ALREADY_RECORDED -> throw ApiException.conflict("experiment " + id
                    + " changed meanwhile; read it again and retry");
            case MOVED -> { }
        }
        log.info("experiment promoted", Map.of("experimentId", id, "label", e.label(), "from", from,
                "to", winner.promptVersion(), "evidence", String.join("; ", recommendation.reasons()),
                "evaluationSets", String.join(", ", gate.sets())));
        Map<String, Object> answer = describe(promoted);
        answer.put("promotionGate", gate.describe());
        return answer;
    }

    /** Moves the label back to the version it had before this experiment's promotion. */
    public Map<String, Object> rollback(String id, String caller) {
        Experiment e = load(id);
        requireStatus(e, "roll back", ExperimentStatus.PROMOTED);
        String promotedVersion = e.variant(e.promotedVariant()).orElseThrow().promptVersion();
        Instant now = clock.instant();
        Experiment rolledBack = e.with(ExperimentStatus.ROLLED_BACK, now);
        switch (labelMoves.rollback(new ExperimentRepository.LabelMove(e.label(), promotedVersion,
                e.previousLabelVersion(), caller, now, e.id()), rolledBack, e.version())) {
            case LABEL_MOVED_MEANWHILE -> throw ApiException.conflict("label '" + e.label() + "' no longer points at "
                    + promotedVersion + "; it was moved after this promotion");
            case MOVED -> { }
            default -> throw ApiException.conflict("experiment " + id + " changed meanwhile; read it again and retry");
        }
        log.info("promotion rolled back", Map.of("experimentId", id, "label", e.label(), "to", e.previousLabelVersion()));
        return describe(rolledBack);
    }

    /** The analysis, plus accuracy per variant and the paired comparison wherever evaluation runs exist. */
    public Map<String, Object> results(String id) {
        Experiment e = load(id);
        Map<String, Object> body = new LinkedHashMap<>(ExperimentAnalysis.describe(e, analyse(e)));
        Map<String, String> treatments = new LinkedHashMap<>();
        e.variants().stream().filter(v -> !v.name().equals(e.control().name()))
                .forEach(v -> treatments.put(v.name(), v.promptVersion()));
        body.put("evaluation", evaluations.compare(e.control().name(), e.control().promptVersion(), treatments));
        return body;
    }

    /** The one analysis both the results page and promote use. */
    private ExperimentAnalysis.Result analyse(Experiment e) {
        return ExperimentAnalysis.analyse(e, observations.forExperiment(e.id()), clock.instant());
    }

    private Experiment load(String id) {
        if (!SortableIds.isValid(SortableIds.EXPERIMENT, id)) {
            throw ApiException.badRequest("experiment id must look like exp_<26 characters>");
        }
        return experiments.find(id).orElseThrow(() -> ApiException.notFound("no experiment " + id));
    }

    private static void requireStatus(Experiment e, String action, ExperimentStatus... allowed) {
        for (ExperimentStatus s : allowed) {
            if (e.status() == s) {
                return;
            }
        }
        throw ApiException.conflict("cannot " + action + " experiment " + e.id() + ": it is " + e.status());
    }

    private static long version(String ifMatch) {
        try {
            return Long.parseLong(ifMatch.replace("\"", "").trim());
        } catch (NumberFormatException ex) {
            throw ApiException.badRequest("If-Match must be the experiment's version number");
        }
    }

    private static JsonNode optionalObject(String body) {
        if (body == null || body.isBlank()) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("body must be a JSON object");
            }
            node.fieldNames().forEachRemaining(f -> {
                if (f.equals("force")) {
                    throw ApiException.badRequest("force is not accepted: a promotion must follow the experiment's"
                            + " always-valid boundary (see GET .../results)");
                }
                if (!java.util.Set.of("variant", "evaluationSet", "maxRegression").contains(f)) {
                    throw ApiException.badRequest("unknown field '" + f + "'; allowed: variant, evaluationSet, maxRegression");
                }
            });
            if (node.has("variant") && !node.get("variant").isTextual()) {
                throw ApiException.badRequest("variant must be a string");
            }
            if (node.has("evaluationSet") && !node.get("evaluationSet").isTextual()) {
                throw ApiException.badRequest("evaluationSet must name a set version, e.g. discharge-summaries@3");
            }
            if (node.has("evaluationSet")) {
                // A version, never "the newest": anybody who may write could create a newer, easier one.
                EvaluationSetId.parse(node.get("evaluationSet").asText());
            }
            if (node.has("maxRegression") && !(node.get("maxRegression").isNumber()
                    && node.get("maxRegression").asDouble() >= 0 && node.get("maxRegression").asDouble() < 1)) {
                throw ApiException.badRequest("maxRegression must be a number in [0, 1): the largest accepted drop in accuracy");
            }
            if (node.has("maxRegression") && !node.has("evaluationSet")) {
                throw ApiException.badRequest("maxRegression needs evaluationSet");
            }
            return node;
        } catch (java.io.IOException ex) {
            throw ApiException.badRequest("body is not valid JSON");
        }
    }

    static Map<String, Object> describe(Experiment e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experimentId", e.id());
        body.put("name", e.name());
        body.put("label", e.label());
        body.put("status", e.status().name());
        body.put("version", e.version());
        body.put("variants", e.variants());
        body.put("primaryMetric", e.primaryMetric().name());
        body.put("minimumDetectableEffect", e.minimumDetectableEffect());
        body.put("alpha", e.alpha());
        body.put("power", e.power());
        body.put("createdAt", e.createdAt().toString());
        if (e.startedAt() != null) {
            body.put("startedAt", e.startedAt().toString());
        }
        if (e.stoppedAt() != null) {
            body.put("stoppedAt", e.stoppedAt().toString());
        }
        if (e.promotedVariant() != null) {
            body.put("promotedVariant", e.promotedVariant());
            body.put("previousLabelVersion", e.previousLabelVersion());
        }
        body.put("links", Map.of("self", "/api/experiments/" + e.id(), "results", "/api/experiments/" + e.id() + "/results"));
        return body;
    }
}
