package io.medextract.tests.localmode;

import io.medextract.tests.local.AwsClients;
import io.medextract.tests.local.ConstructTables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The platform's resources on the stand-ins, under fixed names so a restart finds its data again: the three
 * tables (as the synthesized template defines them), the versioned documents bucket, and the extraction queue and
 * the evaluation queue with their dead-letter queue (visibility timeout and maxReceiveCount as deployed), and the
 * caller limits the functions get. Creates what is missing.
 */
record LocalDeployment(String resultsTable, String experimentsTable, String auditTable, String bucket, String queueUrl,
                       String queueArn, String evaluationQueueUrl, String evaluationQueueArn, String deadLetterUrl,
                       String deadLetterArn, DeployedQueueSettings queues, DeployedCallerLimits limits) {

    static final String RESULTS_TABLE = "medextract-local-results";
    static final String EXPERIMENTS_TABLE = "medextract-local-experiments";
    static final String AUDIT_TABLE = "medextract-local-audit";
    static final String BUCKET = "medextract-local-documents";

    static LocalDeployment ensure(AwsClients clients) {
        DeployedQueueSettings settings = DeployedQueueSettings.fromTemplate();
        ensureTable(clients, "Results", RESULTS_TABLE);
        ensureTable(clients, "Experiments", EXPERIMENTS_TABLE);
        ensureTable(clients, "Audit", AUDIT_TABLE);
        if (clients.s3().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
            clients.s3().createBucket(b -> b.bucket(BUCKET));
            clients.s3().putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        }
        String deadLetterUrl = clients.sqs().createQueue(b -> b.queueName("medextract-local-dead-letters")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                        String.valueOf(settings.deadLetterVisibilitySeconds())))).queueUrl();
        String deadLetterArn = arnOf(clients, deadLetterUrl);
        String queueUrl = clients.sqs().createQueue(b -> b.queueName("medextract-local-extraction").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(settings.visibilitySeconds()),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
                        + "\",\"maxReceiveCount\":\"" + settings.maxReceiveCount() + "\"}"))).queueUrl();
        String evaluationQueueUrl = clients.sqs().createQueue(b -> b.queueName("medextract-local-evaluation").attributes(
                Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(settings.evaluationVisibilitySeconds()),
                        QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
                                + "\",\"maxReceiveCount\":\"" + settings.maxReceiveCount() + "\"}"))).queueUrl();
        return new LocalDeployment(RESULTS_TABLE, EXPERIMENTS_TABLE, AUDIT_TABLE, BUCKET, queueUrl,
                arnOf(clients, queueUrl), evaluationQueueUrl, arnOf(clients, evaluationQueueUrl), deadLetterUrl,
                deadLetterArn, settings, DeployedCallerLimits.fromTemplate());
    }

    private static void ensureTable(AwsClients clients, String role, String name) {
        try {
            clients.dynamoDb().describeTable(b -> b.tableName(name));
        } catch (ResourceNotFoundException e) {
            ConstructTables.create(clients.dynamoDb(), role, name);
        }
    }

    private static String arnOf(AwsClients clients, String url) {
        return clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
