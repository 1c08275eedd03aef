package io.reactivenet.samples.spring;

import io.reactivenet.samples.ChatRoom;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat room's HTTP API, over the same {@link ChatRoom} as the TCP users:
 * <ul>
 *   <li>{@code GET /api/users}: who is online, a JSON array of ids ({@code address:port});
 *   <li>{@code POST /api/messages} with {@code {"from":"web","text":"hello"}}: says
 *       {@code "web: hello"} to every TCP user (202 Accepted);
 *   <li>{@code GET /api/messages} ({@code text/event-stream}): the room's lines live, one
 *       Server-Sent Event each ({@code event: line}), after a first {@code event: users} with who is
 *       online. A subscriber that falls {@value #SSE_BUFFER} lines behind is disconnected (the
 *       chat's policy: disconnect, never drop lines silently).
 * </ul>
 * Nothing here blocks: the room only queues lines.
 */
@RestController
@RequestMapping("/api")
public class ChatController {

    /** Lines buffered for one slow SSE subscriber before it is disconnected. */
    static final int SSE_BUFFER = 1024;

    private final ChatRoom room;

    ChatController(ChatRoom room) {
        this.room = room;
    }

    /** A message said from HTTP: who says it, and one line of text. */
    public record Message(@Nullable String from, @Nullable String text) {
    }

    @GetMapping("/users")
    List<String> users() {
        return room.users();
    }

    @PostMapping("/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> say(@RequestBody Message message) {
        String from = message.from();
        String text = message.text();
        if (from == null || text == null || from.isBlank() || text.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from and text must not be empty");
        }
        if (isMultiLine(from) || isMultiLine(text)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from and text are one line each");
        }
        room.say(from, text);
        return Mono.empty();
    }

    @GetMapping(path = "/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> messages() {
        // merge subscribes in order: the room's lines first, so a client that got the first event
        // ("users") is sure to see every line said after it.
        Flux<ServerSentEvent<String>> lines = room.lines()
                .onBackpressureBuffer(SSE_BUFFER)
                .map(line -> ServerSentEvent.builder(line).event("line").build());
        Mono<ServerSentEvent<String>> first = Mono.fromCallable(
                () -> ServerSentEvent.builder(String.join(", ", room.users())).event("users").build());
        return Flux.merge(lines, first);
    }

    private static boolean isMultiLine(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }
}
