package io.medextract.tests.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * S3's "Object Created" event in the shape EventBridge delivers it
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html), for an object the stand-in holds:
 * S3Mock sends no events, so the tests and local mode build them from the object's HEAD.
 */
public final class S3ObjectCreatedEvent {

    private S3ObjectCreatedEvent() {
    }

    public static ObjectNode of(String bucket, String key, HeadObjectResponse head) {
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
        return event;
    }
}
