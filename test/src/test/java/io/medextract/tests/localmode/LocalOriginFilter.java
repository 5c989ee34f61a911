package io.medextract.tests.localmode;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps local mode to its own pages and tools on this machine, before any route runs. A web page of another
 * origin can make a browser send requests to 127.0.0.1: local mode refuses
 * <ul>
 *   <li>a {@code Host} that is not the local origin (403 {@code host_not_allowed}): after DNS rebinding the
 *       attacker's page is same-origin with its own host name, which now resolves to 127.0.0.1;</li>
 *   <li>an {@code Origin} that is not the local origin (403 {@code origin_not_allowed}), also on reads and on
 *       CORS preflights, so no CORS answer ever names another origin;</li>
 *   <li>a write (any method but GET, HEAD, OPTIONS) without {@code Content-Type: application/json} (415
 *       {@code unsupported_media_type}). A browser sends a cross-origin write without asking first only with a
 *       form content type ({@code text/plain}, {@code application/x-www-form-urlencoded},
 *       {@code multipart/form-data}): with JSON required, every cross-origin write needs a preflight, which the
 *       Origin rule refuses; this holds even where a browser omits Origin. Presigned upload PUTs to the bucket
 *       carry the document's own type: PUT is never sent cross-origin without a preflight either.</li>
 * </ul>
 * Every answer also says {@code Cross-Origin-Resource-Policy: same-origin}, so another site cannot embed one.
 */
final class LocalOriginFilter extends Filter {

    /** Why a request was refused, as the API's JSON error. */
    record Refusal(int status, String error, String message) {}

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String JSON = "application/json";
    private static final int QUOTED_CHARS = 100;

    private final LocalOrigin origin;
    private final String uploadPathPrefix;

    /** @param uploadPathPrefix {@code /<bucket>/}: presigned PUTs there carry the document, not JSON */
    LocalOriginFilter(LocalOrigin origin, String uploadPathPrefix) {
        this.origin = origin;
        this.uploadPathPrefix = uploadPathPrefix;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.getResponseHeaders().set("Cross-Origin-Resource-Policy", "same-origin");
        Optional<Refusal> refusal = check(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders());
        if (refusal.isEmpty()) {
            chain.doFilter(exchange);
            return;
        }
        try (exchange) {
            LocalHttpServer.sendError(exchange, refusal.get().status(), refusal.get().error(), refusal.get().message());
        }
    }

    @Override
    public String description() {
        return "refuses other hosts, other origins and non-JSON writes";
    }

    Optional<Refusal> check(String method, URI target, Headers headers) {
        List<String> hosts = headers.getOrDefault("Host", List.of());
        if (hosts.size() != 1 || !origin.isHost(hosts.get(0).trim())
                || target.getRawAuthority() != null && !origin.isHost(target.getRawAuthority())) {
            return Optional.of(new Refusal(403, "host_not_allowed", "local mode answers only requests addressed to "
                    + String.join(" or ", origin.origins()) + ", not one with " + sent("Host", hosts)
                    + " (a page that points its own host name at this machine is refused)"));
        }
        List<String> origins = headers.getOrDefault("Origin", List.of());
        if (!origins.stream().allMatch(o -> origin.isOrigin(o.trim()))) {
            return Optional.of(new Refusal(403, "origin_not_allowed", "local mode answers only its own pages ("
                    + String.join(" or ", origin.origins()) + "), not one with " + sent("Origin", origins)));
        }
        boolean upload = method.equals("PUT") && target.getRawPath().startsWith(uploadPathPrefix);
        List<String> contentTypes = headers.getOrDefault("Content-Type", List.of());
        if (!READS.contains(method) && !upload && !isJson(contentTypes)) {
            return Optional.of(new Refusal(415, "unsupported_media_type", "local mode takes writes only with"
                    + " Content-Type: " + JSON + " (a page of another origin cannot send that without a CORS preflight,"
                    + " which local mode refuses), not one with " + sent("Content-Type", contentTypes)));
        }
        return Optional.empty();
    }

    /** Exactly one Content-Type whose media type (before any parameters such as charset) is application/json. */
    private static boolean isJson(List<String> contentTypes) {
        return contentTypes.size() == 1
                && contentTypes.get(0).split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(JSON);
    }

    /** What a request sent in a header, for a message: bounded, without control characters. */
    private static String sent(String header, List<String> values) {
        if (values.isEmpty()) {
            return "no " + header;
        }
        String joined = String.join(", ", values).replaceAll("\\p{Cntrl}", "?");
        return header + " \"" + (joined.length() > QUOTED_CHARS ? joined.substring(0, QUOTED_CHARS) + "..." : joined) + "\"";
    }
}
