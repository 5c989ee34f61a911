package io.medextract.handlers.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Only "the index is not ready yet" sends the list through byStatus; every other failure stays a failure. */
class ExperimentPagesTest {

    @Test
    void anIndexBeingBuiltOrNotYetAddedIsRecognised() {
        // Real DynamoDB while the index backfills (aws-cloudformation/cloudformation-coverage-roadmap#1075 quotes it).
        assertThat(ExperimentPages.isIndexBeingBuilt(failure("ValidationException",
                "Cannot read from backfilling global secondary index: byCreated"))).isTrue();
        assertThat(ExperimentPages.isIndexBeingBuilt(failure("ValidationException",
                "The table does not have the specified index: byCreated"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(ExperimentPages.isIndexBeingBuilt(failure("ValidationException",
                "The provided starting key is invalid"))).isFalse();
        assertThat(ExperimentPages.isIndexBeingBuilt(failure("AccessDeniedException",
                "not authorized to perform: dynamodb:Query on resource: .../index/byCreated"))).isFalse();
        assertThat(ExperimentPages.isIndexBeingBuilt(failure("ProvisionedThroughputExceededException",
                "backfilling"))).isFalse();
        assertThat(ExperimentPages.isIndexBeingBuilt((DynamoDbException) DynamoDbException.builder()
                .message("no details").build())).isFalse();
    }

    private static DynamoDbException failure(String code, String message) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
