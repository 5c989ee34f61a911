package io.medextract.tests.local;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * S3's conditional write on PutObject with {@code If-None-Match}: the object is written only if the key has no
 * current object (a delete marker counts as none), else 412 PreconditionFailed; the header takes only {@code *}.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html ("How to prevent object overwrites
 * based on key names"; the header applies to the current version in a versioned bucket),
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (If-None-Match),
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (PreconditionFailed, 412).
 *
 * <p>S3 answers two concurrent conditional writes to one key with 412 or 409 ConditionalRequestConflict for the
 * loser; a stand-in that checks and writes one request at a time per key always gives the loser 412.
 */
public final class ConditionalWrite {

    public static final String IF_NONE_MATCH = "If-None-Match";

    private ConditionalWrite() {}

    /**
     * The error S3 answers this PUT with, or empty when it may be written.
     *
     * @param currentObjectExists whether the key has a current object (asked only when the header is present)
     */
    public static Optional<S3ErrorResponse> refusal(String method, Map<String, List<String>> headers,
                                                    BooleanSupplier currentObjectExists) {
        Optional<String> ifNoneMatch = PresignedRequestCheck.first(headers, IF_NONE_MATCH);
        if (!method.equals("PUT") || ifNoneMatch.isEmpty()) {
            return Optional.empty();
        }
        if (!ifNoneMatch.get().strip().equals("*")) {
            return Optional.of(new S3ErrorResponse(501, "NotImplemented",
                    "A header you provided implies functionality that is not implemented",
                    Map.of("Header", IF_NONE_MATCH)));
        }
        if (currentObjectExists.getAsBoolean()) {
            return Optional.of(new S3ErrorResponse(412, "PreconditionFailed",
                    "At least one of the pre-conditions you specified did not hold", Map.of("Condition", IF_NONE_MATCH)));
        }
        return Optional.empty();
    }
}
