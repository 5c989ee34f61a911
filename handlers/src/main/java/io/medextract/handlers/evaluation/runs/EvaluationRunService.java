package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.prompts.PromptTemplate;
import io.medextract.handlers.store.CallerRateLimits;
import io.medextract.handlers.store.ExtractionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluation runs: {@code POST /api/evaluations {set, promptVersion, model?}} seals the set version and queues
 * every document through the normal extraction queue and worker (trigger EVALUATION); {@code GET
 * /api/evaluations/{id}} shows progress and, once every extraction is final, the scores; runs of one set are
 * listed side by side and two runs compared document by document. A run is scored exactly once, by whichever
 * request (or the schedule) first finds all its extractions final: the completion is a conditional write, and
 * only its winner records the history point and the metric.
 */
public final class EvaluationRunService {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,128}");
    private static final Set<String> CREATE_FIELDS = Set.of("set", "promptVersion", "model");

    /** The answer to POST: the run, and whether it existed already (a retry or a repeated request). */
    public record Created(Map<String, Object> body, boolean existed) {}

    private final EvaluationStore store;
    private final ExtractionRepository extractions;
    private final EvaluationDispatch dispatch;
    private final PromptRegistry prompts;
    private final RunScoring scoring;
    private final String defaultModel;
    private final Set<String> allowedModels;
    private final String stage;
    private final Clock clock;
    private final StructuredLog log;

    /** The bucket of evaluation documents a caller may run (CallerRateLimits scope). */
    static final String EVALUATION_SCOPE = "evaluation-documents";

    private final CallerRateLimits limits;
    private final Optional<CallerRateLimits.Limit> limit;

    /**
     * @param limits the callers' token buckets
     * @param limit  how many evaluation documents one caller may run (CALLER_EVALUATION_LIMIT); empty: no limit
     */
    public EvaluationRunService(EvaluationStore store, ExtractionRepository extractions, EvaluationDispatch dispatch,
                                PromptRegistry prompts, RunScoring scoring, String defaultModel,
                                Set<String> otherModels, String stage, Clock clock, StructuredLog log,
                                CallerRateLimits limits, Optional<CallerRateLimits.Limit> limit) {
        this.limits = limits;
        this.limit = limit;
        this.store = store;
        this.extractions = extractions;
        this.dispatch = dispatch;
        this.prompts = prompts;
        this.scoring = scoring;
        this.defaultModel = defaultModel;
        java.util.Set<String> allowed = new java.util.TreeSet<>(otherModels);
        allowed.add(defaultModel);
        this.allowedModels = Set.copyOf(allowed);
        this.stage = stage;
        this.clock = clock;
        this.log = log;
    }

    public Created create(String body, Optional<String> idempotencyKey, String caller) {
        JsonNode request = EvaluationSetService.object(body);
        request.fieldNames().forEachRemaining(f -> {
            if (!CREATE_FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "'; allowed: model, promptVersion, set");
            }
        });
        idempotencyKey.ifPresent(k -> {
            if (!IDEMPOTENCY_KEY.matcher(k).matches()) {
                throw ApiException.badRequest("Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ . : -");
            }
        });
        EvaluationSetId setId = EvaluationSetId.parse(EvaluationSetService.text(request, "set"));
        String promptVersion = EvaluationSetService.text(request, "promptVersion");
        if (!PromptTemplate.isWellFormedId(promptVersion)) {
            throw ApiException.badRequest("promptVersion must look like name@version, e.g. clinical-summary@1");
        }
        PromptTemplate template = prompts.find(promptVersion).orElseThrow(() -> ApiException.badRequest(
                "unknown promptVersion '" + promptVersion + "'; deployed: "
                        + String.join(", ", new java.util.TreeSet<>(prompts.ids()))));
        String model = request.has("model") ? EvaluationSetService.text(request, "model") : defaultModel;
        if (!allowedModels.contains(model)) {
            throw ApiException.badRequest("model '" + model + "' is not one the extract function may call; allowed: "
                    + String.join(", ", new java.util.TreeSet<>(allowedModels)) + " (construct prop evaluationModelIds)");
        }
        EvaluationSet set = store.findSet(setId).orElseThrow(() -> ApiException.notFound("no evaluation set " + setId));
        if (!set.template().equals(template.name())) {
            throw ApiException.badRequest("evaluation set " + setId + " is labelled for template '" + set.template()
                    + "', not '" + template.name() + "'");
        }
        if (set.documentIds().isEmpty()) {
            throw ApiException.conflict("evaluation set " + setId + " has no documents yet");
        }
        if (!set.schemaVersion().equals(template.id())) {
            requireExpectedFollow(template, set);
        }

        // Same set version, prompt version, model (and Idempotency-Key): the same run, never a second one.
        String runId = SortableIds.deterministic(SortableIds.EVALUATION_RUN, set.createdAt(), String.join("#",
                setId.toString(), promptVersion, model, caller, idempotencyKey.orElse("")));
        Optional<EvaluationRun> existing = store.findRun(runId);
        if (existing.isPresent()) {
            resume(existing.get());
            return new Created(describe(existing.get(), false), true);
        }
        // A run costs one paid extraction per document: it takes that many from the caller's bucket.
        // Counted per owner (every session of one IAM role is one): a session name is the assumer's choice.
        limit.ifPresent(l -> requireWithinLimit(io.medextract.handlers.access.Requester.ownerOf(caller), l,
                set.documentIds().size()));
        Instant now = clock.instant();
        EvaluationSet sealed = store.seal(setId, now).orElseThrow(() -> ApiException.notFound("no evaluation set " + setId));
        // Documents erased from the set (DELETE /api/documents, or retention) are not extracted again.
        Set<String> labelled = store.documents(setId).keySet();
        List<String> documents = sealed.documentIds().stream().filter(labelled::contains).toList();
        if (documents.isEmpty()) {
            throw ApiException.conflict("every document of evaluation set " + setId + " has been erased");
        }
        EvaluationRun run = new EvaluationRun(runId, setId, promptVersion, model, EvaluationRun.State.RUNNING,
                documents, caller, now, null, null, null);
        if (!store.createRun(run)) {
            EvaluationRun raced = store.findRun(runId).orElseThrow();
            resume(raced);
            return new Created(describe(raced, false), true);
        }
        int queued = dispatch.dispatch(run, now);
        log.info("evaluation run queued", Map.of("runId", runId, "set", setId.toString(),
                "promptVersion", promptVersion, "documents", queued));
        return new Created(describe(run, false), false);
    }

    private void requireWithinLimit(String caller, CallerRateLimits.Limit l, int documents) {
        CallerRateLimits.Decision decision = limits.take(caller, EVALUATION_SCOPE, l, documents);
        if (decision instanceof CallerRateLimits.Decision.TooLarge) {
            throw ApiException.badRequest("a run of " + documents + " documents is more than you may run at all"
                    + " (callerEvaluationLimit: " + l.describe() + " documents); use a smaller set version");
        }
        if (decision instanceof CallerRateLimits.Decision.Refused refused) {
            long seconds = refused.retryAfter().toSeconds();
            throw ApiException.tooManyRequests("a run of " + documents + " documents would exceed your evaluation"
                    + " limit (callerEvaluationLimit: " + l.describe() + " documents); it is possible in " + seconds
                    + " s", seconds);
        }
    }

    /** A retried create: re-queues what the first attempt may not have queued before it died. */
    private void resume(EvaluationRun run) {
        if (run.state() == EvaluationRun.State.RUNNING) {
            dispatch.dispatch(run, run.createdAt());
        }
    }

    /** The expected documents were checked against another version's schema: check them against this one's. */
    private void requireExpectedFollow(PromptTemplate template, EvaluationSet set) {
        ExpectedCheck check = new ExpectedCheck();
        Map<String, EvaluationDocument> docs = store.documents(set.id());
        for (String documentId : set.documentIds()) {
            if (!docs.containsKey(documentId)) {
                continue; // erased (DELETE /api/documents, or retention): nothing left to check
            }
            List<String> problems = check.problems(template, Json.parse(docs.get(documentId).expectedJson()));
            if (!problems.isEmpty()) {
                throw ApiException.badRequest("the expected extraction of " + documentId + " in " + set.id()
                        + " does not follow the schema of " + template.id() + ": "
                        + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            }
        }
    }

    public Map<String, Object> get(String runId) {
        return describe(completeIfFinished(load(runId)), true);
    }

    /** Runs of one set (every version), newest first, side by side; optionally of one prompt version. */
    public Map<String, Object> list(Optional<String> setName, Optional<String> promptVersion) {
        String name = setName.orElseThrow(() -> ApiException.badRequest("give ?set=<evaluation set name>"));
        if (!EvaluationSetId.isName(name)) {
            throw ApiException.badRequest("set must be an evaluation set name");
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        List<String> ids = new ArrayList<>(store.runIdsOf(name));
        java.util.Collections.reverse(ids);
        for (String id : ids) {
            EvaluationRun run = completeIfFinished(store.findRun(id).orElseThrow());
            if (promptVersion.map(v -> v.equals(run.promptVersion())).orElse(true)) {
                runs.add(describe(run, false));
            }
        }
        return Map.of("set", name, "runs", runs);
    }

    /** Two completed runs of the same set version, paired document by document. */
    public Map<String, Object> compare(Optional<String> baselineId, Optional<String> candidateId) {
        EvaluationRun baseline = completed(load(baselineId.orElseThrow(() -> ApiException.badRequest("give ?baseline=<run id>"))));
        EvaluationRun candidate = completed(load(candidateId.orElseThrow(() -> ApiException.badRequest("give ?candidate=<run id>"))));
        if (!baseline.set().equals(candidate.set())) {
            throw ApiException.badRequest("runs of different set versions cannot be paired: " + baseline.set()
                    + " and " + candidate.set());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("set", baseline.set().toString());
        body.put("baseline", describe(baseline, false));
        body.put("candidate", describe(candidate, false));
        body.put("comparison", scoring.compare(scores(baseline), scores(candidate)).describe());
        return body;
    }

    /** The schedule's job: completes every RUNNING run whose extractions are all final. */
    public Map<String, Object> completePending() {
        int completed = 0;
        for (String id : store.runningRunIds()) {
            Optional<EvaluationRun> run = store.findRun(id);
            if (run.isPresent() && run.get().state() == EvaluationRun.State.COMPLETED) {
                announce(run.get()); // scored, but the invocation died before it recorded the completion
                completed++;
            } else if (run.isPresent() && completeIfFinished(run.get()).state() == EvaluationRun.State.COMPLETED) {
                completed++;
            }
        }
        return Map.of("completedRuns", completed);
    }

    /**
     * The pair the promotion gate compares: the newest completed runs of {@code baselineVersion} and
     * {@code candidateVersion} on exactly {@code set} (the pinned version, never a newer one anybody may create) with
     * {@code modelId}.
     */
    public Optional<RunPair> pairOn(EvaluationSetId set, String baselineVersion, String candidateVersion, String modelId) {
        Map<String, EvaluationRun> byVersion = new LinkedHashMap<>();
        for (EvaluationRun r : newestCompleted(set.name(), Set.of(baselineVersion, candidateVersion))) {
            if (r.set().equals(set) && r.modelId().equals(modelId)) {
                byVersion.put(r.promptVersion(), r);
            }
        }
        return byVersion.containsKey(baselineVersion) && byVersion.containsKey(candidateVersion)
                ? Optional.of(new RunPair(byVersion.get(baselineVersion), byVersion.get(candidateVersion)))
                : Optional.empty();
    }

    /** The stage's model (BEDROCK_MODEL_ID): what production extracts with, so what the gate measures. */
    public String defaultModel() {
        return defaultModel;
    }

    /**
     * The newest completed runs of {@code baselineVersion} and of each candidate on the newest version of {@code setName}
     * that has both with the same model, from one look at the set's runs: keyed by
     * candidate, absent where there is no pair. Reads only the newest completed run per (set version, model, prompt
     * version) of the versions asked for (plus newer runs of theirs still running), so its cost follows the set
     * versions and models compared, not the number of runs ever made.
     */
    public Map<String, RunPair> newestPairs(String setName, String baselineVersion, Collection<String> candidateVersions) {
        Set<String> wanted = new HashSet<>(candidateVersions);
        wanted.add(baselineVersion);
        Map<String, Map<String, EvaluationRun>> bySetVersionAndModel = new LinkedHashMap<>();
        for (EvaluationRun r : newestCompleted(setName, wanted)) {
            bySetVersionAndModel.computeIfAbsent(r.set() + "|" + r.modelId(), k -> new LinkedHashMap<>())
                    .put(r.promptVersion(), r);
        }
        Map<String, RunPair> pairs = new LinkedHashMap<>();
        for (String candidate : candidateVersions) {
            bySetVersionAndModel.values().stream()
                    .filter(m -> m.containsKey(baselineVersion) && m.containsKey(candidate))
                    .map(m -> new RunPair(m.get(baselineVersion), m.get(candidate)))
                    .max(Comparator.comparing((RunPair p) -> p.baseline().set().version())
                            .thenComparing(p -> p.candidate().completedAt()))
                    .ifPresent(pair -> pairs.put(candidate, pair));
        }
        return pairs;
    }

    /**
     * The newest completed run (by creation) per (set version, model, prompt version) among {@code promptVersions}:
     * the set's run pointers, newest first, name what each run compares, so older runs of a key already found
     * and runs of other prompt versions are never read.
     */
    private List<EvaluationRun> newestCompleted(String setName, Set<String> promptVersions) {
        Map<String, EvaluationRun> found = new LinkedHashMap<>();
        for (EvaluationStore.RunPointer pointer : store.runPointersOf(setName)) {
            boolean described = pointer.promptVersion() != null;
            if (described && (!promptVersions.contains(pointer.promptVersion())
                    || found.containsKey(pointer.setVersion() + "|" + pointer.modelId() + "|" + pointer.promptVersion()))) {
                continue;
            }
            store.findRun(pointer.runId()).map(this::completeIfFinished)
                    .filter(r -> r.state() == EvaluationRun.State.COMPLETED && promptVersions.contains(r.promptVersion()))
                    .ifPresent(r -> found.putIfAbsent(r.set().version() + "|" + r.modelId() + "|" + r.promptVersion(), r));
        }
        return List.copyOf(found.values());
    }

    /** A baseline and a candidate run of the same set version and model. */
    public record RunPair(EvaluationRun baseline, EvaluationRun candidate) {}

    /** Per-document scores of a completed run, recomputed from its stored extractions (scoring is deterministic). */
    public RunScoring.RunScores scores(EvaluationRun run) {
        PromptTemplate template = prompts.find(run.promptVersion()).orElseThrow(() -> ApiException.conflict(
                "prompt version " + run.promptVersion() + " of run " + run.runId() + " is no longer deployed"));
        Map<String, EvaluationDocument> docs = store.documents(run.set());
        List<RunScoring.Case> cases = new ArrayList<>();
        for (String documentId : run.documentIds()) {
            if (!docs.containsKey(documentId)) {
                continue; // erased since the run: scored on the documents that are left
            }
            ExtractionRecord extraction = extractions.find(documentId, run.extractionIdFor(documentId)).orElse(null);
            JsonNode actual = extraction != null && extraction.status() == ExtractionStatus.SUCCEEDED
                    && extraction.resultJson() != null ? Json.parse(extraction.resultJson()) : null;
            cases.add(new RunScoring.Case(documentId, Json.parse(docs.get(documentId).expectedJson()), actual,
                    extraction == null || extraction.errorCategory() == null ? null : extraction.errorCategory().name()));
        }
        return scoring.score(template, cases);
    }

    EvaluationRun completeIfFinished(EvaluationRun run) {
        if (run.state() == EvaluationRun.State.COMPLETED) {
            return run;
        }
        Map<String, EvaluationDocument> labelled = null;
        for (String documentId : run.documentIds()) {
            Optional<ExtractionRecord> e = extractions.find(documentId, run.extractionIdFor(documentId));
            if (e.isEmpty()) {
                // Never queued yet, or erased with its document (whose extraction will then never come).
                labelled = labelled != null ? labelled : store.documents(run.set());
                if (!labelled.containsKey(documentId)) {
                    continue;
                }
                return run;
            }
            if (!e.get().status().isFinal()) {
                return run;
            }
        }
        RunScoring.RunScores scores = scores(run);
        EvaluationRun completed = run.completed(clock.instant(), Json.write(scores.summary()), scores.exactAccuracy());
        if (!store.complete(completed)) {
            return store.findRun(run.runId()).orElseThrow(); // scored by another request meanwhile
        }
        announce(completed);
        return completed;
    }

    /** Only the invocation whose completion write won gets here (or the schedule's repair): one point, one metric. */
    private void announce(EvaluationRun completed) {
        store.recordCompletion(completed);
        log.raw(EvaluationMetrics.completed(completed, stage, clock.instant()));
        log.info("evaluation run completed", Map.of("runId", completed.runId(), "set", completed.set().toString(),
                "promptVersion", completed.promptVersion(), "documents", completed.documentIds().size()));
    }

    private EvaluationRun completed(EvaluationRun run) {
        EvaluationRun current = completeIfFinished(run);
        if (current.state() != EvaluationRun.State.COMPLETED) {
            throw ApiException.conflict("evaluation run " + run.runId() + " is still running");
        }
        return current;
    }

    EvaluationRun load(String runId) {
        if (!SortableIds.isValid(SortableIds.EVALUATION_RUN, runId)) {
            throw ApiException.badRequest("evaluation run id must look like evr_<26 characters>");
        }
        return store.findRun(runId).orElseThrow(() -> ApiException.notFound("no evaluation run " + runId));
    }

    private Map<String, Object> describe(EvaluationRun run, boolean withDocuments) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", run.runId());
        body.put("set", run.set().toString());
        body.put("promptVersion", run.promptVersion());
        body.put("modelId", run.modelId());
        body.put("state", run.state().name());
        body.put("createdAt", run.createdAt().toString());
        if (run.state() == EvaluationRun.State.RUNNING || withDocuments) {
            body.put("progress", progress(run));
        }
        if (run.completedAt() != null) {
            body.put("completedAt", run.completedAt().toString());
            body.put("exactDocumentAccuracy", run.accuracy());
            body.put("scores", Json.parse(run.summaryJson()));
            if (withDocuments) {
                body.put("documents", scores(run).documents());
            }
        }
        body.put("links", Map.of("self", "/api/evaluations/" + run.runId(),
                "set", "/api/evaluation-sets/" + run.set()));
        return body;
    }

    private Map<String, Object> progress(EvaluationRun run) {
        Map<String, Integer> byStatus = new java.util.TreeMap<>();
        for (String documentId : run.documentIds()) {
            String status = extractions.find(documentId, run.extractionIdFor(documentId))
                    .map(e -> e.status().name()).orElse("NOT_QUEUED");
            byStatus.merge(status, 1, Integer::sum);
        }
        int finished = byStatus.getOrDefault("SUCCEEDED", 0) + byStatus.getOrDefault("FAILED", 0);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("documents", run.documentIds().size());
        progress.put("finished", finished);
        progress.put("byStatus", byStatus);
        return progress;
    }
}
