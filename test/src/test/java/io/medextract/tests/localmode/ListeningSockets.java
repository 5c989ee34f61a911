package io.medextract.tests.localmode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets in LISTEN state that a process and its descendants own, read from Linux's {@code /proc}
 * (no package needed): {@code /proc/<pid>/fd} links name each socket's inode, {@code /proc/net/tcp} and
 * {@code tcp6} give each inode's local address (hex, each 32-bit word in host byte order) and state.
 */
final class ListeningSockets {

    /** One listening socket: where it is bound, and the process that holds it. */
    record Socket(InetAddress address, int port, long pid, String command) {
        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port + " (pid " + pid + " " + command + ")";
        }
    }

    private static final String LISTEN = "0A";
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private ListeningSockets() {}

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** Every listening TCP socket of {@code root} and the processes it started (and they started). */
    static List<Socket> ofProcessTree(ProcessHandle root) {
        Map<Long, ProcessHandle> owners = new HashMap<>();
        socketInodes(root.pid(), true).forEach(inode -> owners.put(inode, root));
        root.descendants().forEach(child -> socketInodes(child.pid(), false).forEach(inode -> owners.put(inode, child)));
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            for (String[] row : rows(Path.of("/proc/self/net", table))) {
                ProcessHandle owner = owners.get(Long.parseLong(row[9]));
                if (owner != null && row[3].equals(LISTEN)) {
                    String[] local = row[1].split(":");
                    sockets.add(new Socket(address(local[0]), Integer.parseInt(local[1], 16), owner.pid(),
                            owner.info().command().orElse("?")));
                }
            }
        }
        return sockets;
    }

    private static List<Long> socketInodes(long pid, boolean required) {
        List<Long> inodes = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (socket.matches()) {
                        inodes.add(Long.parseLong(socket.group(1)));
                    }
                } catch (NoSuchFileException closed) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            if (required) {
                throw new UncheckedIOException("cannot read the sockets of process " + pid, e);
            }
            // a child that exited while we looked holds no sockets any more
        }
        return inodes;
    }

    private static List<String[]> rows(Path table) {
        try {
            List<String> lines = Files.readAllLines(table);
            return lines.stream().skip(1).map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")).toList();
        } catch (NoSuchFileException noIpv6) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 8 hex digits (IPv4) or 32 (IPv6), each 32-bit word printed in the machine's byte order. */
    static InetAddress address(String hex) {
        return address(hex, ByteOrder.nativeOrder());
    }

    static InetAddress address(String hex, ByteOrder order) {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = order == ByteOrder.LITTLE_ENDIAN ? raw[word + 3 - i] : raw[word + i];
            }
        }
        try {
            return InetAddress.getByAddress(address); // ::ffff:a.b.c.d comes back as the IPv4 address a.b.c.d
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }
}
