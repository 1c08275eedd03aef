/**
 * The chat room of {@code chat-server} as a Spring Boot WebFlux application: the same room served
 * over raw TCP by the reactive-net starter and over HTTP ({@code /api/users},
 * {@code /api/messages}, Server-Sent Events) by WebFlux. See {@code docs/spring-boot.md}.
 */
@NullMarked
package io.reactivenet.samples.spring;

import org.jspecify.annotations.NullMarked;
