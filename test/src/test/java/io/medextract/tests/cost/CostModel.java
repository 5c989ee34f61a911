package io.medextract.tests.cost;

import io.medextract.cdk.PlatformFunction;
import io.medextract.cdk.DeploymentStage;
import io.medextract.cdk.StageDefaults;
import io.medextract.handlers.quality.PriceTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What 1 000 documents cost on each stage, computed from the construct's stage table (memory, batch size,
 * model) and the handlers' own Bedrock price table, never typed in. Fixed monthly costs (WAF web ACL and
 * rules, KMS key, provisioned concurrency, dashboard, alarms) are left out: they do not scale with documents.
 *
 * <p>AWS list prices, us-east-1, on demand, checked Nov 2026 (keep in step with the pages):
 * Lambda arm64 https://aws.amazon.com/lambda/pricing/, API Gateway REST https://aws.amazon.com/api-gateway/pricing/,
 * DynamoDB on-demand https://aws.amazon.com/dynamodb/pricing/on-demand/, S3 https://aws.amazon.com/s3/pricing/,
 * SQS https://aws.amazon.com/sqs/pricing/, WAF https://aws.amazon.com/waf/pricing/,
 * CloudWatch Logs https://aws.amazon.com/cloudwatch/pricing/.
 */
public final class CostModel {

    static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
    static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
    static final double API_GATEWAY_REST_PER_REQUEST = 3.50 / 1_000_000;
    static final double WAF_PER_REQUEST = 0.60 / 1_000_000;
    static final double DYNAMODB_PER_WRITE_UNIT = 0.625 / 1_000_000;
    static final double DYNAMODB_PER_READ_UNIT = 0.125 / 1_000_000;
    static final double S3_PER_PUT = 0.005 / 1_000;
    static final double S3_PER_GET = 0.0004 / 1_000;
    static final double SQS_PER_REQUEST = 0.40 / 1_000_000;
    static final double LOGS_PER_GB_INGESTED = 0.50;

    /**
     * One document's work, as the code does it. Tokens and Bedrock latency come from the recorded Converse
     * answer the tests replay (test/src/test/resources/bedrock/discharge-summary-recorded.json); the handler
     * times around Bedrock are assumptions for warm Java functions, not measurements on Lambda.
     */
    public record Workload(long inputTokens, long outputTokens, double bedrockSeconds, double extractOverheadSeconds,
                           double uploadSeconds, int apiRequests, double dynamoWriteUnits, double dynamoReadUnits,
                           int s3Puts, int s3Gets, int sqsRequests, double logKilobytes) {

        /**
         * Units one document's requests consume in the tables themselves, measured by SdkCallsPerRequestTest on the
         * very requests it asserts (upload: PutItem 1, UpdateItem 1; the worker on the S3 event: GetItem 1 read,
         * UpdateItem that creates and claims 1, PutItem of the result 3; GET /api/extract: one Query, 1 read). That
         * test fails when these numbers and the code part.
         */
        public static final double TABLE_WRITE_UNITS = 6;
        public static final double READ_UNITS = 2;
        /**
         * Index writes, which the local server does not count, so an estimate: at most one each in byExtractionId
         * (the extraction item is created), byCompletedHour and byExperiment (the result is written), each
         * projection under 1 KB (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html, writes).
         */
        public static final double INDEX_WRITE_UNITS = 3;

        /** A 2-page discharge summary: 1 874 input and 642 output tokens, Bedrock answering in 3.12 s. */
        public static Workload dischargeSummary() {
            // API: POST /api/upload + GET /api/extract/{id}. DynamoDB: the units above. S3: the object PUT and
            // the worker's GET. SQS: send, receive, delete.
            return new Workload(1_874, 642, 3.12, 0.25, 0.15, 2, TABLE_WRITE_UNITS + INDEX_WRITE_UNITS, READ_UNITS,
                    1, 1, 3, 4);
        }
    }

    /** Cost of 1 000 documents on one stage, by component, in USD. */
    public record StageCost(DeploymentStage stage, String modelId, Map<String, Double> per1000) {
        public double total() {
            return per1000.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final PriceTable bedrockPrices;

    public CostModel(PriceTable bedrockPrices) {
        this.bedrockPrices = bedrockPrices;
    }

    public StageCost per1000(DeploymentStage stage, Workload w) {
        StageDefaults defaults = StageDefaults.forStage(stage);
        double extractGb = defaults.function(PlatformFunction.EXTRACT).memorySizeMb() / 1024.0;
        double uploadGb = defaults.function(PlatformFunction.UPLOAD).memorySizeMb() / 1024.0;
        // One extract invocation runs a whole batch in parallel: its duration is shared by the batch's documents.
        double extractSecondsPerDoc = (w.bedrockSeconds() + w.extractOverheadSeconds()) / defaults.extractBatchSize();
        Map<String, Double> c = new LinkedHashMap<>();
        c.put("bedrock", 1000 * bedrockPrices.cost(defaults.bedrockModelId(), w.inputTokens(), w.outputTokens()));
        c.put("lambda extract", 1000 * (extractGb * extractSecondsPerDoc * LAMBDA_ARM_PER_GB_SECOND
                + LAMBDA_PER_REQUEST / defaults.extractBatchSize()));
        c.put("lambda upload", 1000 * (uploadGb * w.uploadSeconds() * LAMBDA_ARM_PER_GB_SECOND + LAMBDA_PER_REQUEST));
        c.put("api gateway", 1000 * w.apiRequests() * API_GATEWAY_REST_PER_REQUEST);
        c.put("waf", defaults.webAcl() ? 1000 * w.apiRequests() * WAF_PER_REQUEST : 0.0);
        c.put("dynamodb", 1000 * (w.dynamoWriteUnits() * DYNAMODB_PER_WRITE_UNIT + w.dynamoReadUnits() * DYNAMODB_PER_READ_UNIT));
        c.put("s3", 1000 * (w.s3Puts() * S3_PER_PUT + w.s3Gets() * S3_PER_GET));
        c.put("sqs", 1000 * w.sqsRequests() * SQS_PER_REQUEST);
        c.put("logs", 1000 * w.logKilobytes() / (1024.0 * 1024.0) * LOGS_PER_GB_INGESTED);
        return new StageCost(stage, defaults.bedrockModelId(), c);
    }

    /** Lambda compute of 1 000 extract invocations of one document each (the original design's unit). */
    public double lambdaPer1000ExtractInvocations(DeploymentStage stage, Workload w) {
        double gb = StageDefaults.forStage(stage).function(PlatformFunction.EXTRACT).memorySizeMb() / 1024.0;
        return 1000 * (gb * (w.bedrockSeconds() + w.extractOverheadSeconds()) * LAMBDA_ARM_PER_GB_SECOND + LAMBDA_PER_REQUEST);
    }

    /** Prints the table; {@code ./mvnw -q -pl test -am verify -Dtest=CostModelTest -Dsurefire.failIfNoSpecifiedTests=false}. */
    public static String table(CostModel model, Workload w) {
        StringBuilder out = new StringBuilder(String.format("%-16s %12s %12s %12s%n", "per 1 000 docs", "dev", "staging", "prod"));
        Map<DeploymentStage, StageCost> costs = new LinkedHashMap<>();
        for (DeploymentStage s : DeploymentStage.values()) {
            costs.put(s, model.per1000(s, w));
        }
        for (String component : costs.get(DeploymentStage.DEV).per1000().keySet()) {
            out.append(String.format("%-16s", component));
            for (StageCost c : costs.values()) {
                out.append(String.format(" %12.4f", c.per1000().get(component)));
            }
            out.append('\n');
        }
        out.append(String.format("%-16s", "total USD"));
        costs.values().forEach(c -> out.append(String.format(" %12.4f", c.total())));
        out.append('\n').append(String.format("%-16s", "extract Lambda"));
        for (DeploymentStage s : DeploymentStage.values()) {
            out.append(String.format(" %12.4f", model.lambdaPer1000ExtractInvocations(s, w)));
        }
        out.append("   (per 1 000 single-document invocations; original Python design: 0.1040)\n");
        return out.toString();
    }
}
