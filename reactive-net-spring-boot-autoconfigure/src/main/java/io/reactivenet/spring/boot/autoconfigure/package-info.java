/**
 * The Spring Boot auto-configuration of a reactive-net TCP server: {@code reactive-net.server.*}
 * properties, the lifecycle bean, and the actuator health indicator.
 */
@NullMarked
package io.reactivenet.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
