/**
 * The Spring Boot auto-configuration of a reactive-net TCP server: {@code reactive-net.server.*}
 * properties, the lifecycle bean, TLS from a Spring SSL bundle (reloaded when the bundle is
 * updated), the server's meters in the application's {@code MeterRegistry}, and the actuator health
 * indicator.
 */
@NullMarked
package io.reactivenet.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
