package io.medextract.tests.localmode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one HTTP/1.1 request exactly as written, headers a browser would set ({@code Host}, {@code Origin}) included,
 * which the JDK's client refuses to set, and reads the answer until the server closes the connection.
 */
final class RawHttp {

    /** An answer: status, headers (names in lower case, last value wins) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private RawHttp() {}

    /**
     * @param head request line and headers, one per element ({@code Content-Length} and
     *             {@code Connection: close} are added)
     */
    static Answer send(int port, List<String> head, String body) throws IOException {
        return send(port, head, body.getBytes(StandardCharsets.UTF_8));
    }

    static Answer send(int port, List<String> head, byte[] content) throws IOException {
        StringBuilder request = new StringBuilder();
        head.forEach(line -> request.append(line).append("\r\n"));
        request.append("Content-Length: ").append(content.length).append("\r\n");
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static Answer parse(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no HTTP answer: " + response);
        }
        String[] lines = response.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(end + 4));
    }
}
