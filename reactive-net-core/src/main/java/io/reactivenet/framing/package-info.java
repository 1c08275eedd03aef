/**
 * Framing: turn the arbitrary chunks of a byte stream into messages, and back.
 *
 * <p>Node hands out {@code 'data'} chunks as the kernel delivers them and leaves framing to every
 * user, who writes a buffer-and-split loop by hand (or pulls in {@code readline} for lines). Here
 * the same job is a pair of operators used with {@code transform}: a decoder
 * {@code Function<Flux<ByteBuffer>, Flux<ByteBuffer>>} and an encoder
 * {@code Function<Publisher<ByteBuffer>, Flux<ByteBuffer>>}, bundled as one {@link
 * io.reactivenet.framing.FrameCodec}. Start at {@link io.reactivenet.framing.Framing}.
 *
 * <pre>{@code
 * Flux<ByteBuffer> lines = socket.inbound().transform(Framing.lines(8192).decoder());
 * Flux<ByteBuffer> out   = replies.transform(Framing.lines(8192).encoder());
 * }</pre>
 */
@NullMarked
package io.reactivenet.framing;

import org.jspecify.annotations.NullMarked;
