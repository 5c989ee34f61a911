package io.medextract.handlers.evaluation.runs;

import io.medextract.handlers.domain.ExtractionRecord;
import io.medextract.handlers.domain.ExtractionStatus;
import io.medextract.handlers.domain.ExtractionMessage;
import io.medextract.handlers.json.Json;
import io.medextract.handlers.store.ExtractionRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Puts a run's documents on the extraction queue, as POST /api/extract does: one QUEUED extraction item per
 * document (trigger EVALUATION, the run's prompt version and model, a deterministic id), then one message each.
 * Safe to repeat: an existing item is not written again, and its message is re-sent only while it is still QUEUED
 * (a duplicate message is harmless, the worker's conditional claim runs an extraction once).
 */
public final class EvaluationDispatch {

    /** SendMessageBatch takes at most 10 entries. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html */
    static final int SQS_BATCH = 10;

    private final ExtractionRepository extractions;
    private final Supplier<SqsClient> sqs;
    private final String queueUrl;

    public EvaluationDispatch(ExtractionRepository extractions, SqsClient sqs, String queueUrl) {
        this(extractions, () -> sqs, queueUrl);
    }

    /** @param sqs asked for on each dispatch: the function builds its SQS client only when a run starts */
    public EvaluationDispatch(ExtractionRepository extractions, Supplier<SqsClient> sqs, String queueUrl) {
        this.extractions = extractions;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Queues every document of the run not yet extracting; returns how many messages were sent. */
    public int dispatch(EvaluationRun run, Instant now) {
        List<ExtractionMessage.Requested> messages = new ArrayList<>();
        for (String documentId : run.documentIds()) {
            String extractionId = run.extractionIdFor(documentId);
            boolean created = extractions.createIfAbsent(ExtractionRecord.queued(extractionId, documentId,
                    run.promptVersion(), run.modelId(), ExtractionRecord.Trigger.EVALUATION, now));
            if (created || extractions.find(documentId, extractionId)
                    .map(r -> r.status() == ExtractionStatus.QUEUED).orElse(false)) {
                messages.add(new ExtractionMessage.Requested(documentId, extractionId));
            }
        }
        for (int from = 0; from < messages.size(); from += SQS_BATCH) {
            List<ExtractionMessage.Requested> batch = messages.subList(from, Math.min(messages.size(), from + SQS_BATCH));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(Json.write(batch.get(i).toBody())).build());
            }
            var response = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                throw new IllegalStateException(response.failed().size() + " evaluation messages were not queued");
            }
        }
        return messages.size();
    }
}
