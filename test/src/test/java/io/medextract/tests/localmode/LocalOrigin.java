package io.medextract.tests.localmode;

import java.net.URI;
import java.util.List;

/**
 * The one origin local mode serves: {@code http://127.0.0.1:<port>}, which a browser may also spell
 * {@code http://localhost:<port>}. A request addressed to any other host (a DNS-rebinding page names its own) or
 * sent by a page of any other origin is not local mode's to answer ({@link LocalOriginFilter}).
 *
 * @param port the port local mode's HTTP server listens on (on 127.0.0.1 only)
 */
record LocalOrigin(int port) {

    static final String LOOPBACK = "127.0.0.1";
    private static final List<String> HOSTS = List.of(LOOPBACK, "localhost");
    private static final int HTTP_DEFAULT_PORT = 80;

    LocalOrigin {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("no TCP port: " + port);
        }
    }

    /** Where local mode is opened, as printed at start. */
    URI url() {
        return URI.create(origins().get(0));
    }

    /** The Origin values of local mode's own pages, and the only ones CORS answers name. */
    List<String> origins() {
        return HOSTS.stream().map(host -> "http://" + host + ":" + port).toList();
    }

    /** Whether a Host header (or a request target's authority) names local mode. */
    boolean isHost(String host) {
        return HOSTS.stream().anyMatch(h -> (h + ":" + port).equalsIgnoreCase(host)
                || port == HTTP_DEFAULT_PORT && h.equalsIgnoreCase(host));
    }

    /** Whether an Origin header is local mode's own (a browser serializes it as scheme://host:port). */
    boolean isOrigin(String origin) {
        return origin.regionMatches(true, 0, "http://", 0, "http://".length())
                && isHost(origin.substring("http://".length()));
    }
}
