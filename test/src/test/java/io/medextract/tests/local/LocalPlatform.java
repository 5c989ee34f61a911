package io.medextract.tests.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.contract.EnvironmentVariables;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.domain.Retention;
import io.medextract.handlers.bedrock.BedrockExtractor;
import io.medextract.handlers.models.ModelCapabilities;
import io.medextract.handlers.bedrock.BedrockRetryPolicy;
import io.medextract.handlers.experiments.ExperimentObservations;
import io.medextract.handlers.variants.ExperimentRepository;
import io.medextract.handlers.variants.ExperimentSumsRepository;
import io.medextract.handlers.experiments.ExperimentPages;
import io.medextract.handlers.experiments.ExperimentService;
import io.medextract.handlers.experiments.ExperimentsHandler;
import io.medextract.handlers.experiments.PromptLabelMoves;
import io.medextract.handlers.variants.PromptSelector;
import io.medextract.handlers.evaluation.runs.EvaluationDispatch;
import io.medextract.handlers.evaluation.runs.EvaluationEvidence;
import io.medextract.handlers.evaluation.runs.EvaluationRunService;
import io.medextract.handlers.evaluation.runs.EvaluationSetId;
import io.medextract.handlers.evaluation.runs.EvaluationSetService;
import io.medextract.handlers.evaluation.runs.EvaluationStore;
import io.medextract.handlers.evaluation.runs.ExpectedCheck;
import io.medextract.handlers.evaluation.runs.ImportPrefix;
import io.medextract.handlers.evaluation.runs.RunScoring;
import io.medextract.handlers.extract.ExtractHandler;
import io.medextract.handlers.metrics.EvaluationAccuracyQuery;
import io.medextract.handlers.metrics.HourlyRollup;
import io.medextract.handlers.metrics.MetricsHandler;
import io.medextract.handlers.metrics.MetricsQueries;
import io.medextract.handlers.metrics.RollupRepository;
import io.medextract.handlers.extract.DeadLetterConsumer;
import io.medextract.handlers.extract.ExtractionBatchProcessor;
import io.medextract.handlers.extract.ExtractionQueues;
import io.medextract.handlers.extract.ExtractionRequests;
import io.medextract.handlers.extract.DocumentPreparation;
import io.medextract.handlers.extract.ExtractionWorker;
import io.medextract.handlers.extract.RequeuePolicy;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.prompts.PromptLabels;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.quality.Compensations;
import io.medextract.handlers.quality.PriceTable;
import io.medextract.handlers.store.ActiveExtractions;
import io.medextract.handlers.store.CallerRateLimits;
import io.medextract.handlers.quality.SchemaCheck;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.PresignedUploads;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.handlers.store.IdempotencyRecords;
import io.medextract.handlers.store.LabelledDocumentItems;
import io.medextract.handlers.upload.DocumentErasure;
import io.medextract.handlers.upload.UploadHandler;
import io.medextract.handlers.upload.UploadService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One platform on the local servers: its own tables (defined by the construct), bucket, queue with DLQ and
 * Bedrock fake, and the real handlers wired to them with real SDK clients. The harness plays the parts
 * AWS plays in production: it turns requests into API Gateway proxy events, puts S3's "Object Created"
 * event on the queue (S3Mock sends none), and drives the queue like the Lambda event source mapping does.
 */
public final class LocalPlatform implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final int MAX_RECEIVE_COUNT = 3;
    /** The static key pair every client of the local platform signs with, and the region they sign for. */
    public static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("test", "test");
    public static final Region REGION = Region.US_EAST_1;

    /**
     * How this platform differs from the default one.
     *
     * @param modelId            the Bedrock model id the worker uses
     * @param visibilitySeconds  the extraction queue's visibility timeout (30 s by default; short to watch
     *                           receives pile up in seconds)
     * @param requeue            delays and budget for extractions Bedrock keeps busy (1-2 s delays here, so
     *                           tests do not wait the production 30 s - 15 min)
     * @param workerS3Endpoint   where the extract worker reaches S3 (e.g. a {@link S3PermissionProxy}); null
     *                           for S3Mock directly
     */
    public record Options(String modelId, int visibilitySeconds, RequeuePolicy requeue, java.net.URI workerS3Endpoint,
                          java.util.Optional<EvaluationSetId> promotionGateSet, DocumentAccess documentAccess,
                          Retention retention, java.util.Optional<CallerRateLimits.Limit> extractionLimit,
                          java.util.Optional<CallerRateLimits.Limit> evaluationLimit) {

        public static Options defaults() {
            return new Options("us.anthropic.claude-haiku-4-5-20251001-v1:0", 30,
                    new RequeuePolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), RequeuePolicy.DEFAULT_BUDGET), null,
                    java.util.Optional.empty(), DocumentAccess.OWNER_ONLY, Retention.UNTIL_ERASED,
                    java.util.Optional.empty(), java.util.Optional.empty());
        }

        public Options modelId(String value) {
            return new Options(value, visibilitySeconds, requeue, workerS3Endpoint, promotionGateSet, documentAccess,
                    retention, extractionLimit, evaluationLimit);
        }

        public Options visibilitySeconds(int value) {
            return new Options(modelId, value, requeue, workerS3Endpoint, promotionGateSet, documentAccess, retention,
                    extractionLimit, evaluationLimit);
        }

        public Options requeue(RequeuePolicy value) {
            return new Options(modelId, visibilitySeconds, value, workerS3Endpoint, promotionGateSet, documentAccess,
                    retention, extractionLimit, evaluationLimit);
        }

        public Options workerS3Endpoint(java.net.URI value) {
            return new Options(modelId, visibilitySeconds, requeue, value, promotionGateSet, documentAccess, retention,
                    extractionLimit, evaluationLimit);
        }

        /** The construct's promotionGateEvaluationSet ({@code name@version}): every promotion is gated on it. */
        public Options promotionGateSet(String value) {
            return new Options(modelId, visibilitySeconds, requeue, workerS3Endpoint,
                    java.util.Optional.of(EvaluationSetId.parse(value)), documentAccess, retention, extractionLimit,
                    evaluationLimit);
        }

        /** The construct's documentAccess (OWNER_ONLY by default, as deployed). */
        public Options documentAccess(DocumentAccess value) {
            return new Options(modelId, visibilitySeconds, requeue, workerS3Endpoint, promotionGateSet, value, retention,
                    extractionLimit, evaluationLimit);
        }

        /** The construct's retention (kept until erased by default, as deployed). */
        public Options retention(Retention value) {
            return new Options(modelId, visibilitySeconds, requeue, workerS3Endpoint, promotionGateSet, documentAccess,
                    value, extractionLimit, evaluationLimit);
        }

        /** The construct's callerExtractionLimit (none by default here, so other tests never meet it). */
        public Options extractionLimit(int count, Duration per) {
            return new Options(modelId, visibilitySeconds, requeue, workerS3Endpoint, promotionGateSet, documentAccess,
                    retention, java.util.Optional.of(new CallerRateLimits.Limit(count, per)), evaluationLimit);
        }

        /** The construct's callerEvaluationLimit (none by default here). */
        public Options evaluationLimit(int count, Duration per) {
            return new Options(modelId, visibilitySeconds, requeue, workerS3Endpoint, promotionGateSet, documentAccess,
                    retention, extractionLimit, java.util.Optional.of(new CallerRateLimits.Limit(count, per)));
        }
    }

    /** The IAM caller {@link #api} calls as. */
    public static final String TEST_CALLER = "arn:aws:iam::000000000000:role/test-caller";

    /** An API response: status and parsed JSON body. */
    public record ApiResult(int status, JsonNode body, Map<String, String> headers) {}

    public final String resultsTable;
    public final String experimentsTable;
    /** The append-only audit table (label moves). */
    public final String auditTable;
    public final String bucket;
    public final String queueUrl;
    public final String queueArn;
    /** The evaluation queue: evaluation runs' extractions, drained apart from the production queue. */
    public final String evaluationQueueUrl;
    public final String evaluationQueueArn;
    public final String dlqUrl;
    public final String dlqArn;
    public final BedrockConverseFake bedrock;
    public final AwsClients clients;
    public final UploadHandler upload;
    public final ExtractHandler extract;
    /** The queue worker behind {@link #extract}, for tests that control the invocation's remaining time. */
    public final ExtractionWorker worker;
    /** The prompt selector the worker and the extraction requests share (it caches the running experiment). */
    public final PromptSelector selector;
    public final ExtractionRepository extractions;
    public final DocumentRepository documents;
    public final ExperimentRepository experimentRepository;
    /** Pages of the experiment list, as the experiments function reads them. */
    public final ExperimentPages experimentPages;
    public final RollupRepository rollups;
    public final ExperimentSumsRepository experimentSums;
    public final HourlyRollup hourlyRollup;
    public final ExperimentsHandler experiments;
    /**
     * S3 as presigned URLs reach it: S3Mock behind the checks S3 makes and S3Mock does not (signature, expiry,
     * If-None-Match). The upload function's presigned URLs name it.
     */
    public final S3PermissionProxy presignedS3;
    /** S3's clock for presigned URLs: real time, movable forward past a URL's expiry. */
    public final MutableClock s3Clock = new MutableClock();
    public final ExperimentService experimentService;
    public final EvaluationStore evaluationStore;
    public final EvaluationSetService evaluationSets;
    public final EvaluationRunService evaluationRuns;
    /** Reports failed compensating writes (as the functions do), for tests that make one fail. */
    public final Compensations compensations;
    /** The handlers' clock: real time, movable forward (e.g. past the 30 s label cache). */
    public final MutableClock clock = new MutableClock();
    /**
     * When set, every invocation from the extraction queue fails at the Lambda level (out of memory, timeout,
     * a crashed runtime): the batch reports nothing and every message comes back after its visibility timeout.
     */
    public volatile boolean extractionInvocationsCrash;

    private LocalPlatform(Options options, UnaryOperator<SdkHttpClient> httpDecorator) {
        String modelId = options.modelId();
        LocalServers servers = LocalServers.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.resultsTable = "results-" + suffix;
        this.experimentsTable = "experiments-" + suffix;
        this.auditTable = "audit-" + suffix;
        this.bucket = "documents-" + suffix;
        this.bedrock = new BedrockConverseFake();
        this.clients = new AwsClients(new AwsClients.Settings(REGION, StaticCredentialsProvider.create(CREDENTIALS),
                Map.of("dynamodb", servers.dynamoEndpoint(), "s3", servers.s3Endpoint(),
                        "sqs", servers.sqsEndpoint(), "bedrock", bedrock.endpoint())), httpDecorator);
        ConstructTables.create(clients.dynamoDb(), "Results", resultsTable);
        ConstructTables.create(clients.dynamoDb(), "Experiments", experimentsTable);
        ConstructTables.create(clients.dynamoDb(), "Audit", auditTable);
        clients.s3().createBucket(b -> b.bucket(bucket));
        clients.s3().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        this.dlqUrl = clients.sqs().createQueue(b -> b.queueName("dlq-" + suffix)).queueUrl();
        this.dlqArn = arnOf(dlqUrl);
        this.queueUrl = clients.sqs().createQueue(b -> b.queueName("extraction-" + suffix).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(options.visibilitySeconds()),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}")))
                .queueUrl();
        this.queueArn = arnOf(queueUrl);
        this.evaluationQueueUrl = clients.sqs().createQueue(b -> b.queueName("evaluation-" + suffix).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(options.visibilitySeconds()),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}")))
                .queueUrl();
        this.evaluationQueueArn = arnOf(evaluationQueueUrl);

        StructuredLog log = StructuredLog.toStdout("local-platform");
        Clock clock = this.clock;
        PromptRegistry prompts = PromptRegistry.load(null, true);
        PromptLabels labels = new PromptLabels(clients.dynamoDb(), experimentsTable, prompts, clock);
        this.documents = new DocumentRepository(clients.dynamoDb(), resultsTable);
        this.extractions = new ExtractionRepository(clients.dynamoDb(), resultsTable);
        DocumentObjects objects = new DocumentObjects(clients.s3(), bucket);
        DocumentObjects workerObjects = options.workerS3Endpoint() == null ? objects
                : new DocumentObjects(new AwsClients(new AwsClients.Settings(Region.US_EAST_1,
                        StaticCredentialsProvider.create(CREDENTIALS),
                        Map.of("s3", options.workerS3Endpoint()))).s3(), bucket);
        this.presignedS3 = new S3PermissionProxy(servers.s3Endpoint(),
                new PresignedRequestCheck(CREDENTIALS, REGION.id(), s3Clock));
        AwsClients presigning = new AwsClients(new AwsClients.Settings(REGION, StaticCredentialsProvider.create(CREDENTIALS),
                Map.of("s3", presignedS3.endpoint())));
        this.upload = new UploadHandler(new UploadService(documents, objects,
                new PresignedUploads(presigning::presigner, bucket),
                new IdempotencyRecords(clients.dynamoDb(), resultsTable), options.documentAccess(), options.retention(),
                clock, log),
                new DocumentErasure(documents, objects, new LabelledDocumentItems(clients.dynamoDb(), experimentsTable),
                        clock, log),
                List.of("https://app.example.org"));
        // Same retry logic as production, with millisecond waits so the tests do not sleep for seconds.
        BedrockRetryPolicy fastRetry = new BedrockRetryPolicy(4, Duration.ofMillis(2), Duration.ofMillis(20),
                d -> Thread.sleep(d.toMillis()), new Random(7));
        this.experimentRepository = new ExperimentRepository(clients.dynamoDb(), experimentsTable);
        this.selector = new PromptSelector(labels, experimentRepository, "production", clock);
        this.worker = new ExtractionWorker(documents, extractions, workerObjects, prompts, selector,
                new DocumentPreparation(log),
                new BedrockExtractor(clients.bedrock(), ModelCapabilities.documented()), fastRetry, new SchemaCheck(),
                PriceTable.defaults(), modelId, "dev", options.requeue(), clock, log);
        CallerRateLimits limits = new CallerRateLimits(clients.dynamoDb(), resultsTable, clock);
        this.compensations = new Compensations(log, "dev", clock);
        ExtractionRequests requests = new ExtractionRequests(documents, extractions, prompts, selector, clients::sqs,
                queueUrl, modelId, options.documentAccess(), clock, log,
                new ActiveExtractions(clients.dynamoDb(), resultsTable, extractions), limits, options.extractionLimit(),
                compensations);
        this.rollups = new RollupRepository(clients.dynamoDb(), resultsTable);
        this.experimentSums = new ExperimentSumsRepository(clients.dynamoDb(), resultsTable);
        this.hourlyRollup = new HourlyRollup(extractions, rollups, experimentSums, log);
        this.evaluationStore = new EvaluationStore(clients.dynamoDb(), experimentsTable);
        RunScoring scoring = new RunScoring();
        this.evaluationSets = new EvaluationSetService(evaluationStore, documents, objects,
                new ImportPrefix(clients.s3(), bucket), prompts, new ExpectedCheck(), options.documentAccess(),
                options.retention(), clock, log, compensations);
        this.evaluationRuns = new EvaluationRunService(evaluationStore, extractions,
                new EvaluationDispatch(extractions, clients.sqs(), evaluationQueueUrl), prompts, scoring, modelId,
                java.util.Set.of(), "dev", clock, log, limits, options.evaluationLimit());
        this.experimentPages = new ExperimentPages(clients.dynamoDb(), experimentsTable);
        this.experimentService = new ExperimentService(experimentRepository, experimentPages,
                new ExperimentObservations(experimentSums, extractions, clock), prompts,
                "production", clock, log, new EvaluationEvidence(evaluationRuns, evaluationStore, scoring, documents,
                        options.promotionGateSet(), EvaluationEvidence.DEFAULT_MAX_REGRESSION),
                new PromptLabelMoves(clients.dynamoDb(), experimentsTable, auditTable, evaluationStore));
        this.experiments = new ExperimentsHandler(experimentService, evaluationSets, evaluationRuns, List.of());
        DeadLetterConsumer deadLetters = new DeadLetterConsumer(documents, extractions, selector, modelId, "dev",
                clock, log);
        this.extract = new ExtractHandler(requests,
                new ExtractionBatchProcessor(worker, deadLetters, clients.sqs(),
                        new ExtractionQueues(queueUrl, dlqArn, dlqUrl, evaluationQueueArn, evaluationQueueUrl), log),
                List.of("https://app.example.org"));
    }

    public static LocalPlatform start(Options options) {
        return new LocalPlatform(options, UnaryOperator.identity());
    }

    /** As {@link #start(Options)}, with every SDK client's HTTP client wrapped (the warm benchmark times the wire). */
    public static LocalPlatform start(Options options, UnaryOperator<SdkHttpClient> httpDecorator) {
        return new LocalPlatform(options, httpDecorator);
    }

    public static LocalPlatform start(String modelId) {
        return start(Options.defaults().modelId(modelId));
    }

    public static LocalPlatform start() {
        return start(Options.defaults());
    }

    private String arnOf(String url) {
        return clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * The experiments function as deployed with another {@code promotionGateEvaluationSet} (a re-pinned gate, as after
     * a deployment that changed the prop), on this platform's tables.
     */
    public ExperimentsHandler experimentsGatedOn(String setVersion) {
        StructuredLog log = StructuredLog.toStdout("local-platform");
        RunScoring scoring = new RunScoring();
        ExperimentService service = new ExperimentService(experimentRepository, experimentPages,
                new ExperimentObservations(experimentSums, extractions, clock), PromptRegistry.load(null, true),
                "production", clock, log, new EvaluationEvidence(evaluationRuns, evaluationStore, scoring, documents,
                        java.util.Optional.of(EvaluationSetId.parse(setVersion)), EvaluationEvidence.DEFAULT_MAX_REGRESSION),
                new PromptLabelMoves(clients.dynamoDb(), experimentsTable, auditTable, evaluationStore));
        return new ExperimentsHandler(service, evaluationSets, evaluationRuns, List.of());
    }

    /** A metrics handler whose clock reads {@code now}: to look at rolled-up hours as "the past". */
    public MetricsHandler metricsAt(Clock clock) {
        return new MetricsHandler(new MetricsQueries(rollups, extractions, clock), hourlyRollup,
                new EvaluationAccuracyQuery(evaluationStore), clock, List.of());
    }

    // ---- API Gateway ----

    public ApiResult api(RequestStreamHandler handler, String method, String resource, Map<String, String> pathParams,
                         Map<String, String> query, Map<String, String> headers, String body) {
        return apiAs(null, handler, method, resource, pathParams, query, headers, body);
    }

    /**
     * As {@link #api}, but as a Cognito user pool user: no IAM identity, the authorizer's verified claims carry
     * {@code cognitoSub} as API Gateway passes them. A null {@code cognitoSub} means the default IAM caller.
     */
    public ApiResult apiAs(String cognitoSub, RequestStreamHandler handler, String method, String resource,
                           Map<String, String> pathParams, Map<String, String> query, Map<String, String> headers,
                           String body) {
        ObjectNode identity = JSON.createObjectNode();
        if (cognitoSub == null) {
            identity.putObject("identity").put("userArn", TEST_CALLER);
        } else {
            identity.putObject("identity").putNull("userArn").putNull("cognitoIdentityId");
            identity.putObject("authorizer").putObject("claims").put("sub", cognitoSub)
                    .put("token_use", "access").put("scope", "medextract/write");
        }
        return call(identity, handler, method, resource, pathParams, query, headers, body);
    }

    /** As {@link #api}, signed by the IAM principal {@code userArn} (a user, a role, or a role session's ARN). */
    public ApiResult apiAsIam(String userArn, RequestStreamHandler handler, String method, String resource,
                              Map<String, String> pathParams, Map<String, String> query, String body) {
        ObjectNode identity = JSON.createObjectNode();
        identity.putObject("identity").put("userArn", userArn);
        return call(identity, handler, method, resource, pathParams, query,
                body == null ? Map.of() : Map.of("Content-Type", "application/json"), body);
    }

    private ApiResult call(ObjectNode callerContext, RequestStreamHandler handler, String method, String resource,
                           Map<String, String> pathParams, Map<String, String> query, Map<String, String> headers,
                           String body) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", resource);
        String path = resource;
        for (Map.Entry<String, String> p : pathParams.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        event.put("path", path);
        event.put("httpMethod", method);
        event.set("headers", JSON.valueToTree(headers));
        event.set("pathParameters", pathParams.isEmpty() ? null : JSON.valueToTree(pathParams));
        event.set("queryStringParameters", query.isEmpty() ? null : JSON.valueToTree(query));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("stage", "dev");
        context.setAll(callerContext);
        JsonNode response = invoke(handler, event);
        Map<String, String> responseHeaders = JSON.convertValue(response.get("headers"),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        try {
            return new ApiResult(response.get("statusCode").asInt(), JSON.readTree(response.get("body").asText()),
                    responseHeaders);
        } catch (IOException e) {
            throw new AssertionError("response body is not JSON: " + response.get("body"), e);
        }
    }

    public ApiResult post(RequestStreamHandler handler, String resource, Map<String, String> pathParams, String body) {
        return api(handler, "POST", resource, pathParams, Map.of(), Map.of("Content-Type", "application/json"), body);
    }

    public ApiResult get(RequestStreamHandler handler, String resource, Map<String, String> pathParams) {
        return api(handler, "GET", resource, pathParams, Map.of(), Map.of(), null);
    }

    public static JsonNode invoke(RequestStreamHandler handler, JsonNode event) {
        return invoke(handler, event, TestContext.fresh());
    }

    public static JsonNode invoke(RequestStreamHandler handler, JsonNode event, TestContext context) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, context);
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads the synthetic discharge summary naming {@code patientName}; returns the document id. */
    public String uploadText(String patientName) {
        ApiResult r = post(upload, "/api/upload", Map.of(), TestDocuments.uploadBody("discharge.txt", "text/plain",
                TestDocuments.dischargeSummary(patientName).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (r.status() != 201) {
            throw new AssertionError("upload failed: " + r.body());
        }
        return r.body().get("documentId").asText();
    }

    /**
     * Asks for a presigned upload, stores {@code content} under its key as a browser would (the upload function
     * never sees presigned bytes) and delivers the S3 event. Returns the document id.
     */
    public String storedThroughPresignedUrl(String mediaType, byte[] content) {
        ApiResult r = post(upload, "/api/upload", Map.of(),
                "{\"filename\":\"scan\",\"contentType\":\"" + mediaType + "\",\"sizeBytes\":" + content.length + "}");
        if (r.status() != 201) {
            throw new AssertionError("presigned upload refused: " + r.body());
        }
        String documentId = r.body().get("documentId").asText();
        String key = documents.find(documentId).orElseThrow().objectKey();
        clients.s3().putObject(b -> b.bucket(bucket).key(key).contentType(mediaType),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
        objectCreated(key);
        return documentId;
    }

    /** Uploads, delivers the S3 event and drains the queue: one whole extraction. Returns the document id. */
    public String extractOne(String patientName) {
        String documentId = uploadText(patientName);
        objectCreated(documents.find(documentId).orElseThrow().objectKey());
        drainQueue(Duration.ofSeconds(60));
        return documentId;
    }

    // ---- S3 -> EventBridge -> SQS ----

    /** Builds the EventBridge "Object Created" event S3 emits for this object and puts it on the queue. */
    public void objectCreated(String key) {
        sendToQueue(objectCreatedEvent(key));
    }

    public String objectCreatedEvent(String key) {
        HeadObjectResponse head = clients.s3().headObject(b -> b.bucket(bucket).key(key));
        return S3ObjectCreatedEvent.of(bucket, key, head).toString();
    }

    /**
     * The environment the construct gives the functions (all four merged), read from the synthesized dev platform and
     * pointed at this platform: its tables, bucket and queues, the stand-ins' endpoints through
     * {@code AWS_ENDPOINT_URL_<SERVICE>} and static test credentials. For running the shipped function packages in
     * their own JVMs.
     */
    public Map<String, String> functionEnvironment(String modelId) {
        LocalServers servers = LocalServers.get();
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (io.medextract.cdk.PlatformFunction kind : io.medextract.cdk.PlatformFunction.values()) {
            env.putAll(TemplateEnvironment.localized(kind, localResourceNames()));
        }
        env.put(EnvironmentVariables.BEDROCK_MODEL_ID, modelId);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", servers.dynamoEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_S3", servers.s3Endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", servers.sqsEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bedrock.endpoint().toString());
        return env;
    }

    /** This platform's names for the resources the construct's variables reference. */
    public Map<String, String> localResourceNames() {
        return Map.of(
                EnvironmentVariables.RESULTS_TABLE, resultsTable,
                EnvironmentVariables.EXPERIMENTS_TABLE, experimentsTable,
                EnvironmentVariables.AUDIT_TABLE, auditTable,
                EnvironmentVariables.DOCUMENT_BUCKET, bucket,
                EnvironmentVariables.EXTRACTION_QUEUE_URL, queueUrl,
                EnvironmentVariables.EXTRACTION_DLQ_URL, dlqUrl,
                EnvironmentVariables.EXTRACTION_DLQ_ARN, dlqArn,
                EnvironmentVariables.EVALUATION_QUEUE_URL, evaluationQueueUrl,
                EnvironmentVariables.EVALUATION_QUEUE_ARN, evaluationQueueArn);
    }

    public void sendToQueue(String body) {
        clients.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /**
     * Acts as the Lambda SQS event source mappings of the production and the evaluation queue until both are empty,
     * delayed messages included: receive up to 5 messages from a queue, invoke the extract handler with them as one
     * batch (the record's source is that queue), delete those not reported as failures. ElasticMQ counts every
     * receive and moves a message to the DLQ after MAX_RECEIVE_COUNT, as SQS does.
     *
     * @return the number of handler invocations
     */
    public int drainQueue(Duration timeout) {
        return drain(timeout, List.of(production(), evaluation()));
    }

    /** As {@link #drainQueue}, the production queue alone (the evaluation queue's mapping is not running). */
    public int drainProductionQueue(Duration timeout) {
        return drain(timeout, List.of(production()));
    }

    /** As {@link #drainQueue}, the evaluation queue alone. */
    public int drainEvaluationQueue(Duration timeout) {
        return drain(timeout, List.of(evaluation()));
    }

    /**
     * Acts as the event source mapping on the dead-letter queue until no message is visible there (messages
     * the consumer keeps are hidden for hours, as in production).
     */
    public int drainDeadLetterQueue(Duration timeout) {
        return drain(timeout, List.of(new Source(dlqUrl, dlqArn, () -> visibleMessages(dlqUrl) == 0)));
    }

    /** A queue an event source mapping reads, and when it counts as drained. */
    private record Source(String url, String arn, java.util.function.BooleanSupplier empty) {}

    private Source production() {
        return new Source(queueUrl, queueArn, () -> queueDepth(queueUrl) == 0);
    }

    private Source evaluation() {
        return new Source(evaluationQueueUrl, evaluationQueueArn, () -> queueDepth(evaluationQueueUrl) == 0);
    }

    private int drain(Duration timeout, List<Source> sources) {
        Instant deadline = Instant.now().plus(timeout);
        int invocations = 0;
        while (Instant.now().isBefore(deadline)) {
            boolean received = false;
            for (Source source : sources) {
                List<Message> messages = clients.sqs().receiveMessage(b -> b.queueUrl(source.url())
                        .maxNumberOfMessages(5).waitTimeSeconds(0).messageSystemAttributeNamesWithStrings("All"))
                        .messages();
                if (messages.isEmpty()) {
                    continue;
                }
                received = true;
                invocations++;
                if (!source.url().equals(dlqUrl) && extractionInvocationsCrash) {
                    continue; // a function error: Lambda deletes nothing, the batch returns after the visibility timeout
                }
                JsonNode response = invoke(extract, sqsEvent(messages, source.arn()));
                List<String> failed = new ArrayList<>();
                response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
                for (Message m : messages) {
                    if (!failed.contains(m.messageId())) {
                        clients.sqs().deleteMessage(b -> b.queueUrl(source.url()).receiptHandle(m.receiptHandle()));
                    }
                }
            }
            if (!received) {
                if (sources.stream().allMatch(source -> source.empty().getAsBoolean())) {
                    return invocations;
                }
                sleep(50);
            }
        }
        throw new AssertionError("queue did not drain within " + timeout);
    }

    public JsonNode sqsEvent(List<Message> messages) {
        return sqsEvent(messages, queueArn);
    }

    public JsonNode sqsEvent(List<Message> messages, String sourceArn) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            r.set("attributes", JSON.valueToTree(m.attributesAsStrings()));
            r.putObject("messageAttributes");
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", sourceArn);
            r.put("awsRegion", "us-east-1");
        }
        return event;
    }

    public int visibleMessages(String url) {
        return Integer.parseInt(clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    public int queueDepth(String url) {
        Map<QueueAttributeName, String> attrs = clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attrs.values().stream().mapToInt(Integer::parseInt).sum();
    }

    // ---- storage snapshots ----

    /** What is stored: items per table, objects (all versions) in the bucket, messages queued. */
    public record StorageSnapshot(int resultItems, int experimentItems, int objectVersions, int queued) {}

    public StorageSnapshot snapshot() {
        return new StorageSnapshot(
                scan(resultsTable).size(),
                scan(experimentsTable).size(),
                clients.s3().listObjectVersions(b -> b.bucket(bucket)).versions().size(),
                queueDepth(queueUrl) + queueDepth(evaluationQueueUrl));
    }

    /**
     * The audit records of a prompt label, oldest first. The functions can only add records to the audit table; a
     * person (or these tests) reads them with the table's own permissions.
     */
    public List<Map<String, AttributeValue>> auditRecords(String label) {
        return clients.dynamoDb().query(b -> b.tableName(auditTable).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LABEL#" + label)))).items();
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        return clients.dynamoDb().scan(b -> b.tableName(table).consistentRead(true)).items();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        bedrock.close();
        presignedS3.close();
    }
}
