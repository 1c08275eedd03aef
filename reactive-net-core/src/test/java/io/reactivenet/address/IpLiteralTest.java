package io.reactivenet.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.internal.address.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The one IP-literal parser the connect path calls: exactly Node's isIP literals, never a lookup. */
class IpLiteralTest {

    @Test
    void literalsBecomeAddressesWithTheSameBytes() throws Exception {
        InetAddress v4 = IpAddresses.toInetAddress("192.168.0.255");
        assertThat(v4).isInstanceOf(Inet4Address.class);
        assertThat(v4.getAddress()).containsExactly(192, 168, 0, 255);

        InetAddress v6 = IpAddresses.toInetAddress("2001:db8::ff00:42:8329");
        assertThat(v6).isInstanceOf(Inet6Address.class).isEqualTo(InetAddress.getByName("2001:db8::ff00:42:8329"));

        InetAddress embedded = IpAddresses.toInetAddress("::1.2.3.4");
        assertThat(embedded).isEqualTo(InetAddress.getByName("::1.2.3.4"));

        InetAddress zoned = IpAddresses.toInetAddress("fe80::1%1");
        assertThat(zoned).isInstanceOf(Inet6Address.class);
        assertThat(((Inet6Address) zoned).getScopeId()).isEqualTo(1);
    }

    @Test
    void everythingNodeRejectsIsNotALiteral() {
        for (String text : new String[] {"localhost", "example.com", "", "1.2.3", "01.2.3.4", "1.2.3.256",
                "::1%", "[::1]", "1.2.3.4:80", "12345::", "256.0.0.1"}) {
            assertThat(IpAddresses.toInetAddress(text)).as(text).isNull();
            assertThat(IpAddresses.isIP(text)).as(text).isZero();
        }
    }

    @Test
    void bytesReadBigEndian() {
        byte[] b = {1, 2, 3, 4, (byte) 0xff, 0, 0, (byte) 0x80, 9, 9, 9, 9, 9, 9, 9, 9};
        assertThat(IpAddresses.fromBytes(b, 0, 4)).isEqualTo(0x01020304L);
        assertThat(IpAddresses.fromBytes(b, 0, 8)).isEqualTo(0x01020304ff000080L);
        assertThat(IpAddresses.fromBytes(b, 8, 8)).isEqualTo(0x0909090909090909L);
    }
}
