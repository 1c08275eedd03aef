package io.reactivenet.spring.boot.autoconfigure;

import io.reactivenet.ListenOptions;
import io.reactivenet.Net;
import io.reactivenet.NetLoops;
import io.reactivenet.NetServer;
import io.reactivenet.ServerOptions;
import io.reactivenet.spring.boot.NetServerHandler;
import io.reactivenet.spring.boot.ReactiveNetServerCustomizer;
import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Starts a reactive-net TCP server when the application has a {@link NetServerHandler} bean and
 * sets {@code reactive-net.server.port} (0 allowed). It backs off without either, or when the
 * application declares its own {@link ReactiveNetServerLifecycle}.
 *
 * <p>The server's options are, in order: reactive-net's defaults, the {@code reactive-net.server.*}
 * properties ({@link ReactiveNetServerProperties}), the application's {@link NetLoops} bean if it
 * has exactly one (else loops created from {@code transport}/{@code loop-threads}, else the shared
 * default loops), then every {@link ReactiveNetServerCustomizer} bean in order. The lifecycle drains
 * open connections on shutdown for {@code reactive-net.server.shutdown-timeout}, capped just under
 * {@code spring.lifecycle.timeout-per-shutdown-phase} so that the remaining connections are
 * destroyed inside Spring's phase (see {@link #drainTimeout}).
 *
 * <p>The health indicator ({@link ReactiveNetHealthIndicator}) is configured by
 * {@link ReactiveNetHealthConfiguration} when Spring Boot's health support is present.
 */
@AutoConfiguration
@ConditionalOnClass(NetServer.class)
@ConditionalOnBean(NetServerHandler.class)
@ConditionalOnProperty(prefix = "reactive-net.server", name = "port")
@EnableConfigurationProperties(ReactiveNetServerProperties.class)
public final class ReactiveNetServerAutoConfiguration {

    /** Spring Boot's default {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);
    /** Most of the phase timeout kept back for destroying the connections left at the drain timeout. */
    static final Duration MAX_DESTROY_MARGIN = Duration.ofSeconds(1);

    @Bean
    @ConditionalOnMissingBean
    ReactiveNetServerLifecycle reactiveNetServerLifecycle(ReactiveNetServerProperties properties,
            NetServerHandler handler, ObjectProvider<NetLoops> loopsBean,
            ObjectProvider<ReactiveNetServerCustomizer> customizers, Environment environment) {
        NetLoops shared = loopsBean.getIfUnique();
        NetLoops owned = shared == null && properties.wantsOwnLoops() ? properties.createLoops() : null;
        ServerOptions options = properties.applyTo(ServerOptions.defaults());
        NetLoops loops = shared != null ? shared : owned;
        if (loops != null) {
            options = options.loops(loops);
        }
        // Extension point (TLS, issue 16): reactive-net.server.ssl.bundle resolves a Spring SslBundle
        // here into the server's TLS options, and registers a bundle-update handler that reloads them.
        // Extension point (metrics, issue 16): the MeterRegistry/ObservationRegistry beans attach here.
        ListenOptions listen = properties.listenOptions();
        List<ReactiveNetServerCustomizer> ordered = customizers.orderedStream().toList();
        for (ReactiveNetServerCustomizer c : ordered) {
            options = c.customize(options);
            listen = c.customizeListen(listen);
        }
        NetServer server = Net.createServer(options, handler::handle);
        Duration phase = Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_PHASE_TIMEOUT);
        return new ReactiveNetServerLifecycle(server, listen, drainTimeout(properties.getShutdownTimeout(), phase),
                owned);
    }

    /**
     * How long shutdown lets connections finish: the configured {@code shutdownTimeout} (null: no
     * preference), never more than the phase timeout less a margin (a tenth of it, at most
     * {@link #MAX_DESTROY_MARGIN}) in which the rest are destroyed before Spring stops waiting.
     */
    static Duration drainTimeout(@Nullable Duration shutdownTimeout, Duration phaseTimeout) {
        Duration tenth = phaseTimeout.dividedBy(10);
        Duration margin = tenth.compareTo(MAX_DESTROY_MARGIN) < 0 ? tenth : MAX_DESTROY_MARGIN;
        Duration cap = phaseTimeout.minus(margin);
        if (cap.isNegative()) {
            cap = Duration.ZERO;
        }
        return shutdownTimeout != null && shutdownTimeout.compareTo(cap) < 0 ? shutdownTimeout : cap;
    }
}
