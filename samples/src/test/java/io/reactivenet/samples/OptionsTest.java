package io.reactivenet.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The samples' command line: defaults, values, durations, and one clear line for every mistake. */
class OptionsTest {

    private static Options chat() {
        return Options.of("chat-server")
                .option("port", "8080", "port")
                .option("idle", "300s", "idle")
                .option("path", null, "path");
    }

    @Test
    void defaultsAndValues() throws Exception {
        Options o = chat();
        assertThat(o.parse(new String[] {"--path", "/tmp/s", "--port", "0"})).isTrue();
        assertThat(o.port()).isZero();
        assertThat(o.string("path")).isEqualTo("/tmp/s");
        assertThat(o.duration("idle", true)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void durations() throws Exception {
        for (String[] c : new String[][] {{"10s", "PT10S"}, {"500ms", "PT0.5S"}, {"5m", "PT5M"}, {"1h", "PT1H"},
                {"7", "PT7S"}, {"0", "PT0S"}}) {
            Options o = chat();
            o.parse(new String[] {"--path", "p", "--idle", c[0]});
            assertThat(o.duration("idle", true)).as(c[0]).isEqualTo(Duration.parse(c[1]));
        }
        Options zero = chat();
        zero.parse(new String[] {"--path", "p", "--idle", "0s"});
        assertThatThrownBy(() -> zero.duration("idle", false)).hasMessageContaining("bad value for --idle: 0s");
        Options bad = chat();
        bad.parse(new String[] {"--path", "p", "--idle", "-1s"});
        assertThatThrownBy(() -> bad.duration("idle", true)).hasMessageContaining("bad value for --idle: -1s");
    }

    @Test
    void mistakesNameTheOption() throws Exception {
        assertThatThrownBy(() -> chat().parse(new String[] {"--nope", "1"}))
                .isInstanceOf(Options.UsageException.class).hasMessage("unknown option --nope (see chat-server --help)");
        assertThatThrownBy(() -> chat().parse(new String[] {"--port"}))
                .hasMessage("option --port needs a value (see chat-server --help)");
        assertThatThrownBy(() -> chat().parse(new String[] {"--port", "1"}))
                .hasMessage("option --path is required (see chat-server --help)");
        for (String port : new String[] {"-1", "65536", "http", ""}) {
            Options o = chat();
            o.parse(new String[] {"--path", "p", "--port", port});
            assertThatThrownBy(o::port).hasMessage("bad value for --port: " + port + " (an integer from 0 to 65535)");
        }
    }

    @Test
    void helpListsEveryOption() throws Exception {
        Options o = chat();
        assertThat(o.parse(new String[] {"--help"})).isFalse();
        assertThat(o.usage()).startsWith("usage: java -jar reactive-net-samples.jar chat-server [--port 8080] [--idle 300s] --path PATH")
                .contains("  --port ", "  --idle ", "  --path ", "  --help ");
    }

    @Test
    void serverOptionsFlagAndProxyProtocol() throws Exception {
        Options plain = Options.of("echo-server").option("port", "8080", "port").serverOptions();
        assertThat(plain.parse(new String[] {"--port", "1"})).isTrue();
        assertThat(plain.flagSet("reuse-port")).isFalse();
        assertThat(plain.proxyProtocol()).isEqualTo(io.reactivenet.proxy.ProxyProtocol.OFF);
        assertThat(plain.usage()).contains("[--reuse-port]", "[--proxy-protocol off]");

        Options set = Options.of("echo-server").option("port", "8080", "port").serverOptions();
        assertThat(set.parse(new String[] {"--reuse-port", "--proxy-protocol", "auto", "--port", "2"})).isTrue();
        assertThat(set.flagSet("reuse-port")).isTrue();
        assertThat(set.port()).isEqualTo(2);
        assertThat(set.proxyProtocol()).isEqualTo(io.reactivenet.proxy.ProxyProtocol.AUTO);

        Options bad = Options.of("echo-server").serverOptions();
        bad.parse(new String[] {"--proxy-protocol", "yes"});
        assertThatThrownBy(bad::proxyProtocol).hasMessage("bad value for --proxy-protocol: yes (off, on or auto)");
    }

    @Test
    void transportNamesEveryChoice() throws Exception {
        for (String[] c : new String[][] {{"auto", "AUTO"}, {"nio", "NIO"}, {"NIO", "NIO"}}) {
            Options o = Options.of("echo-server").transportOption();
            o.parse(new String[] {"--transport", c[0]});
            assertThat(o.transport()).as(c[0]).isEqualTo(io.reactivenet.Transport.valueOf(c[1]));
        }
        Options defaults = Options.of("echo-server").transportOption();
        defaults.parse(new String[0]);
        assertThat(defaults.transport()).isEqualTo(io.reactivenet.Transport.AUTO);
        for (io.reactivenet.Transport t : new io.reactivenet.Transport[] {io.reactivenet.Transport.EPOLL,
                io.reactivenet.Transport.IO_URING}) {
            Options o = Options.of("echo-server").transportOption();
            o.parse(new String[] {"--transport", t.name().toLowerCase(java.util.Locale.ROOT)});
            if (t.isAvailable()) {
                assertThat(o.transport()).isEqualTo(t);
            } else {
                assertThatThrownBy(o::transport).hasMessageContaining("is not available here");
            }
        }
        Options bad = Options.of("echo-server").transportOption();
        bad.parse(new String[] {"--transport", "kqueue"});
        assertThatThrownBy(bad::transport).isInstanceOf(Options.UsageException.class)
                .hasMessage("bad value for --transport: kqueue (auto, nio, epoll or io_uring)");
    }
}
