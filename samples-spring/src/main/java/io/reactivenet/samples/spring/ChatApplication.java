package io.reactivenet.samples.spring;

import io.reactivenet.samples.ChatRoom;
import io.reactivenet.spring.boot.NetServerHandler;
import io.reactivenet.spring.boot.ReactiveNetServerStartedEvent;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The chat room over TCP and HTTP in one Spring Boot application: {@code java -jar
 * samples-spring/target/reactive-net-samples-spring.jar} (TCP chat on 127.0.0.1:8080, HTTP on 8081;
 * {@code --reactive-net.server.port=0 --server.port=0} for free ports). Prints
 * {@code listening on <host>:<port>} once the TCP server listens, like the other samples.
 *
 * <p>The TCP side is the reactive-net starter: the {@link NetServerHandler} bean below plus
 * {@code reactive-net.server.port} in {@code application.properties}. The HTTP side is
 * {@link ChatController}. On shutdown (SIGTERM, Ctrl-C) the room says goodbye and ends every
 * TCP session first ({@link #roomShutdown}), then the server drains in Spring's graceful-shutdown
 * phase.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ChatApplication {

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }

    /** The one room, shared by the TCP sessions and the HTTP API. */
    @Bean
    ChatRoom chatRoom(@Value("${chat.max-users:1000}") int maxUsers) {
        return ChatRoom.local(maxUsers);
    }

    // docs:begin spring-handler
    @Bean
    NetServerHandler chat(ChatRoom room) {
        return socket -> room.session(socket, Duration.ofMinutes(5));
    }
    // docs:end spring-handler

    // docs:begin spring-started-event
    @EventListener
    void announce(ReactiveNetServerStartedEvent event) {
        ChatRoom.announce(event.server());      // "listening on 127.0.0.1:8080"
    }
    // docs:end spring-started-event

    /**
     * Stopped before the TCP server (a higher phase stops first): no more joins, everyone gets the
     * goodbye line and their sessions end, so the server's drain that follows is short.
     */
    @Bean
    SmartLifecycle roomShutdown(ChatRoom room) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                room.shutdown();
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
