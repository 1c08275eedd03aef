package io.reactivenet.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.Net;
import io.reactivenet.NetArgumentException;
import io.reactivenet.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SocketAddress beyond the differential test: parse, conversions, value semantics, deviations. */
class SocketAddressTest {

    @Test
    void ofFollowsNodeDefaultsAndNormalizes() {
        assertThat(SocketAddress.of(null, 0, null, 0).address()).isEqualTo("127.0.0.1");
        assertThat(SocketAddress.of(null, 0, "ipv6", 0).address()).isEqualTo("::");
        SocketAddress a = SocketAddress.of("0:0:0:0:0:FFFF:7B7B:7B7B", 443, "IPv6", 7);
        assertThat(a.address()).isEqualTo("::ffff:123.123.123.123");
        assertThat(a.port()).isEqualTo(443);
        assertThat(a.family()).isEqualTo("ipv6");
        assertThat(a.flowlabel()).isEqualTo(7);
        assertThat(SocketAddress.of("1.2.3.4", 1, "ipv4", 99).flowlabel()).isZero();
        assertThat(SocketAddress.of("fe80::1%eth0", 0, "ipv6", 0).address()).isEqualTo("fe80::1");
    }

    @Test
    void badArgumentsCarryNodeCodesAndNameTheValue() {
        assertThatThrownBy(() -> SocketAddress.of("1.2.3.4", 0, "ipv5", 0))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ARG_VALUE"))
                .hasMessageContaining("ipv5");
        assertThatThrownBy(() -> SocketAddress.of("01.2.3.4", 0, "ipv4", 0))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ADDRESS"))
                .hasMessageContaining("01.2.3.4");
        assertThatThrownBy(() -> SocketAddress.of("1.2.3.4", 65536, "ipv4", 0))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_SOCKET_BAD_PORT"))
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> SocketAddress.of("::", 0, "ipv6", -1))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_OUT_OF_RANGE"))
                .hasMessageContaining("-1");
    }

    @Test
    void documentedDeviationsAreRejected() {
        // Node aborts the process on this flow label
        assertThatThrownBy(() -> SocketAddress.of("::", 0, "ipv6", 0x100000))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_OUT_OF_RANGE"))
                .hasMessageContaining("1048576");
        // Node reads "1.2.3.4" and ignores the rest
        assertThatThrownBy(() -> SocketAddress.of("1.2.3.4\u0000garbage", 0, "ipv4", 0))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ADDRESS"))
                .hasMessageContaining("NUL").hasMessageContaining("\\u0000");
        // Node cuts the text before the zone at 39 characters and reads "::1"
        assertThatThrownBy(() -> SocketAddress.of("0000:0000:0000:0000:0000:0000:0000:0001xyz%eth0", 0, "ipv6", 0))
                .isInstanceOfSatisfying(NetArgumentException.class, e -> assertThat(e.code()).isEqualTo("ERR_INVALID_ADDRESS"))
                .hasMessageContaining("39 characters");
        // a 45-character address without a zone is fine, as in Node
        assertThat(SocketAddress.of("0000:0000:0000:0000:0000:ffff:255.255.255.255", 0, "ipv6", 0).address())
                .isEqualTo("::ffff:255.255.255.255");
    }

    @Test
    void ofInfersTheFamily() {
        assertThat(SocketAddress.of("::1", 80).family()).isEqualTo("ipv6");
        assertThat(SocketAddress.of("10.0.0.1", 80).family()).isEqualTo("ipv4");
        assertThatThrownBy(() -> SocketAddress.of("localhost", 80)).isInstanceOf(NetArgumentException.class);
    }

    @Test
    void parseAcceptsNodeSocketAddressForms() {
        assertThat(SocketAddress.parse("1.2.3.4:80")).contains(SocketAddress.of("1.2.3.4", 80, "ipv4", 0));
        assertThat(SocketAddress.parse("[::1]:8080")).contains(SocketAddress.of("::1", 8080, "ipv6", 0));
        assertThat(SocketAddress.parse("1.2.3.4")).contains(SocketAddress.of("1.2.3.4", 0, "ipv4", 0));
        assertThat(SocketAddress.parse("[::1]")).contains(SocketAddress.of("::1", 0, "ipv6", 0));
        assertThat(SocketAddress.parse("[0:0::FFFF:1.2.3.4]:65535").map(SocketAddress::address)).contains("::ffff:1.2.3.4");
        assertThat(SocketAddress.parse("1.2.3.4:")).contains(SocketAddress.of("1.2.3.4", 0, "ipv4", 0));
        assertThat(SocketAddress.parse("[::1]:")).contains(SocketAddress.of("::1", 0, "ipv6", 0));
        assertThat(SocketAddress.parse("1.2.3.4:0080").map(SocketAddress::port)).contains(80);
    }

    @Test
    void parseRejectsEverythingElse() {
        for (String bad : new String[] {"", ":80", "::1", "::1:80", "[::1", "[::1]80", "[fe80::1%eth0]:80",
                "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:8a", "1.2.3.4:80:80", "localhost:80", "01.2.3.4:80",
                "127.1", "1.2.3.4/8", " 1.2.3.4", "[1.2.3.4]:80", "1.2.3.4:1000000"}) {
            assertThat(SocketAddress.parse(bad)).as(bad).isEqualTo(Optional.empty());
        }
    }

    @Test
    void convertsFromAndToInetSocketAddress() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 8080);
        assertThat(SocketAddress.from(v4)).isEqualTo(SocketAddress.of("10.0.0.1", 8080));
        assertThat(SocketAddress.from(v4).toInetSocketAddress()).isEqualTo(v4);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 443);
        assertThat(SocketAddress.from(v6)).isEqualTo(SocketAddress.of("::1", 443));
        assertThat(SocketAddress.from(v6).toInetSocketAddress()).isEqualTo(v6);
        assertThat(SocketAddress.from(InetSocketAddress.createUnresolved("192.168.0.1", 1))).isEqualTo(SocketAddress.of("192.168.0.1", 1));
        assertThatThrownBy(() -> SocketAddress.from(InetSocketAddress.createUnresolved("example.com", 1)))
                .isInstanceOf(NetArgumentException.class).hasMessageContaining("example.com");
    }

    @Test
    void isAValue() {
        SocketAddress a = SocketAddress.of("::ffff:1.2.3.4", 80, "ipv6", 0);
        SocketAddress b = SocketAddress.of("0:0:0:0:0:ffff:102:304", 80, "IPV6", 0);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(SocketAddress.of("1.2.3.4", 80)).isNotEqualTo(SocketAddress.of("::ffff:1.2.3.4", 81));
        assertThat(a).hasToString("SocketAddress { address: '::ffff:1.2.3.4', port: 80, family: 'ipv6', flowlabel: 0 }");
    }

    @Test
    void isIpNeverThrows() {
        assertThat(Net.isIP(null)).isZero();
        assertThat(Net.isIPv4(null)).isFalse();
        assertThat(Net.isIPv6(null)).isFalse();
        assertThat(Net.isIP("1.2.3.4")).isEqualTo(4);
        assertThat(Net.isIP("fe80::1%eth0")).isEqualTo(6);
        assertThat(Net.isIP("fe80::1%")).isZero();
    }
}
