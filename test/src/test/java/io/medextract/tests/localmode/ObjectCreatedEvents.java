package io.medextract.tests.localmode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.S3ObjectCreatedEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Plays S3's EventBridge notification and the construct's rule: S3Mock sends no events, so after each object
 * written under {@code uploads/} (inline upload or presigned PUT) this puts S3's "Object Created" event on the
 * extraction queue, in the shape EventBridge delivers it
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html).
 */
final class ObjectCreatedEvents {

    static final String UPLOAD_PREFIX = "uploads/";

    private final S3Client s3;
    private final SqsClient sqs;
    private final String bucket;
    private final String queueUrl;

    ObjectCreatedEvents(S3Client s3, SqsClient sqs, String bucket, String queueUrl) {
        this.s3 = s3;
        this.sqs = sqs;
        this.bucket = bucket;
        this.queueUrl = queueUrl;
    }

    void objectWritten(String key) {
        if (!key.startsWith(UPLOAD_PREFIX)) {
            return; // the rule matches the upload prefix only
        }
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
        ObjectNode event = S3ObjectCreatedEvent.of(bucket, key, head);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(event.toString()));
    }
}
