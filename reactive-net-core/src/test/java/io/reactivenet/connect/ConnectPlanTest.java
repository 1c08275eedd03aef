package io.reactivenet.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivenet.BlockList;
import io.reactivenet.ConnectOptions;
import io.reactivenet.Net;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetException;
import io.reactivenet.internal.connect.Addresses;
import io.reactivenet.internal.connect.ConnectPlan;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolved settings of a connect and the IP-literal rule, without sockets. */
class ConnectPlanTest {

    @Test
    void defaultsAreReadOnceWhenThePlanIsMadeAndOnlyForUnsetOptions() {
        ConnectOptions unset = ConnectOptions.to("example.test", 80);
        try {
            Net.setDefaultAutoSelectFamily(false);
            Net.setDefaultAutoSelectFamilyAttemptTimeout(Duration.ofMillis(700));
            ConnectPlan plan = ConnectPlan.of(unset);
            ConnectPlan set = ConnectPlan.of(unset.autoSelectFamily(true).autoSelectFamilyAttemptTimeout(Duration.ofMillis(300)));
            Net.setDefaultAutoSelectFamily(true);
            Net.setDefaultAutoSelectFamilyAttemptTimeout(Duration.ofMillis(900));
            assertThat(plan.autoSelectFamily()).isFalse();
            assertThat(plan.attemptTimeout()).isEqualTo(Duration.ofMillis(700));
            assertThat(set.autoSelectFamily()).isTrue();
            assertThat(set.attemptTimeout()).isEqualTo(Duration.ofMillis(300));
        } finally {
            Net.setDefaultAutoSelectFamily(true);
            Net.setDefaultAutoSelectFamilyAttemptTimeout(ConnectOptions.DEFAULT_ATTEMPT_TIMEOUT);
        }
    }

    @Test
    void portZeroIsRefusedAtTheCall() {
        assertThatThrownBy(() -> Net.connect(ConnectOptions.to("example.test", 0)))
                .isInstanceOf(NetArgumentException.class)
                .hasMessage("Port should be > 0 and < 65536. Received 0.")
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo("ERR_SOCKET_BAD_PORT");
    }

    @Test
    void racesOnlyForAHostNameWithoutFamilyOrLocalAddress() {
        ConnectOptions name = ConnectOptions.to("example.test", 80);
        assertThat(ConnectPlan.of(name).races()).isTrue();
        assertThat(ConnectPlan.of(name.autoSelectFamily(false)).races()).isFalse();
        assertThat(ConnectPlan.of(name.family(6)).races()).isFalse();
        assertThat(ConnectPlan.of(name.localAddress("127.0.0.1")).races()).isFalse();
        assertThat(ConnectPlan.of(name.localPort(4000)).races()).isTrue();
        assertThat(ConnectPlan.of(ConnectOptions.to("::1", 80)).races()).isFalse();
    }

    @Test
    void localBindAddress() {
        ConnectOptions o = ConnectOptions.to("example.test", 80);
        assertThat(ConnectPlan.of(o).local()).isNull();
        assertThat(ConnectPlan.of(o.localPort(4000)).local()).isEqualTo(new InetSocketAddress(4000));
        assertThat(ConnectPlan.of(o.localAddress("::1").localPort(4000)).local())
                .isEqualTo(new InetSocketAddress(HappyEyeballsIT.ip("::1"), 4000));
    }

    @Test
    void oneBlocklistCheckNamingTheAddressAsNode() {
        BlockList list = new BlockList();
        list.addAddress("::1", "ipv6");
        ConnectPlan plan = ConnectPlan.of(ConnectOptions.to("example.test", 80).blockList(list));
        NetException e = plan.blocked(HappyEyeballsIT.ip("::1"));
        assertThat(e).isNotNull().hasMessage("IP(::1) is blocked by net.BlockList");
        assertThat(e.code()).isEqualTo("ERR_IP_BLOCKED");
        assertThat(e.port()).isEqualTo(80);
        assertThat(plan.blocked(HappyEyeballsIT.ip("127.0.0.1"))).isNull();
        assertThat(ConnectPlan.of(ConnectOptions.to("example.test", 80)).blocked(HappyEyeballsIT.ip("::1"))).isNull();
    }

    /** What node v20 takes as an IP host (no lookup) and what it looks up, checked with {@code node -e}. */
    @Test
    void ipLiteralsFollowNodesIsIp() {
        assertThat(Addresses.literal("127.0.0.1")).isInstanceOf(Inet4Address.class).isEqualTo(HappyEyeballsIT.ip("127.0.0.1"));
        assertThat(Addresses.literal("::1")).isInstanceOf(Inet6Address.class).isEqualTo(HappyEyeballsIT.ip("::1"));
        // node: isIP 0, so these are names for the resolver (which may or may not accept them).
        for (String name : List.of("127.0.0.01", "0177.0.0.1", "127.1", "[::1]", "1.2.3", "0x7f.0.0.1", "localhost", "")) {
            assertThat(Addresses.literal(name)).as(name).isNull();
        }
        // node: isIP 6, connects over IPv6 and reports "::ffff:127.0.0.1" family 6.
        InetAddress mapped = Addresses.literal("::ffff:127.0.0.1");
        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(Addresses.text(mapped)).isEqualTo("::ffff:127.0.0.1");
        assertThat(Addresses.familyOf(mapped)).isEqualTo(6);
        assertThat(Addresses.text(Addresses.literal("2001:DB8:0:0:0:0:0:1"))).isEqualTo("2001:db8::1");
        assertThat(Addresses.literal("::1%1")).isInstanceOf(Inet6Address.class);
    }

    @Test
    void anIpHostNeedsNoLookup() {
        ConnectPlan plan = ConnectPlan.of(ConnectOptions.to("127.0.0.1", 80));
        assertThat(plan.literal()).isEqualTo(HappyEyeballsIT.ip("127.0.0.1"));
        assertThat(ConnectPlan.of(ConnectOptions.to("127.0.0.01", 80)).literal()).isNull();
    }
}
