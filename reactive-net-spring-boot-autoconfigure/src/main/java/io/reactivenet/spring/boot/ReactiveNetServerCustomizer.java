package io.reactivenet.spring.boot;

import io.reactivenet.ListenOptions;
import io.reactivenet.ServerOptions;

/**
 * A bean that changes the server's options beyond what {@code reactive-net.server.*} properties
 * cover (a {@link io.reactivenet.BlockList}, a per-socket setting with no property, SO_REUSEPORT).
 * Customizers run after the properties are applied, in {@link org.springframework.core.Ordered}
 * order; options are immutable, so each returns the (changed) copy it was given.
 *
 * <pre>{@code
 * @Bean
 * ReactiveNetServerCustomizer blockDocumentationRange() {
 *     return options -> options.blockList(new BlockList().addSubnet("192.0.2.0", 24));
 * }
 * }</pre>
 *
 * <p>Called once, on the thread that creates the application context.
 */
@FunctionalInterface
public interface ReactiveNetServerCustomizer {

    /** The server options to use instead of {@code options}. */
    ServerOptions customize(ServerOptions options);

    /** The listen options (address, backlog, reusePort, ipv6Only) to use instead of {@code options}; unchanged by default. */
    default ListenOptions customizeListen(ListenOptions options) {
        return options;
    }
}
