package io.reactivenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The option values are immutable the Reactor Netty way: every setter returns a new instance with
 * one field changed and leaves the original as it was; bad arguments fail at the setter with Node's
 * code and wording.
 */
class OptionsTest {

    /** Applies {@code setter} and checks the copy has {@code expected} while the original keeps its value. */
    private static <T, V> void assertCopies(T original, UnaryOperator<T> setter, Function<T, V> getter, V expected) {
        V before = getter.apply(original);
        String shape = original.toString();
        T copy = setter.apply(original);
        assertThat(copy).isNotSameAs(original);
        assertThat(getter.apply(copy)).isEqualTo(expected);
        assertThat(getter.apply(original)).isEqualTo(before);
        assertThat(original.toString()).isEqualTo(shape);
    }

    @Test
    void socketOptionsSettersCopy() {
        SocketOptions base = SocketOptions.defaults();
        BlockList blockList = new BlockList();
        assertCopies(base, o -> o.noDelay(true), SocketOptions::noDelay, true);
        assertCopies(base, o -> o.keepAlive(true), SocketOptions::keepAlive, true);
        assertCopies(base, o -> o.keepAliveInitialDelay(Duration.ofSeconds(5)), SocketOptions::keepAliveInitialDelay,
                Duration.ofSeconds(5));
        assertCopies(base, o -> o.allowHalfOpen(true), SocketOptions::allowHalfOpen, true);
        assertCopies(base, o -> o.highWaterMark(7), SocketOptions::highWaterMark, 7);
        assertCopies(base, o -> o.idleTimeout(Duration.ofSeconds(3)), SocketOptions::idleTimeout, Duration.ofSeconds(3));
        assertCopies(base, o -> o.endGrace(Duration.ZERO), SocketOptions::endGrace, Duration.ZERO);
        assertCopies(base, o -> o.blockList(blockList), SocketOptions::blockList, blockList);
        NetLoops loops = NetLoops.create("options-test", 1);
        try {
            assertCopies(base, o -> o.loops(loops), SocketOptions::loops, loops);
            assertCopies(base.blockList(blockList), o -> o.loops(loops), SocketOptions::blockList, blockList);
        } finally {
            loops.dispose();
        }
        assertThat(base).isEqualTo(SocketOptions.defaults().noDelay(false)).hasSameHashCodeAs(SocketOptions.defaults());
        assertThat(base.highWaterMark()).isEqualTo(SocketOptions.DEFAULT_HIGH_WATER_MARK);
        assertThat(base.endGrace()).isEqualTo(SocketOptions.DEFAULT_END_GRACE);
    }

    @Test
    void serverOptionsEmbedTheSocketOptions() {
        ServerOptions base = ServerOptions.defaults();
        assertCopies(base, o -> o.maxConnections(3), ServerOptions::maxConnections, 3);
        assertCopies(base, o -> o.noDelay(true), ServerOptions::noDelay, true);
        assertCopies(base, o -> o.highWaterMark(9), o -> o.socket().highWaterMark(), 9);
        assertCopies(base, o -> o.idleTimeout(Duration.ofSeconds(1)), ServerOptions::idleTimeout, Duration.ofSeconds(1));
        SocketOptions socket = SocketOptions.defaults().allowHalfOpen(true).keepAlive(true);
        assertCopies(base, o -> o.socket(socket), ServerOptions::socket, socket);
        ServerOptions both = base.maxConnections(5).socket(socket);
        assertThat(both.maxConnections()).isEqualTo(5);
        assertThat(both.allowHalfOpen()).isTrue();
        assertThat(both.keepAlive()).isTrue();
        // A convenience setter changes only its field of the embedded value.
        assertThat(both.noDelay(true).socket()).isEqualTo(socket.noDelay(true));
        assertThat(both.noDelay(true).maxConnections()).isEqualTo(5);
    }

    @Test
    void connectOptionsEmbedTheSocketOptions() {
        ConnectOptions base = ConnectOptions.to("example.test", 80);
        assertCopies(base, o -> o.host("other.test"), ConnectOptions::host, "other.test");
        assertCopies(base, o -> o.port(81), ConnectOptions::port, 81);
        assertCopies(base, o -> o.localAddress("127.0.0.1"), ConnectOptions::localAddress, "127.0.0.1");
        assertCopies(base, o -> o.localPort(5000), ConnectOptions::localPort, 5000);
        assertCopies(base, o -> o.family(6), ConnectOptions::family, 6);
        assertCopies(base, o -> o.timeout(Duration.ofSeconds(2)), ConnectOptions::timeout, Duration.ofSeconds(2));
        assertCopies(base, o -> o.allowHalfOpen(true), ConnectOptions::allowHalfOpen, true);
        assertCopies(base, o -> o.endGrace(Duration.ofMillis(5)), o -> o.socket().endGrace(), Duration.ofMillis(5));
        assertCopies(base, o -> o.autoSelectFamily(false), ConnectOptions::autoSelectFamily, false);
        SocketOptions socket = SocketOptions.defaults().highWaterMark(1);
        assertCopies(base, o -> o.socket(socket), ConnectOptions::socket, socket);
        assertThat(base.socket()).isEqualTo(SocketOptions.defaults());
        assertThat(base.socket(socket).timeout(Duration.ofSeconds(1)).highWaterMark()).isEqualTo(1);
    }

    @Test
    void listenOptionsSettersCopy() {
        ListenOptions base = ListenOptions.defaults();
        assertCopies(base, o -> o.port(8080), ListenOptions::port, 8080);
        assertCopies(base, o -> o.host("127.0.0.1"), ListenOptions::host, "127.0.0.1");
        assertCopies(base, o -> o.backlog(3), ListenOptions::backlog, 3);
        assertCopies(base, o -> o.exclusive(true), ListenOptions::exclusive, true);
        assertCopies(base, o -> o.reusePort(true), ListenOptions::reusePort, true);
        assertCopies(base, o -> o.ipv6Only(true), ListenOptions::ipv6Only, true);
        assertThat(ListenOptions.onPort(8080)).isEqualTo(base.port(8080));
        assertThat(base.port()).isZero();
    }

    @Test
    void badArgumentsFailWithNodesCodeAndWording() {
        List<Runnable> outOfRange = List.of(
                () -> SocketOptions.defaults().highWaterMark(0),
                () -> SocketOptions.defaults().idleTimeout(Duration.ofMillis(-1)),
                () -> ServerOptions.defaults().maxConnections(-1),
                () -> ServerOptions.defaults().keepAliveInitialDelay(Duration.ofSeconds(-1)),
                () -> ConnectOptions.to(80).endGrace(Duration.ofSeconds(-1)),
                () -> ConnectOptions.to(80).timeout(Duration.ofSeconds(-1)),
                () -> ListenOptions.defaults().backlog(-1),
                () -> NetLoops.create("x", 0));
        for (Runnable r : outOfRange) {
            assertThatThrownBy(r::run).isInstanceOf(NetArgumentException.class)
                    .hasMessageMatching("The value of \"\\w+\" is out of range\\. It must be >= \\d+\\. Received .+")
                    .extracting(e -> ((NetArgumentException) e).code()).isEqualTo(NetArgumentException.ERR_OUT_OF_RANGE);
        }
        assertThatThrownBy(() -> ServerOptions.defaults().highWaterMark(0))
                .hasMessage("The value of \"highWaterMark\" is out of range. It must be >= 1. Received 0");
        assertThatThrownBy(() -> ConnectOptions.to("", 80))
                .hasMessage("The argument 'host' must be a non-empty string. Received ''");
        assertThatThrownBy(() -> ListenOptions.defaults().host(" "))
                .hasMessage("The argument 'host' must be a non-empty string. Received ' '");
        assertThatThrownBy(() -> ListenOptions.onPort(65536)).isInstanceOf(NetArgumentException.class)
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo(NetArgumentException.ERR_SOCKET_BAD_PORT);
        assertThatThrownBy(() -> ConnectOptions.to(80).localAddress("not-an-ip"))
                .extracting(e -> ((NetArgumentException) e).code()).isEqualTo(NetArgumentException.ERR_INVALID_IP_ADDRESS);
        assertThatThrownBy(() -> ServerOptions.defaults().socket(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("socket");
        assertThatThrownBy(() -> SocketOptions.defaults().endGrace(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("endGrace");
    }
}
