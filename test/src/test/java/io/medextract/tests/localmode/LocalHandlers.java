package io.medextract.tests.localmode;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.medextract.handlers.access.DocumentAccess;
import io.medextract.handlers.domain.Retention;
import io.medextract.handlers.bedrock.BedrockExtractor;
import io.medextract.handlers.bedrock.BedrockRetryPolicy;
import io.medextract.handlers.models.ModelCapabilities;
import io.medextract.tests.local.AwsClients;
import io.medextract.handlers.evaluation.runs.EvaluationDispatch;
import io.medextract.handlers.evaluation.runs.EvaluationEvidence;
import io.medextract.handlers.evaluation.runs.EvaluationRunService;
import io.medextract.handlers.evaluation.runs.EvaluationSetService;
import io.medextract.handlers.evaluation.runs.EvaluationStore;
import io.medextract.handlers.evaluation.runs.ExpectedCheck;
import io.medextract.handlers.evaluation.runs.ImportPrefix;
import io.medextract.handlers.evaluation.runs.RunScoring;
import io.medextract.handlers.metrics.EvaluationAccuracyQuery;
import io.medextract.handlers.experiments.ExperimentObservations;
import io.medextract.handlers.variants.ExperimentRepository;
import io.medextract.handlers.experiments.ExperimentPages;
import io.medextract.handlers.experiments.ExperimentService;
import io.medextract.handlers.variants.ExperimentSumsRepository;
import io.medextract.handlers.experiments.ExperimentsHandler;
import io.medextract.handlers.experiments.PromptLabelMoves;
import io.medextract.handlers.variants.PromptSelector;
import io.medextract.handlers.extract.DeadLetterConsumer;
import io.medextract.handlers.extract.ExtractHandler;
import io.medextract.handlers.extract.ExtractionBatchProcessor;
import io.medextract.handlers.extract.ExtractionQueues;
import io.medextract.handlers.extract.ExtractionRequests;
import io.medextract.handlers.extract.DocumentPreparation;
import io.medextract.handlers.extract.ExtractionWorker;
import io.medextract.handlers.extract.RequeuePolicy;
import io.medextract.handlers.logging.StructuredLog;
import io.medextract.handlers.metrics.HourlyRollup;
import io.medextract.handlers.metrics.MetricsHandler;
import io.medextract.handlers.metrics.MetricsQueries;
import io.medextract.handlers.metrics.RollupRepository;
import io.medextract.handlers.prompts.PromptLabels;
import io.medextract.handlers.prompts.PromptRegistry;
import io.medextract.handlers.quality.Compensations;
import io.medextract.handlers.quality.PriceTable;
import io.medextract.handlers.store.ActiveExtractions;
import io.medextract.handlers.store.CallerRateLimits;
import io.medextract.handlers.quality.SchemaCheck;
import io.medextract.handlers.store.DocumentObjects;
import io.medextract.handlers.store.DocumentRepository;
import io.medextract.handlers.store.ExtractionRepository;
import io.medextract.handlers.store.IdempotencyRecords;
import io.medextract.handlers.store.PresignedUploads;
import io.medextract.handlers.store.LabelledDocumentItems;
import io.medextract.handlers.upload.DocumentErasure;
import io.medextract.handlers.upload.UploadHandler;
import io.medextract.handlers.upload.UploadService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The four functions of local mode, wired as their composition roots wire them in Lambda (same services, same
 * retry and requeue policies as deployed, documents owner-only as the construct's default), but to the local
 * stand-ins. Presigned upload URLs point at the local
 * server, which passes the PUT on to S3Mock, so the console uploads to its own origin.
 */
record LocalHandlers(UploadHandler upload, ExtractHandler extract, MetricsHandler metrics, ExperimentsHandler experiments,
                     DocumentRepository documents, ExtractionRepository extractions) {

    static final String STAGE = "local";

    /** The function that serves each first path segment under /api, as the construct's API routes them. */
    Map<String, RequestStreamHandler> bySegment() {
        return Map.of("upload", upload, "documents", upload, "extract", extract, "metrics", metrics,
                "experiments", experiments, "evaluation-sets", experiments, "evaluations", experiments);
    }

    static LocalHandlers wire(AwsClients clients, BedrockRuntimeClient bedrock, java.util.function.Supplier<S3Presigner> presigner,
                              LocalDeployment deployment, String modelId, List<String> corsOrigins) {
        Clock clock = Clock.systemUTC();
        StructuredLog log = StructuredLog.toStdout("local-mode");
        PromptRegistry prompts = PromptRegistry.load(null, true);
        PromptLabels labels = new PromptLabels(clients.dynamoDb(), deployment.experimentsTable(), prompts, clock);
        DocumentRepository documents = new DocumentRepository(clients.dynamoDb(), deployment.resultsTable());
        ExtractionRepository extractions = new ExtractionRepository(clients.dynamoDb(), deployment.resultsTable());
        DocumentObjects objects = new DocumentObjects(clients.s3(), deployment.bucket());
        UploadHandler upload = new UploadHandler(new UploadService(documents, objects,
                new PresignedUploads(presigner, deployment.bucket()),
                new IdempotencyRecords(clients.dynamoDb(), deployment.resultsTable()), DocumentAccess.OWNER_ONLY,
                Retention.UNTIL_ERASED, clock, log), new DocumentErasure(documents, objects, new LabelledDocumentItems(clients.dynamoDb(),
                        deployment.experimentsTable()), clock, log), corsOrigins);

        ExperimentRepository experimentRepository = new ExperimentRepository(clients.dynamoDb(), deployment.experimentsTable());
        PromptSelector selector = new PromptSelector(labels, experimentRepository, "production", clock);
        ExtractionWorker worker = new ExtractionWorker(documents, extractions, objects, prompts, selector,
                new DocumentPreparation(log),
                new BedrockExtractor(bedrock, ModelCapabilities.documented()), BedrockRetryPolicy.standard(),
                new SchemaCheck(), PriceTable.defaults(), modelId, STAGE,
                RequeuePolicy.withBudget(RequeuePolicy.DEFAULT_BUDGET), clock, log);
        // The limits and markers as deployed, with the dev stage's caller limits from the synthesized template.
        CallerRateLimits limits = new CallerRateLimits(clients.dynamoDb(), deployment.resultsTable(), clock);
        Compensations compensations = new Compensations(log, STAGE, clock);
        ExtractionRequests requests = new ExtractionRequests(documents, extractions, prompts, selector, clients::sqs,
                deployment.queueUrl(), modelId, DocumentAccess.OWNER_ONLY, clock, log,
                new ActiveExtractions(clients.dynamoDb(), deployment.resultsTable(), extractions), limits,
                deployment.limits().extraction(), compensations);
        DeadLetterConsumer deadLetters = new DeadLetterConsumer(documents, extractions, selector, modelId, STAGE, clock, log);
        ExtractHandler extract = new ExtractHandler(requests,
                new ExtractionBatchProcessor(worker, deadLetters, clients.sqs(),
                        new ExtractionQueues(deployment.queueUrl(), deployment.deadLetterArn(), deployment.deadLetterUrl(),
                                deployment.evaluationQueueArn(), deployment.evaluationQueueUrl()),
                        log),
                corsOrigins);

        RollupRepository rollups = new RollupRepository(clients.dynamoDb(), deployment.resultsTable());
        ExperimentSumsRepository sums = new ExperimentSumsRepository(clients.dynamoDb(), deployment.resultsTable());
        HourlyRollup rollup = new HourlyRollup(extractions, rollups, sums, log);
        EvaluationStore evaluationStore = new EvaluationStore(clients.dynamoDb(), deployment.experimentsTable());
        MetricsHandler metrics = new MetricsHandler(new MetricsQueries(rollups, extractions, clock), rollup,
                new EvaluationAccuracyQuery(evaluationStore), clock, corsOrigins);
        RunScoring scoring = new RunScoring();
        EvaluationSetService evaluationSets = new EvaluationSetService(evaluationStore, documents, objects,
                new ImportPrefix(clients.s3(), deployment.bucket()), prompts, new ExpectedCheck(),
                DocumentAccess.OWNER_ONLY, Retention.UNTIL_ERASED, clock, log, compensations);
        EvaluationRunService evaluationRuns = new EvaluationRunService(evaluationStore, extractions,
                new EvaluationDispatch(extractions, clients.sqs(), deployment.evaluationQueueUrl()), prompts, scoring,
                modelId, Set.of(), STAGE, clock, log, limits, deployment.limits().evaluation());
        ExperimentsHandler experiments = new ExperimentsHandler(new ExperimentService(experimentRepository,
                new ExperimentPages(clients.dynamoDb(), deployment.experimentsTable()),
                new ExperimentObservations(sums, extractions, clock), prompts,
                "production", clock, log, new EvaluationEvidence(evaluationRuns, evaluationStore, scoring, documents,
                        Optional.empty(), EvaluationEvidence.DEFAULT_MAX_REGRESSION),
                new PromptLabelMoves(clients.dynamoDb(), deployment.experimentsTable(), deployment.auditTable(),
                        evaluationStore)), evaluationSets, evaluationRuns, corsOrigins);
        return new LocalHandlers(upload, extract, metrics, experiments, documents, extractions);
    }
}
