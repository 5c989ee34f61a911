package io.medextract.tests.local;

import java.io.IOException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An SDK HTTP client that hands every call to the real one and lets a subclass act around it: count it, time it,
 * record it. The SDK's own work (marshalling, signing, retries) happens before and after, as with the real client.
 */
public abstract class CallWrappingHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;

    protected CallWrappingHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** One call: {@code real.call()} and whatever the subclass does around it. */
    protected abstract HttpExecuteResponse call(HttpExecuteRequest request, ExecutableHttpRequest real)
            throws IOException;

    @Override
    public final ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return CallWrappingHttpClient.this.call(request, prepared);
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
