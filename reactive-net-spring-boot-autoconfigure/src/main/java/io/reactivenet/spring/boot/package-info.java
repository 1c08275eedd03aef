/**
 * What a Spring Boot application writes against to serve TCP with reactive-net: the
 * {@link io.reactivenet.spring.boot.NetServerHandler} bean, {@link io.reactivenet.spring.boot.ReactiveNetServerCustomizer}
 * beans, the {@link io.reactivenet.spring.boot.ReactiveNetServerStartedEvent}, and the
 * {@link io.reactivenet.spring.boot.ReactiveNetServerLifecycle} that runs the server inside the
 * application context (listen on start, graceful drain on stop). The auto-configuration that
 * creates them from {@code reactive-net.server.*} properties is in {@code .autoconfigure}.
 */
@NullMarked
package io.reactivenet.spring.boot;

import org.jspecify.annotations.NullMarked;
