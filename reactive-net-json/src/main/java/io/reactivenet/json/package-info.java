/**
 * JSON over reactive-net sockets, with Jackson 3: newline-delimited (NDJSON) and length-prefixed
 * JSON codecs ({@link io.reactivenet.json.JsonCodec}), malformed messages as values ({@link
 * io.reactivenet.json.JsonFrame}), a type-discriminator registry ({@link
 * io.reactivenet.json.MessageTypes}) and a typed, request/response-correlating channel over a
 * socket ({@link io.reactivenet.json.JsonChannel}).
 *
 * <p>Node counterpart: the hand-written {@code buffer += data; indexOf('\n'); JSON.parse(line)}
 * loops of Node tutorials, with a length limit, error recovery and backpressure added.
 */
@org.jspecify.annotations.NullMarked
package io.reactivenet.json;
