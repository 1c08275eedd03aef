package io.reactivenet.spring.boot.autoconfigure;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivenet.ListenOptions;
import io.reactivenet.NetArgumentException;
import io.reactivenet.NetLoops;
import io.reactivenet.ServerOptions;
import io.reactivenet.SocketOptions;
import io.reactivenet.Transport;
import io.reactivenet.Wiretap;
import io.reactivenet.metrics.NetMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reactivenet.testing.Await;
import io.reactivenet.spring.boot.NetServerHandler;
import io.reactivenet.spring.boot.ReactiveNetServerCustomizer;
import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import io.reactivenet.spring.boot.ReactiveNetServerStartedEvent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The auto-configuration's conditions, property binding, customizers, loops and health, on real sockets. */
class ReactiveNetServerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReactiveNetServerAutoConfiguration.class,
                    ReactiveNetHealthConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class Echo {
        final List<ReactiveNetServerStartedEvent> started = new CopyOnWriteArrayList<>();

        @Bean
        NetServerHandler echo() {
            return socket -> socket.send(socket.inbound());
        }

        @Bean
        ApplicationListener<ReactiveNetServerStartedEvent> startedListener() {
            return started::add;
        }
    }

    @Test
    void backsOffWithoutAHandlerBean() {
        runner.withPropertyValues("reactive-net.server.port=0")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveNetServerLifecycle.class));
    }

    @Test
    void backsOffWithoutAPort() {
        runner.withUserConfiguration(Echo.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveNetServerLifecycle.class));
    }

    @Test
    void startsOnPortZeroAnnouncesTheBoundPortAndServes() {
        runner.withUserConfiguration(Echo.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ReactiveNetServerLifecycle.class);
                    List<ReactiveNetServerStartedEvent> started = context.getBean(Echo.class).started;
                    assertThat(started).hasSize(1);
                    int port = started.get(0).address().port();
                    assertThat(port).isPositive();
                    assertThat(context.getBean(ReactiveNetServerLifecycle.class).server().address().port())
                            .isEqualTo(port);
                    assertThat(echo(port, "hello")).isEqualTo("hello");
                });
    }

    @Test
    void bindsEveryProperty() {
        runner.withUserConfiguration(Echo.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1",
                        "reactive-net.server.backlog=64", "reactive-net.server.max-connections=7",
                        "reactive-net.server.allow-half-open=true", "reactive-net.server.no-delay=true",
                        "reactive-net.server.keep-alive=true", "reactive-net.server.keep-alive-initial-delay=30s",
                        "reactive-net.server.high-water-mark=128KB", "reactive-net.server.idle-timeout=90s",
                        "reactive-net.server.end-grace=500ms", "reactive-net.server.shutdown-timeout=5s")
                .run(context -> {
                    ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
                    ServerOptions o = lifecycle.netServer().options();
                    assertThat(o.maxConnections()).isEqualTo(7);
                    assertThat(o.allowHalfOpen()).isTrue();
                    assertThat(o.noDelay()).isTrue();
                    assertThat(o.keepAlive()).isTrue();
                    assertThat(o.keepAliveInitialDelay()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(o.highWaterMark()).isEqualTo(128 * 1024);
                    assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(o.endGrace()).isEqualTo(Duration.ofMillis(500));
                    assertThat(o.loops()).isNull();
                    ListenOptions l = lifecycle.listenOptions();
                    assertThat(l.host()).isEqualTo("127.0.0.1");
                    assertThat(l.backlog()).isEqualTo(64);
                    assertThat(lifecycle.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
                });
    }

    @Test
    void defaultsAreTheCoresDefaults() {
        ReactiveNetServerProperties p = new ReactiveNetServerProperties();
        assertThat(p.applyTo(ServerOptions.defaults())).isEqualTo(ServerOptions.defaults());
        assertThat(p.getBacklog()).isEqualTo(ListenOptions.DEFAULT_BACKLOG);
        assertThat(p.getHighWaterMark().toBytes()).isEqualTo(SocketOptions.DEFAULT_HIGH_WATER_MARK);
        assertThat(p.getEndGrace()).isEqualTo(SocketOptions.DEFAULT_END_GRACE);
    }

    @Test
    void failsFastOnAPortOutOfRange() {
        runner.withUserConfiguration(Echo.class).withPropertyValues("reactive-net.server.port=70000")
                .run(context -> assertThat(context).getFailure()
                        .hasRootCauseInstanceOf(NetArgumentException.class)
                        .hasRootCauseMessage("reactive-net.server.port should be >= 0 and < 65536. Received 70000.")
                        .rootCause().extracting(e -> ((NetArgumentException) e).code())
                        .isEqualTo(NetArgumentException.ERR_SOCKET_BAD_PORT));
    }

    @Test
    void failsFastOnANegativeIdleTimeout() {
        runner.withUserConfiguration(Echo.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.idle-timeout=-1s")
                .run(context -> assertThat(context).getFailure()
                        .hasRootCauseInstanceOf(NetArgumentException.class)
                        .rootCause().hasMessageStartingWith("reactive-net.server.idle-timeout: ")
                        .hasMessageContaining("PT-1S"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        ReactiveNetServerCustomizer second() {
            return options -> options.maxConnections(options.maxConnections() + 1);
        }

        @Bean
        @Order(1)
        ReactiveNetServerCustomizer first() {
            return new ReactiveNetServerCustomizer() {
                @Override
                public ServerOptions customize(ServerOptions options) {
                    return options.maxConnections(options.maxConnections() * 10);
                }

                @Override
                public ListenOptions customizeListen(ListenOptions options) {
                    return options.backlog(3);
                }
            };
        }
    }

    @Test
    void appliesCustomizersInOrderAfterTheProperties() {
        runner.withUserConfiguration(Echo.class, Customizers.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.max-connections=5")
                .run(context -> {
                    ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
                    assertThat(lifecycle.netServer().options().maxConnections()).isEqualTo(51);
                    assertThat(lifecycle.listenOptions().backlog()).isEqualTo(3);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserLoops {
        @Bean(destroyMethod = "dispose")
        NetLoops userLoops() {
            return NetLoops.create("user-loops", 1, Transport.NIO);
        }
    }

    @Test
    void usesTheApplicationsLoopsBean() {
        runner.withUserConfiguration(Echo.class, UserLoops.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1",
                        "reactive-net.server.transport=epoll")
                .run(context -> {
                    NetLoops loops = context.getBean(NetLoops.class);
                    ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
                    assertThat(lifecycle.netServer().options().loops()).isSameAs(loops);
                    assertThat(echo(lifecycle.server().address().port(), "on user loops"))
                            .isEqualTo("on user loops");
                });
    }

    @Test
    void createsAndDisposesItsOwnLoopsFromTheTransportProperty() {
        NetLoops[] seen = new NetLoops[1];
        runner.withUserConfiguration(Echo.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1",
                        "reactive-net.server.transport=nio", "reactive-net.server.loop-threads=1")
                .run(context -> {
                    ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
                    NetLoops loops = lifecycle.netServer().options().loops();
                    assertThat(loops).isNotNull();
                    assertThat(loops.transport()).isEqualTo(Transport.NIO);
                    assertThat(loops.threads()).isEqualTo(1);
                    assertThat(echo(lifecycle.server().address().port(), "own")).isEqualTo("own");
                    seen[0] = loops;
                });
        assertThat(seen[0].isDisposed()).isTrue();
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNoLoopsBehind() throws Exception {
        // The class's ResourceGuard fails it if the loops created for the server outlive the failure.
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            runner.withUserConfiguration(Echo.class)
                    .withPropertyValues("reactive-net.server.port=" + taken.getLocalPort(),
                            "reactive-net.server.host=127.0.0.1", "reactive-net.server.transport=nio")
                    .run(context -> assertThat(context).getFailure().hasStackTraceContaining("EADDRINUSE"));
        }
    }

    @Test
    void healthIsUpWithCountsWhileListening() {
        runner.withUserConfiguration(Echo.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1",
                        "reactive-net.server.max-connections=10")
                .run(context -> {
                    Health health = context.getBean(ReactiveNetHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("listening", true)
                            .containsEntry("connections", 0).containsEntry("maxConnections", 10)
                            .containsEntry("port", context.getBean(ReactiveNetServerLifecycle.class)
                                    .server().address().port());
                });
    }

    @Test
    void noHealthIndicatorWithoutSpringBootHealth() {
        runner.withUserConfiguration(Echo.class)
                .withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class))
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1")
                .run(context -> assertThat(context).hasNotFailed()
                        .hasSingleBean(ReactiveNetServerLifecycle.class)
                        .doesNotHaveBean(ReactiveNetHealthIndicator.class));
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        runner.withUserConfiguration(Echo.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1",
                        "management.health.reactive-net.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveNetHealthIndicator.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void recordsMetersInTheApplicationsRegistry() {
        runner.withUserConfiguration(Echo.class, Registry.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
                    NetMetrics metrics = lifecycle.netServer().options().metrics();
                    assertThat(metrics).isNotNull();
                    assertThat(metrics.registry()).isSameAs(registry);
                    assertThat(echo(lifecycle.server().address().port(), "counted")).isEqualTo("counted");
                    Await.until("the connection is counted", Duration.ofSeconds(10), () -> {
                        Counter total = registry.find("reactivenet.server.connections.total").counter();
                        return total != null && total.count() == 1;
                    });
                    DistributionSummary received = registry.find("reactivenet.server.data.received").summary();
                    assertThat(received).isNotNull();
                    assertThat(received.totalAmount()).isEqualTo("counted".length());
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class AddressTags {
        @Bean
        ReactiveNetServerCustomizer remoteAddressTag() {
            return options -> options.metrics(options.metrics().remoteAddressTag(true));
        }
    }

    @Test
    void customizersSeeTheRegistryAndMayRefineIt() {
        runner.withUserConfiguration(Echo.class, Registry.class, AddressTags.class)
                .withPropertyValues("reactive-net.server.port=0")
                .run(context -> {
                    NetMetrics metrics = context.getBean(ReactiveNetServerLifecycle.class).netServer().options().metrics();
                    assertThat(metrics.registry()).isSameAs(context.getBean(MeterRegistry.class));
                    assertThat(metrics.remoteAddressTag()).isTrue();
                });
    }

    @Test
    void noMetersWhenSwitchedOffOrWithoutARegistryOrMicrometer() {
        runner.withUserConfiguration(Echo.class, Registry.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.metrics.enabled=false")
                .run(context -> assertThat(context.getBean(ReactiveNetServerLifecycle.class).netServer().options()
                        .metrics()).isNull());
        runner.withUserConfiguration(Echo.class).withPropertyValues("reactive-net.server.port=0")
                .run(context -> assertThat(context.getBean(ReactiveNetServerLifecycle.class).netServer().options()
                        .metrics()).isNull());
        runner.withUserConfiguration(Echo.class).withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .withPropertyValues("reactive-net.server.port=0")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("reactiveNetMetricsCustomizer")
                        .getBean(ReactiveNetServerLifecycle.class).extracting(l -> l.netServer().options().metrics())
                        .isNull());
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {
        final List<String> stopped = new CopyOnWriteArrayList<>();

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }

                @Override
                public void onStop(Observation.Context context) {
                    stopped.add(context.getName() + " " + context.getLowCardinalityKeyValue("outcome").getValue());
                }
            });
            return registry;
        }
    }

    @Test
    void observesAcceptsInTheApplicationsObservationRegistry() {
        runner.withUserConfiguration(Echo.class, Observations.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.host=127.0.0.1")
                .run(context -> {
                    ReactiveNetServerLifecycle lifecycle = context.getBean(ReactiveNetServerLifecycle.class);
                    assertThat(lifecycle.netServer().options().observations())
                            .isSameAs(context.getBean(ObservationRegistry.class));
                    assertThat(echo(lifecycle.server().address().port(), "observed")).isEqualTo("observed");
                    List<String> stopped = context.getBean(Observations.class).stopped;
                    Await.until("the accept observation", Duration.ofSeconds(10), () -> !stopped.isEmpty());
                    assertThat(stopped).containsExactly("reactivenet.server.accept admitted");
                });
        runner.withUserConfiguration(Echo.class, Observations.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.observations.enabled=false")
                .run(context -> assertThat(context.getBean(ReactiveNetServerLifecycle.class).netServer().options()
                        .observations()).isNull());
    }

    @Test
    void wiretapProperty() {
        runner.withUserConfiguration(Echo.class)
                .withPropertyValues("reactive-net.server.port=0", "reactive-net.server.wiretap=true")
                .run(context -> assertThat(context.getBean(ReactiveNetServerLifecycle.class).netServer().options()
                        .socket().wiretap()).isEqualTo(Wiretap.defaults()));
    }

    @Test
    void drainTimeoutStaysInsideTheShutdownPhase() {
        Duration phase = Duration.ofSeconds(30);
        assertThat(ReactiveNetServerAutoConfiguration.drainTimeout(null, phase)).isEqualTo(Duration.ofSeconds(29));
        assertThat(ReactiveNetServerAutoConfiguration.drainTimeout(Duration.ofSeconds(5), phase))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(ReactiveNetServerAutoConfiguration.drainTimeout(Duration.ofMinutes(5), phase))
                .isEqualTo(Duration.ofSeconds(29));
        assertThat(ReactiveNetServerAutoConfiguration.drainTimeout(null, Duration.ofSeconds(2)))
                .isEqualTo(Duration.ofMillis(1800));
        assertThat(ReactiveNetServerAutoConfiguration.drainTimeout(null, Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    /** One line through the echo server, on a plain blocking socket. */
    static String echo(int port, String text) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
