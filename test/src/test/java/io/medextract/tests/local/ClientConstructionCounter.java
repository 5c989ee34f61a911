package io.medextract.tests.local;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts S3 and SQS client constructions in this JVM. The SDK's generated client builders instantiate the
 * interceptors listed in {@code software/amazon/awssdk/services/<service>/execution.interceptors} (every such
 * resource on the class path) once per client they build, so listing these classes there (test resources) counts
 * builds of the real clients without wrapping them. The interceptors themselves do nothing.
 */
public final class ClientConstructionCounter {

    private static final AtomicInteger S3_CLIENTS = new AtomicInteger();
    private static final AtomicInteger SQS_CLIENTS = new AtomicInteger();

    private ClientConstructionCounter() {}

    public static int s3Clients() {
        return S3_CLIENTS.get();
    }

    public static int sqsClients() {
        return SQS_CLIENTS.get();
    }

    /** Listed in software/amazon/awssdk/services/s3/execution.interceptors. */
    public static final class S3 implements ExecutionInterceptor {
        public S3() {
            S3_CLIENTS.incrementAndGet();
        }
    }

    /** Listed in software/amazon/awssdk/services/sqs/execution.interceptors. */
    public static final class Sqs implements ExecutionInterceptor {
        public Sqs() {
            SQS_CLIENTS.incrementAndGet();
        }
    }
}
