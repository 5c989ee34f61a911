package io.medextract.tests.localmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** How {@code /proc/net/tcp} and {@code tcp6} print addresses, as Linux prints them on x86-64 and arm64. */
class ListeningSocketsTest {

    @Test
    void readsIpv4AndIpv6AddressesWordByWord() {
        assertThat(ListeningSockets.address("0100007F", ByteOrder.LITTLE_ENDIAN).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(ListeningSockets.address("00000000", ByteOrder.LITTLE_ENDIAN).getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(ListeningSockets.address("0200000A", ByteOrder.LITTLE_ENDIAN).getHostAddress()).isEqualTo("10.0.0.2");
        assertThat(ListeningSockets.address("00000000000000000000000001000000", ByteOrder.LITTLE_ENDIAN)
                .getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(ListeningSockets.address("00000000000000000000000000000000", ByteOrder.LITTLE_ENDIAN)
                .getHostAddress()).isEqualTo("0:0:0:0:0:0:0:0");
        // A Java server socket bound to 127.0.0.1 on a dual-stack system: ::ffff:127.0.0.1 in tcp6.
        assertThat(ListeningSockets.address("0000000000000000FFFF00000100007F", ByteOrder.LITTLE_ENDIAN)
                .getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(ListeningSockets.address("7F000001", ByteOrder.BIG_ENDIAN).getHostAddress()).isEqualTo("127.0.0.1");
    }
}
