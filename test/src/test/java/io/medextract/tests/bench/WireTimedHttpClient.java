package io.medextract.tests.bench;

import io.medextract.tests.local.CallWrappingHttpClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An SDK HTTP client that adds the time the calling thread spends inside the real client to a {@link WireTime}:
 * the whole of {@code call()} (connect or reuse, write the request, wait for status and headers) and every read
 * of the response body. Everything else an SDK call does (marshalling, signing, endpoint rules, unmarshalling,
 * retries' bookkeeping) stays outside, so it counts as the handler's own time.
 */
public final class WireTimedHttpClient extends CallWrappingHttpClient {

    private final WireTime wire;

    public WireTimedHttpClient(SdkHttpClient delegate, WireTime wire) {
        super(delegate);
        this.wire = wire;
    }

    @Override
    protected HttpExecuteResponse call(HttpExecuteRequest request, ExecutableHttpRequest real) throws IOException {
        wire.countRequest();
        long t0 = System.nanoTime();
        HttpExecuteResponse response;
        try {
            response = real.call();
        } finally {
            wire.add(System.nanoTime() - t0);
        }
        Optional<AbortableInputStream> body = response.responseBody();
        if (body.isEmpty()) {
            return response;
        }
        return HttpExecuteResponse.builder().response(response.httpResponse())
                .responseBody(AbortableInputStream.create(new TimedStream(body.get()), body.get()))
                .build();
    }

    /** Body reads block on the socket: time on the wire as well. */
    private final class TimedStream extends FilterInputStream {

        TimedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            long t0 = System.nanoTime();
            try {
                return super.read();
            } finally {
                wire.add(System.nanoTime() - t0);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long t0 = System.nanoTime();
            try {
                return super.read(b, off, len);
            } finally {
                wire.add(System.nanoTime() - t0);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            long t0 = System.nanoTime();
            try {
                return super.skip(n);
            } finally {
                wire.add(System.nanoTime() - t0);
            }
        }
    }
}
