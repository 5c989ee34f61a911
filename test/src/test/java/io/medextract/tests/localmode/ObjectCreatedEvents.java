package io.medextract.tests.localmode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medextract.tests.local.LocalPlatform;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
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
        ObjectNode event = LocalPlatform.JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Object Created");
        event.put("source", "aws.s3");
        event.put("account", "000000000000");
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        ObjectNode object = detail.putObject("object");
        object.put("key", key);
        object.put("size", head.contentLength());
        object.put("etag", head.eTag().replace("\"", ""));
        if (head.versionId() != null) {
            object.put("version-id", head.versionId());
        }
        object.put("sequencer", Long.toHexString(System.nanoTime()).toUpperCase(Locale.ROOT));
        detail.put("request-id", UUID.randomUUID().toString().substring(0, 16));
        detail.put("requester", "000000000000");
        detail.put("reason", "PutObject");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(event.toString()));
    }
}
