package io.medextract.tests.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local Lambda Runtime API for one execution environment: hands out events on {@code invocation/next}, takes
 * answers on {@code invocation/{id}/response} and {@code /error}, and records {@code init/error}. It notes when
 * each call arrives, so a launcher can time init (launch to the first {@code next}) and each invocation (event
 * handed out to answer received). Paths, headers and status codes as the Runtime API documents them:
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
final class RuntimeApiEmulator implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    /** Invocations are given this long (Lambda-Runtime-Deadline-Ms); the benchmark never comes near it. */
    static final long DEADLINE_MILLIS = 60_000;

    /** One answered invocation: when its event left, when its answer arrived (nanoTime), and the answer. */
    record Answer(String requestId, long handedOutNanos, long answeredNanos, boolean error, String body) {
        long nanos() {
            return answeredNanos - handedOutNanos;
        }
    }

    private final HttpServer server;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final List<String> initErrors = new ArrayList<>();
    private final String functionArn;
    private volatile long firstNextNanos;
    private volatile long restoredNanos;
    private volatile long handedOutNanos;
    private volatile String currentRequestId;
    private int sequence;

    RuntimeApiEmulator(String functionName) throws IOException {
        // Without TCP_NODELAY each small answer waits for the peer's delayed ACK (about 40 ms on Linux).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void enqueue(String event) {
        events.add(event);
    }

    /** The next answer, or null when none came within the timeout. */
    Answer awaitAnswer(long timeout, TimeUnit unit) throws InterruptedException {
        return answers.poll(timeout, unit);
    }

    long firstNextNanos() {
        return firstNextNanos;
    }

    /** When the runtime was let out of restore/next (SnapStart: the snapshot is taken while it waits there); 0: never. */
    long restoredNanos() {
        return restoredNanos;
    }

    synchronized List<String> initErrors() {
        return List.copyOf(initErrors);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        String method = exchange.getRequestMethod();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (method.equals("GET") && path.equals("invocation/next")) {
            next(exchange);
        } else if (method.equals("GET") && path.equals("restore/next")) {
            // SnapStart: the runtime has run the beforeCheckpoint hooks; answering is "the restore has happened".
            restoredNanos = System.nanoTime();
            reply(exchange, 200, "");
        } else if (method.equals("POST") && path.equals("init/error")) {
            synchronized (this) {
                initErrors.add(new String(body, StandardCharsets.UTF_8));
            }
            answers.add(new Answer("init", System.nanoTime(), System.nanoTime(), true,
                    new String(body, StandardCharsets.UTF_8)));
            reply(exchange, 202, "{\"status\":\"OK\"}");
        } else if (method.equals("POST") && path.startsWith("invocation/")
                && (path.endsWith("/response") || path.endsWith("/error"))) {
            long now = System.nanoTime();
            String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
            if (!id.equals(currentRequestId)) {
                reply(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
                return;
            }
            answers.add(new Answer(id, handedOutNanos, now, path.endsWith("/error"),
                    new String(body, StandardCharsets.UTF_8)));
            reply(exchange, 202, "{\"status\":\"OK\"}");
        } else {
            reply(exchange, 404, "{\"errorMessage\":\"no such route\",\"errorType\":\"NotFound\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (firstNextNanos == 0) {
            firstNextNanos = System.nanoTime();
        }
        String event;
        try {
            event = events.take(); // the runtime blocks here until the next invocation, as in Lambda
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String id;
        synchronized (this) {
            id = "bench-" + (++sequence);
        }
        currentRequestId = id;
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", id);
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                String.valueOf(System.currentTimeMillis() + DEADLINE_MILLIS));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        handedOutNanos = System.nanoTime();
        reply(exchange, 200, event);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
