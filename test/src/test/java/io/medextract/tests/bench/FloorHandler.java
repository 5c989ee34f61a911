package io.medextract.tests.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The cold-start floor: a handler that only answers, run through the same runtime client on the same JDK. */
public final class FloorHandler implements RequestStreamHandler {

    private static final byte[] ANSWER = "{\"statusCode\":200,\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        input.readAllBytes();
        output.write(ANSWER);
    }
}
