package io.reactivenet.spring.boot;

import io.reactivenet.ListeningServer;
import io.reactivenet.SocketAddress;
import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * Published once the TCP server listens (Node's {@code 'listening'} event), with the address it is
 * bound to: with {@code reactive-net.server.port=0} this is how an application or a test learns the
 * port the OS chose.
 *
 * <pre>{@code
 * @EventListener
 * void onStarted(ReactiveNetServerStartedEvent event) {
 *     System.out.println("TCP on port " + event.address().port());
 * }
 * }</pre>
 *
 * <p>Published synchronously on the thread that starts the application context.
 */
public final class ReactiveNetServerStartedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient ListeningServer server;
    private final SocketAddress address;

    /** An event from {@code source} (the lifecycle bean) for {@code server}, bound to {@code address}. */
    public ReactiveNetServerStartedEvent(Object source, ListeningServer server, SocketAddress address) {
        super(source);
        this.server = Objects.requireNonNull(server, "server");
        this.address = Objects.requireNonNull(address, "address");
    }

    /** The listening server. */
    public ListeningServer server() {
        return server;
    }

    /** The bound address and port. */
    public SocketAddress address() {
        return address;
    }
}
