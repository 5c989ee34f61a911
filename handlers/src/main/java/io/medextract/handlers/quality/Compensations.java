package io.medextract.handlers.quality;

import io.medextract.handlers.logging.StructuredLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs compensating writes: the undo of the first half of a change whose second half failed (an extraction item
 * whose queue message could not be sent, an evaluation document that never joined its set's manifest). When the undo
 * fails too, something stays half-changed: that is logged as an error with the operation and ids (never content) and
 * counted as {@code MedExtract/CompensationFailed}, which the CompensatingWriteFailed alarm watches.
 */
public final class Compensations {

    private final StructuredLog log;
    private final String stage;
    private final Clock clock;

    public Compensations(StructuredLog log, String stage, Clock clock) {
        this.log = log;
        this.stage = stage;
        this.clock = clock;
    }

    /** Runs {@code undo}; a failure is reported, not thrown, so the caller still answers with its own error. */
    public void run(String operation, Map<String, String> ids, Runnable undo) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            Map<String, Object> fields = new LinkedHashMap<>(ids);
            fields.put("operation", operation);
            fields.put("exception", e.getClass().getName()); // the type only: messages can quote content
            log.error("compensating write failed", fields);
            log.raw(EmbeddedMetrics.compensationFailed(operation, stage, clock.instant()));
        }
    }
}
