package io.medextract.tests.artifact;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plays the Lambda runtime for one invocation of a handler from the shipped (shaded) jar, in a fresh JVM:
 * {@code java -cp <lambda jar>:<this class> InvokeOnce <handler class> <event file> <response file>}.
 * Uses only the JDK and what the Lambda jar itself contains.
 */
public final class InvokeOnce {

    private InvokeOnce() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long initialised = System.nanoTime();
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        try (OutputStream out = new FileOutputStream(args[2])) {
            handler.handleRequest(new ByteArrayInputStream(event), out, new RuntimeContext());
        }
        long done = System.nanoTime();
        System.err.printf("INVOKE_TIMING init_ms=%d invoke_ms=%d%n", (initialised - started) / 1_000_000,
                (done - initialised) / 1_000_000);
        System.err.printf("INVOKE_MEMORY peak_rss_kb=%d%n", peakResidentKilobytes());
    }

    /**
     * The process's peak resident set (VmHWM in /proc/self/status: heap, metaspace, thread stacks and native
     * buffers such as image decoders' alike), which is what Lambda's memory limit applies to. -1 off Linux.
     */
    static long peakResidentKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: no reading
        }
        return -1;
    }

    /** The context values a handler may read. */
    private static final class RuntimeContext implements Context {
        @Override public String getAwsRequestId() { return "artifact-test"; }
        @Override public String getLogGroupName() { return "/aws/lambda/artifact"; }
        @Override public String getLogStreamName() { return "artifact"; }
        @Override public String getFunctionName() { return "artifact"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:artifact:live"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 300_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.println(message); }
                @Override public void log(byte[] message) { System.out.println(new String(message)); }
            };
        }
    }
}
