package io.reactivenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the address text parsers with Jazzer. The build replays the corpus,
 * {@code src/test/resources/io/reactivenet/SocketAddressJazzerTestInputs/<method>/}; to fuzz one
 * target: {@code JAZZER_FUZZ=1 mvn -pl reactive-net-core surefire:test@jazzer-regression
 * -Dtest='SocketAddressJazzerTest#parse'} (stops after {@code maxDuration}; a finding lands in the
 * inputs directory as a new regression case). What must hold for any text:
 * <ul>
 *   <li>{@link SocketAddress#parse} never throws; what it accepts formats back
 *       ({@code a.b.c.d:port}, {@code [v6]:port}) to text that parses to the same address, whose
 *       {@link SocketAddress#address()} is canonical (parsing it again changes nothing), and whose
 *       bytes are those the JDK reads from the same literal;</li>
 *   <li>{@link SocketAddress#of(String, int, String, int)} throws only {@link NetArgumentException}s
 *       with the codes its Javadoc lists, and what it accepts round-trips the same way.</li>
 * </ul>
 */
class SocketAddressJazzerTest {

    private static final Set<String> OF_CODES = Set.of(NetArgumentException.ERR_INVALID_ARG_VALUE,
            NetArgumentException.ERR_SOCKET_BAD_PORT, NetArgumentException.ERR_OUT_OF_RANGE,
            NetArgumentException.ERR_INVALID_ADDRESS);

    @FuzzTest(maxDuration = "10m")
    void parse(FuzzedDataProvider data) {
        String input = data.consumeRemainingAsString();
        Optional<SocketAddress> parsed;
        try {
            parsed = SocketAddress.parse(input);
        } catch (RuntimeException e) {
            throw new AssertionError("parse threw for " + quoted(input), e);
        }
        parsed.ifPresent(a -> {
            assertThat(a.flowlabel()).as(quoted(input)).isZero();
            roundTrip(a, input);
            // The port as written: parse reads at most five digits and an empty port is 0.
            int colon = input.startsWith("[") ? input.indexOf(':', input.indexOf(']')) : input.indexOf(':');
            String port = colon < 0 ? "" : input.substring(colon + 1);
            assertThat(a.port()).as(quoted(input)).isEqualTo(port.isEmpty() ? 0 : Integer.parseInt(port));
        });
    }

    @FuzzTest(maxDuration = "10m")
    void of(FuzzedDataProvider data) {
        String family = data.pickValue(new String[] {"ipv4", "ipv6", "IPv6", "IPV4", "ipv5", ""});
        boolean nullFamily = data.consumeBoolean();
        int port = data.consumeBoolean() ? data.consumeInt(0, 65535) : data.consumeInt();
        int flowlabel = data.consumeBoolean() ? data.consumeInt(0, SocketAddress.MAX_FLOWLABEL) : data.consumeInt();
        String address = data.consumeRemainingAsString();
        SocketAddress a;
        try {
            a = SocketAddress.of(address, port, nullFamily ? null : family, flowlabel);
        } catch (NetArgumentException e) {
            assertThat(e.code()).as("code for %s", quoted(address)).isIn(OF_CODES);
            assertThat(e.getMessage()).as("message for %s", quoted(address)).isNotBlank();
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("of threw an undocumented exception for " + quoted(address), e);
        }
        assertThat(a.port()).isEqualTo(port);
        assertThat(SocketAddress.of(a.address(), a.port(), a.family(), a.flowlabel())).as(quoted(address))
                .isEqualTo(a);
        roundTrip(a, address);
    }

    /** What was accepted formats back to text that parses to itself, as the JDK reads the literal. */
    private static void roundTrip(SocketAddress a, String input) {
        boolean v6 = a.family().equals("ipv6");
        String text = (v6 ? "[" + a.address() + "]" : a.address()) + ":" + a.port();
        SocketAddress again = SocketAddress.parse(text).orElseThrow(
                () -> new AssertionError("formatted " + quoted(text) + " of " + quoted(input) + " does not parse"));
        assertThat(again.address()).as("canonical address of %s", quoted(input)).isEqualTo(a.address());
        assertThat(again.port()).isEqualTo(a.port());
        assertThat(again.family()).isEqualTo(a.family());
        assertThat(SocketAddress.from(again.toInetSocketAddress())).isEqualTo(again);
        try {
            // A literal of its family, so the JDK parses it without a lookup (guarded: never a name).
            assertThat(Net.isIP(a.address())).isEqualTo(v6 ? 6 : 4);
            byte[] jdk = InetAddress.getByName(a.address()).getAddress();
            if (v6 && jdk.length == 4) {
                // The JDK reads ::ffff:a.b.c.d as the IPv4 address a.b.c.d.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(jdk, 0, mapped, 12, 4);
                jdk = mapped;
            }
            assertThat(jdk).as("bytes of %s", quoted(input))
                    .isEqualTo(a.toInetSocketAddress().getAddress().getAddress());
        } catch (UnknownHostException e) {
            fail("the JDK does not read the canonical literal " + quoted(a.address()) + " of " + quoted(input), e);
        }
    }

    private static String quoted(String s) {
        return "'" + SocketAddress.printable(s) + "'";
    }
}
