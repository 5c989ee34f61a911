package io.medextract.handlers.store;

import static io.medextract.handlers.store.Items.s;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Per-caller limits on what costs money (extractions requested, evaluation documents run): a token bucket per
 * (caller, scope) in the results table, {@code LIMIT#<caller>} / {@code <scope>}, that holds {@code count} tokens and
 * refills evenly over {@code per}.
 *
 * <p>Kept as the generic cell rate algorithm's one number, the theoretical arrival time {@code tat} (when the bucket
 * would be full again), so a take is at most two conditional UpdateItems and never a read: a full bucket
 * ({@code tat <= now}) becomes {@code now + cost * interval}; otherwise {@code tat} grows by {@code cost * interval}
 * as long as it stays within {@code now + per}. Concurrent takes serialise on the item's conditions; DynamoDB's
 * conditional writes are atomic per item. A refusal reads the item once to say when to come back.
 *
 * <p>Why here and not API Gateway usage plans: a usage plan meters API keys, and an API key identifies neither an IAM
 * principal nor a Cognito user (the callers this API authorises), so it would have to be handed out and checked
 * besides; and a plan counts requests, while an evaluation run of 500 documents costs 500 extractions.
 */
public final class CallerRateLimits {

    /** At most {@code count} within any {@code per}; the construct's CallerLimit, as {@code <count>/<seconds>}. */
    public record Limit(int count, Duration per) {

        public Limit {
            if (count < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("a limit needs a positive count and window, got " + count + "/" + per);
            }
        }

        /** The environment's {@code <count>/<seconds>} (e.g. {@code 60/3600}); empty when the variable is not set. */
        public static Optional<Limit> fromEnvironment(Map<String, String> env, String variable) {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            String[] parts = value.strip().split("/");
            try {
                return Optional.of(new Limit(Integer.parseInt(parts[0]), Duration.ofSeconds(Long.parseLong(parts[1]))));
            } catch (RuntimeException e) {
                throw new IllegalStateException(variable + " must be <count>/<seconds>, e.g. 60/3600, got '" + value + "'");
            }
        }

        /** Time one token takes to come back, in microseconds (so that a million a minute stays exact enough). */
        long intervalMicros() {
            return Math.max(1, per.toNanos() / 1000 / count);
        }

        /** "60 per 1 hour", for messages. */
        public String describe() {
            long seconds = per.toSeconds();
            String window = seconds % 86400 == 0 ? seconds / 86400 + " day" + (seconds == 86400 ? "" : "s")
                    : seconds % 3600 == 0 ? seconds / 3600 + " hour" + (seconds == 3600 ? "" : "s")
                    : seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
            return count + " per " + window;
        }
    }

    /** What a take found. */
    public sealed interface Decision {
        /** Taken. */
        record Allowed() implements Decision {}

        /** The bucket holds too few tokens now; enough will have come back after {@code retryAfter}. */
        record Refused(Duration retryAfter) implements Decision {}

        /** More than the whole bucket: this request can never pass. */
        record TooLarge() implements Decision {}
    }

    /** Items outlive the moment their bucket is full again by this much, then DynamoDB's TTL removes them. */
    private static final long EXPIRY_MARGIN_SECONDS = 3600;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public CallerRateLimits(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Takes {@code cost} tokens from {@code caller}'s {@code scope} bucket. */
    public Decision take(String caller, String scope, Limit limit, int cost) {
        if (cost > limit.count()) {
            return new Decision.TooLarge();
        }
        long now = micros(clock.millis());
        long costMicros = cost * limit.intervalMicros();
        long perMicros = limit.per().toNanos() / 1000;
        Map<String, AttributeValue> key = Map.of("pk", s("LIMIT#" + caller), "sk", s(scope));
        AttributeValue expires = Items.n((now + perMicros) / 1_000_000 + EXPIRY_MARGIN_SECONDS);
        try {
            // A full bucket (or none yet): it holds count tokens, of which cost go.
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET tat = :tat, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(tat) OR tat <= :now")
                    .expressionAttributeValues(Map.of(":tat", Items.n(now + costMicros), ":now", Items.n(now),
                            ":expires", expires)));
            return new Decision.Allowed();
        } catch (ConditionalCheckFailedException notFull) {
            // Partly spent: take cost more, as long as the bucket is not overdrawn.
        }
        long latestTat = now + perMicros - costMicros;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET tat = tat + :cost, expiresAt = :expires")
                    .conditionExpression("tat > :now AND tat <= :latest")
                    .expressionAttributeValues(Map.of(":cost", Items.n(costMicros), ":now", Items.n(now),
                            ":latest", Items.n(latestTat), ":expires", expires)));
            return new Decision.Allowed();
        } catch (ConditionalCheckFailedException spent) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            Long tat = item == null ? null : Items.lng(item, "tat");
            long waitMicros = tat == null ? 0 : Math.max(0, tat - latestTat);
            return new Decision.Refused(Duration.ofSeconds(Math.max(1, (waitMicros + 999_999) / 1_000_000)));
        }
    }

    private static long micros(long millis) {
        return millis * 1000;
    }
}
