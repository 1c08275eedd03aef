package io.reactivenet.spring.boot.autoconfigure;

import io.reactivenet.ListenOptions;
import io.reactivenet.Net;
import io.reactivenet.NetLoops;
import io.reactivenet.NetServer;
import io.reactivenet.ServerOptions;
import io.reactivenet.spring.boot.NetServerHandler;
import io.reactivenet.spring.boot.ReactiveNetServerCustomizer;
import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import io.reactivenet.tls.TlsOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
 * <p>TLS: {@code reactive-net.server.ssl.bundle} names a Spring SSL bundle ({@code spring.ssl.bundle.*});
 * its key and trust managers, protocols and ciphers become the server's {@link TlsOptions}, applied
 * before the customizers (which may add ALPN, a handshake timeout...). An unknown bundle fails the
 * start naming the property. When the bundle is updated (a {@code reload-on-update} bundle whose
 * files changed), new connections get the new certificate and open ones keep theirs; an update
 * that fails is logged and the previous certificate kept ({@link SslBundleTls}).
 *
 * <p>Metrics: with Micrometer on the class path and a {@link MeterRegistry} bean, the server
 * records its {@code reactivenet.server.*} meters there ({@code reactive-net.server.metrics.enabled},
 * default true; {@link MetricsConfiguration}).
 *
 * <p>The health indicator ({@link ReactiveNetHealthIndicator}) is configured by
 * {@link ReactiveNetHealthConfiguration} when Spring Boot's health support is present.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
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
            ObjectProvider<ReactiveNetServerCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
            Environment environment) {
        NetLoops shared = loopsBean.getIfUnique();
        NetLoops owned = shared == null && properties.wantsOwnLoops() ? properties.createLoops() : null;
        ServerOptions options = properties.applyTo(ServerOptions.defaults());
        NetLoops loops = shared != null ? shared : owned;
        if (loops != null) {
            options = options.loops(loops);
        }
        ReactiveNetServerProperties.Ssl ssl = properties.getSsl();
        String bundleName = ssl.isOn() ? ssl.getBundle() : null;
        SslBundles bundles = null;
        if (bundleName != null) {
            bundles = SslBundleTls.require(sslBundles.getIfAvailable(), bundleName);
            TlsOptions base = TlsOptions.client().clientAuth(ssl.getClientAuth().toCore());
            options = options.tls(SslBundleTls.withBundle(base, SslBundleTls.bundle(bundles, bundleName), bundleName));
        }
        // The MeterRegistry arrives through the reactiveNetMetricsCustomizer below (first in order).
        // The ObservationRegistry arrives through the reactiveNetObservationCustomizer below.
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
        ReactiveNetServerLifecycle lifecycle = new ReactiveNetServerLifecycle(server, listen,
                drainTimeout(properties.getShutdownTimeout(), phase), owned);
        TlsOptions configured = options.tls();
        if (bundles != null && bundleName != null && configured != null) {
            SslBundleTls.reloadOnUpdate(bundles, bundleName, configured, lifecycle);
        }
        return lifecycle;
    }

    /**
     * Micrometer: the server's meters go to the application's {@link MeterRegistry} (with the
     * actuator, the one {@code /actuator/metrics} and {@code /actuator/prometheus} read), unless
     * {@code reactive-net.server.metrics.enabled=false}. A customizer ordered first, so that the
     * application's customizers see (and may change) {@code options.metrics()}, e.g. to add address
     * tags. Nested so that its {@code MeterRegistry} types are only loaded when Micrometer is there.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "reactive-net.server.metrics.enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        @ConditionalOnMissingBean(name = "reactiveNetMetricsCustomizer")
        ReactiveNetServerCustomizer reactiveNetMetricsCustomizer(ObjectProvider<MeterRegistry> registry) {
            return options -> {
                MeterRegistry r = registry.getIfUnique();
                return r != null && options.metrics() == null ? options.metrics(r) : options;
            };
        }
    }

    /**
     * Micrometer Observation: the server's {@code reactivenet.server.accept} and TLS handshake
     * observations go to the application's {@link ObservationRegistry} (Spring Boot's actuator
     * makes one, with the tracing bridge when present), unless
     * {@code reactive-net.server.observations.enabled=false}. Ordered first, as the metrics one.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBooleanProperty(name = "reactive-net.server.observations.enabled", matchIfMissing = true)
    static class ObservationConfiguration {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        @ConditionalOnMissingBean(name = "reactiveNetObservationCustomizer")
        ReactiveNetServerCustomizer reactiveNetObservationCustomizer(ObjectProvider<ObservationRegistry> registry) {
            return options -> {
                ObservationRegistry r = registry.getIfUnique();
                return r != null && options.observations() == null ? options.observations(r) : options;
            };
        }
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
