package io.medextract.handlers.evaluation.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.access.Requester;
import io.medextract.handlers.domain.ContentDigest;
import io.medextract.handlers.domain.DocumentRecord;
import io.medextract.handlers.domain.DocumentStatus;
import io.medextract.handlers.domain.Retention;
import io.medextract.handlers.domain.SortableIds;
import io.medextract.handlers.http.ApiException;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.prompts.PromptTemplate;
import io.medextract.handlers.quality.Compensations;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.DocumentRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluation sets: {@code POST /api/evaluation-sets} creates the next version of a named set (with documents
 * inline, or imported from an S3 prefix of {@code <case>/document.<ext>} + {@code <case>/expected.json} pairs),
 * {@code POST /api/evaluation-sets/{id}/documents} adds one document to an OPEN version, and GET lists and shows
 * them. Every document and expected extraction is checked before anything is stored, so bad input changes
 * nothing; documents are stored encrypted like uploads (bucket key), under {@code evaluation/}, where no S3 event
 * starts a production extraction. A set version belongs to its creator: its labelled documents (file names and
 * expected values, PHI) are shown to whoever may read the owner's documents ({@link DocumentAccess}); its name,
 * template and counts, which hold none, to every reader, so runs and the promotion gate work across the team.
 */
public final class EvaluationSetService {

    public static final String OBJECT_PREFIX = "evaluation/";
    public static final String IMPORT_PREFIX = "evaluation-imports/";
    private static final Set<String> CREATE_FIELDS = Set.of("name", "template", "description", "documents", "s3Prefix");

    private final EvaluationStore store;
    private final DocumentRepository documents;
    private final DocumentObjects objects;
    private final ImportPrefix imports;
    private final PromptRegistry prompts;
    private final ExpectedCheck expectedCheck;
    private final DocumentAccess access;
    private final Retention retention;
    private final Clock clock;
    private final StructuredLog log;
    private final Compensations compensations;

    public EvaluationSetService(EvaluationStore store, DocumentRepository documents, DocumentObjects objects,
                                ImportPrefix imports, PromptRegistry prompts, ExpectedCheck expectedCheck,
                                DocumentAccess access, Retention retention, Clock clock, StructuredLog log,
                                Compensations compensations) {
        this.compensations = compensations;
        this.store = store;
        this.documents = documents;
        this.objects = objects;
        this.imports = imports;
        this.prompts = prompts;
        this.expectedCheck = expectedCheck;
        this.access = access;
        this.retention = retention;
        this.clock = clock;
        this.log = log;
    }

    /** Creates version (newest + 1) of the named set, with its documents, owned by {@code requester}. */
    public Map<String, Object> create(String body, Requester requester) {
        JsonNode request = object(body);
        request.fieldNames().forEachRemaining(f -> {
            if (!CREATE_FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "'; allowed: description, documents, name, s3Prefix, template");
            }
        });
        String name = text(request, "name");
        if (!EvaluationSetId.isName(name)) {
            throw ApiException.badRequest("name must be 2-63 characters of a-z, 0-9 and '-', starting with a letter");
        }
        String templateName = text(request, "template");
        PromptTemplate schemaTemplate = newestVersionOf(templateName);
        String description = request.hasNonNull("description") ? request.get("description").asText() : null;
        if (request.has("description") && (!request.get("description").isTextual() || description.length() > 500)) {
            throw ApiException.badRequest("description must be a string of at most 500 characters");
        }
        List<LabelledDocument> given = new ArrayList<>();
        if (request.has("documents")) {
            if (!request.get("documents").isArray()) {
                throw ApiException.badRequest("documents must be an array");
            }
            int i = 0;
            for (JsonNode d : request.get("documents")) {
                given.add(LabelledDocument.parse(d, "documents[" + i++ + "]"));
            }
        }
        if (request.has("s3Prefix")) {
            if (!request.get("s3Prefix").isTextual()) {
                throw ApiException.badRequest("s3Prefix must be a string");
            }
            given.addAll(imports.read(request.get("s3Prefix").asText()));
        }
        if (given.size() > EvaluationSet.MAX_DOCUMENTS) {
            throw ApiException.badRequest("an evaluation set version holds at most " + EvaluationSet.MAX_DOCUMENTS
                    + " documents");
        }
        for (int i = 0; i < given.size(); i++) {
            requireScorable(schemaTemplate, given.get(i).expected(), "document " + i + " (" + given.get(i).filename() + ")");
        }

        int next = store.versions(name).stream().mapToInt(s -> s.id().version()).max().orElse(0) + 1;
        EvaluationSetId id = new EvaluationSetId(name, next);
        Instant now = clock.instant();
        EvaluationSet set = new EvaluationSet(id, templateName, schemaTemplate.id(), EvaluationSet.State.OPEN,
                List.of(), description, now, null, requester.owner());
        if (!store.createSet(set)) {
            throw ApiException.conflict("evaluation set " + id + " was created meanwhile; retry");
        }
        for (LabelledDocument doc : given) {
            store(set, doc, now);
        }
        log.info("evaluation set created", Map.of("set", id.toString(), "documents", given.size()));
        return describe(store.findSet(id).orElseThrow(), requester);
    }

    /**
     * Adds one document to an OPEN set version; 409 once the version has been used by a run, 403 when the
     * requester may not change the owner's set (the set's existence is no secret: every reader lists it).
     */
    public Map<String, Object> addDocument(String idText, String body, Requester requester) {
        EvaluationSetId id = EvaluationSetId.parse(idText);
        EvaluationSet set = load(id);
        if (!access.mayChange(set.owner(), requester)) {
            throw new ApiException(403, "forbidden", "evaluation set " + id + " belongs to another caller; create"
                    + " a version of your own with POST /api/evaluation-sets");
        }
        requireOpen(set);
        LabelledDocument doc = LabelledDocument.parse(object(body), "body");
        requireScorable(prompts.find(set.schemaVersion()).orElseGet(() -> newestVersionOf(set.template())),
                doc.expected(), "expected");
        String documentId = store(set, doc, clock.instant());
        log.info("evaluation document added", Map.of("set", id.toString(), "documentId", documentId));
        return describe(store.findSet(id).orElseThrow(), requester);
    }

    /** The set version; its labelled documents only for a requester who may read the owner's documents. */
    public Map<String, Object> get(String idText, Requester requester) {
        return describe(load(EvaluationSetId.parse(idText)), requester);
    }

    public Map<String, Object> list() {
        List<Map<String, Object>> sets = new ArrayList<>();
        for (String name : store.setNames()) {
            for (EvaluationSet s : store.versions(name)) {
                sets.add(describe(s, false));
            }
        }
        return Map.of("evaluationSets", sets);
    }

    EvaluationSet load(EvaluationSetId id) {
        return store.findSet(id).orElseThrow(() -> ApiException.notFound("no evaluation set " + id));
    }

    /**
     * Stores one checked document: object, document item (UPLOADED, owned by the set's owner), labelled item, then
     * the manifest entry.
     */
    private String store(EvaluationSet version, LabelledDocument doc, Instant now) {
        EvaluationSetId set = version.id();
        String documentId = SortableIds.next(SortableIds.DOCUMENT, now);
        String key = OBJECT_PREFIX + documentId + "/document." + doc.type().extension();
        String sha256 = ContentDigest.sha256Of(doc.content());
        objects.put(key, doc.content(), doc.type().mediaType(), Map.of("document-id", documentId, "sha256", sha256));
        Instant retainUntil = retention.until(now);
        documents.create(new DocumentRecord(documentId, doc.filename(), doc.type(), doc.content().length, sha256, key,
                DocumentStatus.UPLOADED, DocumentRecord.UploadMode.INLINE, now, now, null, version.owner(),
                set.toString(), retainUntil));
        store.putDocument(new EvaluationDocument(set, documentId, doc.filename(), doc.type(),
                Json.write(doc.expected()), now, retainUntil, sha256));
        if (!store.appendToManifest(set, documentId)) {
            // Sealed by a run meanwhile (or full): the document never became part of the version.
            compensations.run("discard-unlisted-evaluation-document", Map.of("set", set.toString(),
                    "documentId", documentId), () -> {
                        store.deleteDocument(set, documentId);
                        objects.delete(key);
                    });
            throw ApiException.conflict("evaluation set " + set + " was used by an evaluation run (or is full) and"
                    + " can no longer change; create a new version with POST /api/evaluation-sets");
        }
        return documentId;
    }

    private static void requireOpen(EvaluationSet set) {
        if (set.state() == EvaluationSet.State.SEALED) {
            throw ApiException.conflict("evaluation set " + set.id() + " was used by an evaluation run and is"
                    + " immutable; create a new version with POST /api/evaluation-sets");
        }
    }

    private void requireScorable(PromptTemplate template, JsonNode expected, String where) {
        List<String> problems = expectedCheck.problems(template, expected);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(where + ": expected does not follow the schema of " + template.id() + ": "
                    + String.join("; ", problems.subList(0, Math.min(10, problems.size()))));
        }
    }

    /** The newest deployed version of a template name: its schema is what expected documents must follow. */
    PromptTemplate newestVersionOf(String templateName) {
        return prompts.ids().stream().map(prompts::find).map(java.util.Optional::orElseThrow)
                .filter(t -> t.name().equals(templateName))
                .max(Comparator.comparingInt(PromptTemplate::version))
                .orElseThrow(() -> ApiException.badRequest("unknown template '" + templateName + "'; deployed: "
                        + String.join(", ", new java.util.TreeSet<>(prompts.ids()))));
    }

    static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("request body is required");
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("body must be a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("body is not valid JSON");
        }
    }

    static String text(JsonNode request, String field) {
        if (!request.path(field).isTextual()) {
            throw ApiException.badRequest("field '" + field + "' is missing or not a string");
        }
        return request.get(field).asText();
    }

    private Map<String, Object> describe(EvaluationSet set, Requester requester) {
        Map<String, Object> body = describe(set, access.mayRead(set.owner(), requester));
        body.put("documentsShown", access.mayRead(set.owner(), requester));
        return body;
    }

    Map<String, Object> describe(EvaluationSet set, boolean withDocuments) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("set", set.id().toString());
        body.put("name", set.id().name());
        body.put("version", set.id().version());
        body.put("template", set.template());
        body.put("schemaVersion", set.schemaVersion());
        body.put("state", set.state().name());
        if (set.owner() != null) {
            body.put("owner", set.owner());
        }
        if (set.description() != null) {
            body.put("description", set.description());
        }
        body.put("documentCount", set.documentIds().size());
        body.put("createdAt", set.createdAt().toString());
        if (set.sealedAt() != null) {
            body.put("sealedAt", set.sealedAt().toString());
        }
        if (withDocuments) {
            Map<String, EvaluationDocument> docs = store.documents(set.id());
            List<Map<String, Object>> list = new ArrayList<>();
            for (String documentId : set.documentIds()) {
                EvaluationDocument d = docs.get(documentId);
                if (d == null) {
                    continue; // erased (DELETE /api/documents, or retention): its id stays in the manifest only
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("documentId", documentId);
                entry.put("filename", d.filename());
                entry.put("contentType", d.type().mediaType());
                entry.put("expected", Json.parse(d.expectedJson()));
                list.add(entry);
            }
            body.put("documents", list);
        }
        body.put("links", Map.of("self", "/api/evaluation-sets/" + set.id(),
                "runs", "/api/evaluations?set=" + set.id().name()));
        return body;
    }
}
