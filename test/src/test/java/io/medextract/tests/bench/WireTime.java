package io.medextract.tests.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time spent inside the SDK's HTTP client (connecting, sending, waiting for the server, reading its answer)
 * across all threads, and the number of requests. Summing across threads is right while one invocation's calls
 * do not overlap: the warm benchmark invokes one request or one SQS message at a time.
 */
public final class WireTime {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();

    void add(long elapsedNanos) {
        nanos.addAndGet(elapsedNanos);
    }

    void countRequest() {
        requests.incrementAndGet();
    }

    /** What was spent since the last reset, and resets. */
    public Spent takeSpent() {
        return new Spent(nanos.getAndSet(0), requests.getAndSet(0));
    }

    /** @param nanos time on the wire; @param requests HTTP requests made */
    public record Spent(long nanos, int requests) {}
}
