package io.medextract.handlers.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import io.medextract.handlers.variants.Experiment;
import io.medextract.handlers.variants.ExperimentStatus;
import io.medextract.handlers.variants.ExperimentRepository;

/**
 * Pages of the experiment list, newest first, each one DynamoDB Query: on the {@code byCreated} index
 * ({@code entity = "experiment"}, sorted by {@code createdAt}), or on {@code byStatus} when a status is asked for.
 *
 * <p>Every experiment item any version of the platform wrote carries {@code entity} and {@code createdAt}, so
 * DynamoDB fills the new index from the existing items when it is added: there is nothing to backfill. What an
 * upgrade does meet is the index being built: CloudFormation starts the index and goes on with the stack without
 * waiting for it, and until it is ACTIVE a Query on it fails with a ValidationException
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html#cfn-dynamodb-table-globalsecondaryindexes).
 * Meanwhile the list is read the way earlier versions read it, one Query per status, and paged in memory with the
 * same positions, so a token works on either path.
 *
 * <p>Apart from {@link ExperimentRepository} on purpose: the extract function uses the repository, and its package
 * has no room for the list.
 */
public final class ExperimentPages {

    static final String INDEX = "byCreated";
    static final String STATUS_INDEX = "byStatus";

    /** Newest first; ties (the same stored createdAt, to the nanosecond) by id, newest first too. */
    static final Comparator<Position> NEWEST_FIRST = Comparator.comparing(Position::createdAt)
            .thenComparing(Position::experimentId).reversed();

    /** A place in the list: an experiment's stored createdAt and id. */
    record Position(String createdAt, String experimentId) {
        static Position of(Experiment e) {
            return new Position(e.createdAt().toString(), e.id());
        }

        static Position of(ListPosition p) {
            return new Position(p.createdAt(), p.experimentId());
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public ExperimentPages(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** One page of the list, newest first: one Query. */
    public ExperimentPage read(ListingRequest request) {
        if (request.status().isPresent()) {
            return fromIndex(STATUS_INDEX, "status", request.status().get().name(), request);
        }
        try {
            return fromIndex(INDEX, "entity", ExperimentRepository.ENTITY, request);
        } catch (DynamoDbException e) {
            if (!isIndexBeingBuilt(e)) {
                throw e;
            }
            return fromStatusQueries(request);
        }
    }

    /**
     * Asks for one item more than the page so the last page carries no token; a Query that stopped at its 1 MB
     * page size (LastEvaluatedKey with fewer items) still gets one.
     */
    private ExperimentPage fromIndex(String index, String keyName, String keyValue, ListingRequest request) {
        QueryResponse response = dynamo.query(b -> {
            b.tableName(table).indexName(index)
                    .keyConditionExpression("#k = :k")
                    .expressionAttributeNames(Map.of("#k", keyName))
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(keyValue)))
                    .scanIndexForward(false)
                    .limit(request.limit() + 1);
            request.after().ifPresent(p -> b.exclusiveStartKey(startKey(keyName, keyValue, p)));
        });
        List<Experiment> read = response.items().stream().map(ExperimentRepository::fromItem).toList();
        boolean cutShort = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return page(read, read.size() > request.limit() || cutShort, request, false);
    }

    /** The earlier versions' read (every experiment, one Query per status), paged in memory. */
    private ExperimentPage fromStatusQueries(ListingRequest request) {
        List<Experiment> all = new ArrayList<>();
        for (ExperimentStatus status : ExperimentStatus.values()) {
            dynamo.queryPaginator(b -> b.tableName(table).indexName(STATUS_INDEX)
                            .keyConditionExpression("#s = :s")
                            .expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status.name()))))
                    .items().forEach(item -> all.add(ExperimentRepository.fromItem(item)));
        }
        Optional<Position> after = request.after().map(Position::of);
        List<Experiment> rest = all.stream()
                .filter(e -> after.map(p -> NEWEST_FIRST.compare(Position.of(e), p) > 0).orElse(true))
                .sorted(Comparator.comparing(Position::of, NEWEST_FIRST))
                .limit(request.limit() + 1L)
                .toList();
        return page(rest, rest.size() > request.limit(), request, true);
    }

    private static ExperimentPage page(List<Experiment> read, boolean more, ListingRequest request,
                                       boolean indexPending) {
        List<Experiment> page = read.subList(0, Math.min(read.size(), request.limit()));
        Optional<ListPosition> next = more && !page.isEmpty()
                ? Optional.of(ListPosition.after(page.get(page.size() - 1), request.status()))
                : Optional.empty();
        return new ExperimentPage(page, next, indexPending);
    }

    private static Map<String, AttributeValue> startKey(String keyName, String keyValue, ListPosition p) {
        Map<String, AttributeValue> key = new java.util.HashMap<>(ExperimentRepository.key(p.experimentId()));
        key.put(keyName, AttributeValue.fromS(keyValue));
        key.put("createdAt", AttributeValue.fromS(p.createdAt()));
        return key;
    }

    /**
     * "Cannot read from backfilling global secondary index" while DynamoDB fills it, or "The table does not have the
     * specified index" before the table update reached it: both are ValidationExceptions.
     */
    static boolean isIndexBeingBuilt(DynamoDbException e) {
        if (e.awsErrorDetails() == null || !"ValidationException".equals(e.awsErrorDetails().errorCode())) {
            return false;
        }
        String message = String.valueOf(e.awsErrorDetails().errorMessage());
        return message.contains("backfilling") || message.contains("does not have the specified index");
    }
}
