package io.medextract.tests.localmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.medextract.tests.local.TestDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server a running local mode holds (its HTTP server, S3Mock's two ports, ElasticMQ, dynalite in its node
 * process, the Bedrock fake, and whatever else this JVM or its child processes listen on) is bound to the loopback
 * address, so nothing on the machine's network reaches it: in particular S3Mock, which checks no credentials and
 * would list every uploaded document to anyone who asks {@code GET /<bucket>?list-type=2}.
 */
class LocalModeLoopbackTest {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "0:0:0:0:0:0:0:1");

    @TempDir
    static Path data;

    private static LocalMode local;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux's /proc/net/tcp");
        local = LocalMode.start(LocalModeOptions.forTest(data, null),
                Path.of(System.getProperty("medextract.test.dir", ".")));
        String body = TestDocuments.uploadBody("discharge.txt", "text/plain",
                TestDocuments.dischargeSummary("Lana Network").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(local.url().resolve("/api/upload"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void everyListeningSocketOfTheProcessAndItsChildrenIsOnLoopback() {
        List<ListeningSockets.Socket> sockets = ListeningSockets.ofProcessTree(ProcessHandle.current());
        // The listing sees local mode's servers, in this JVM and in dynalite's node process.
        assertThat(sockets).extracting(ListeningSockets.Socket::port)
                .contains(local.url().getPort(), s3Port(), local.standIns().dynamoEndpoint().getPort(),
                        local.standIns().sqsEndpoint().getPort());
        assertThat(sockets).anyMatch(s -> s.pid() != ProcessHandle.current().pid());
        assertThat(sockets)
                .as("every listening socket is bound to 127.0.0.1 or ::1")
                .allSatisfy(socket -> assertThat(socket.address().getHostAddress()).as(socket.toString()).isIn(LOOPBACK));
    }

    @Test
    void theS3ListingIsUnreachableFromTheMachinesNetworkAddress() throws Exception {
        List<InetAddress> network = networkAddresses();
        assumeTrue(!network.isEmpty(), "this machine has no non-loopback address to try");
        // On loopback, the listing the attack is after exists.
        String listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + s3Port() + "/" + LocalDeployment.BUCKET + "?list-type=2")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(listing).contains("<Key>");

        for (InetAddress address : network) {
            assertThat(listS3Bucket(address, s3Port())).as("GET /%s?list-type=2 via %s", LocalDeployment.BUCKET, address)
                    .isEqualTo("connection refused");
        }
    }

    @Test
    void noListeningPortAnswersOnTheMachinesNetworkAddress() throws Exception {
        List<InetAddress> network = networkAddresses();
        assumeTrue(!network.isEmpty(), "this machine has no non-loopback address to try");
        for (ListeningSockets.Socket socket : ListeningSockets.ofProcessTree(ProcessHandle.current())) {
            for (InetAddress address : network) {
                assertThat(connect(address, socket.port())).as("%s via %s", socket, address.getHostAddress()).isFalse();
            }
        }
    }

    private static int s3Port() {
        return local.standIns().s3Endpoint().getPort();
    }

    /** The attack: an unsigned bucket listing sent to the machine's network address. */
    private static String listS3Bucket(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /" + LocalDeployment.BUCKET + "?list-type=2 HTTP/1.1\r\nHost: " + hostPort(address, port)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ConnectException e) {
            return "connection refused";
        }
    }

    private static boolean connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (ConnectException | SocketTimeoutException e) {
            return false;
        }
    }

    private static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress().replaceFirst("%.*$", ""); // no zone id in a Host header
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    /** This machine's own addresses on its network interfaces (not loopback, not link-local). */
    private static List<InetAddress> networkAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).forEach(addresses::add);
            }
        }
        return addresses;
    }
}
