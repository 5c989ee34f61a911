package io.medextract.handlers.extract;

import io.medextract.handlers.bedrock.ModelInput;
import io.medextract.handlers.documents.DocumentLimits;
import io.medextract.handlers.documents.DocumentRefusedException;
import io.medextract.handlers.documents.PreparationBudget;
import io.medextract.handlers.domain.DocumentType;
import io.medextract.handlers.logging.StructuredLog;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prepares documents for the model one at a time per execution environment, each on a thread of its own and
 * under a deadline. Why one at a time: preparation is CPU and memory work (decoding, rendering, encoding) on a
 * function with one or two vCPUs, so running the documents of a batch side by side only multiplies peak
 * memory, while their model calls (waiting on Bedrock) still overlap. Why a thread of its own: the deadline is
 * enforced by the caller, who stops waiting at it, and the preparing code stops at its next budget charge
 * (every content-stream operator, every decoded row). Whatever a document does, including running out of
 * memory or stack, it ends as a refusal for that document alone; the worker then finishes the extraction and
 * the rest of the batch goes on.
 *
 * <p>Why not a separate queue or invocation for PDFs and images: every preparation is bounded before it starts
 * (declared sizes) and while it runs (counted work and the deadline), so one document can no longer hold a
 * batch; a second queue would split the Bedrock concurrency cap, and batches of one would multiply cold starts.
 * A preparing thread that ignores its budget past the deadline (code we do not know to be unbounded) is left
 * behind, counted and logged; its document is refused all the same.
 */
public final class DocumentPreparation {

    /** After the deadline, how long the preparing thread has to notice its spent budget and stop. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Semaphore oneAtATime = new Semaphore(1, true);
    private final AtomicInteger abandoned = new AtomicInteger();
    private final StructuredLog log;

    public DocumentPreparation(StructuredLog log) {
        this.log = log;
    }

    /** No preparation slot came free within the time allowed: try the document again later. */
    public static final class BusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("another document's preparation held this execution environment", null, false, false);
        }
    }

    /**
     * Prepares {@code content} of {@code type} within {@code allowed} (capped at
     * {@link DocumentLimits#MAX_PREPARATION_TIME}).
     *
     * @throws DocumentRefusedException the document is beyond the limits, unreadable, or needed more time,
     *                                  memory or stack than it may have
     * @throws BusyException            no preparation slot came free in time
     */
    public ModelInput prepare(DocumentType type, byte[] content, Duration allowed, String documentId) {
        Duration budgetTime = allowed.compareTo(DocumentLimits.MAX_PREPARATION_TIME) > 0
                ? DocumentLimits.MAX_PREPARATION_TIME : allowed;
        if (type == DocumentType.TEXT) { // nothing to decode, and no deadline needed
            return ModelInput.of(type, content, PreparationBudget.of(DocumentLimits.MAX_PREPARATION_TIME));
        }
        try {
            if (!oneAtATime.tryAcquire(budgetTime.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                oneAtATime.release();
            }
        };
        PreparationBudget budget = PreparationBudget.of(budgetTime);
        CompletableFuture<ModelInput> result = new CompletableFuture<>();
        Thread preparing = new Thread(() -> {
            try {
                result.complete(ModelInput.of(type, content, budget));
            } catch (Throwable failure) { // Errors included: they end this document only
                result.completeExceptionally(failure);
            } finally {
                release.run();
            }
        }, "document-preparation");
        preparing.setDaemon(true);
        preparing.start();
        try {
            return result.get(budgetTime.plus(STOP_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            budget.stop();
            release.run(); // the next document need not wait behind a thread that does not stop
            preparing.setPriority(Thread.MIN_PRIORITY);
            log.error("document preparation did not stop at its deadline; its thread is left behind",
                    Map.of("documentId", documentId, "type", type.name(), "abandoned", abandoned.incrementAndGet()));
            throw budget.timeSpent();
        } catch (InterruptedException e) {
            budget.stop();
            Thread.currentThread().interrupt();
            throw budget.timeSpent();
        } catch (ExecutionException e) {
            throw refusalFor(e.getCause());
        }
    }

    /** Preparations in this execution environment that did not stop at their deadline. */
    public int abandoned() {
        return abandoned.get();
    }

    private static RuntimeException refusalFor(Throwable failure) {
        if (failure instanceof DocumentRefusedException refused) {
            return refused;
        }
        if (failure instanceof OutOfMemoryError) {
            return new DocumentRefusedException("MEMORY", "preparing the document for the model ran out of memory"
                    + " (the extract function's memory setting may be too small for it)");
        }
        if (failure instanceof StackOverflowError) {
            return new DocumentRefusedException("STACK", "the document's structure is nested too deeply to read");
        }
        // Parsers throw all kinds of runtime exceptions on malformed input; the type alone is safe to keep.
        return DocumentRefusedException.unreadable("the document cannot be read ("
                + failure.getClass().getSimpleName() + ")");
    }
}
