package io.reactivenet.json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small registry that maps the value of a discriminator field (by default {@code "type"}) to
 * Java types, so that {@code {"type":"greeting","name":"Ann"}} reads as a {@code Greeting} record
 * and a {@code Greeting} writes with {@code "type":"greeting"} first. The Java types need no
 * Jackson annotations (unlike {@code @JsonTypeInfo}), so records from any library can be used.
 *
 * <pre>{@code
 * MessageTypes types = MessageTypes.discriminator("type")
 *         .register("greeting", Greeting.class)
 *         .register("welcome", Welcome.class);
 * }</pre>
 *
 * <p>Node counterpart: the {@code switch (msg.type)} of a Node protocol handler.
 *
 * <p>Immutable and thread-safe; {@link #register} returns a copy. Unknown names are not an error
 * here: {@link #read} leaves such messages as {@code JsonNode} trees for the caller to answer.
 */
public final class MessageTypes {

    private final String field;
    private final Map<String, Class<?>> byName;
    private final Map<Class<?>, String> byType;

    private MessageTypes(String field, Map<String, Class<?>> byName) {
        this.field = field;
        this.byName = Map.copyOf(byName);
        Map<Class<?>, String> inverse = new LinkedHashMap<>();
        byName.forEach((n, t) -> inverse.putIfAbsent(t, n));
        this.byType = Map.copyOf(inverse);
    }

    /** An empty registry whose discriminator is the top-level field {@code field}. */
    public static MessageTypes discriminator(String field) {
        Objects.requireNonNull(field, "field");
        if (field.isEmpty()) {
            throw new IllegalArgumentException("The discriminator field name must not be empty");
        }
        return new MessageTypes(field, Map.of());
    }

    /** An empty registry on the field {@code "type"}. */
    public static MessageTypes byType() {
        return discriminator("type");
    }

    /**
     * A copy where messages with {@code field == name} read as {@code type}, and {@code type} writes
     * with that name. Throws {@link IllegalArgumentException} naming {@code name} when it is
     * already registered.
     */
    public MessageTypes register(String name, Class<?> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("Message type \"" + name + "\" is already registered as "
                    + byName.get(name).getName());
        }
        Map<String, Class<?>> next = new LinkedHashMap<>(byName);
        next.put(name, type);
        return new MessageTypes(field, next);
    }

    /** The discriminator field. */
    public String field() {
        return field;
    }

    /** The type registered for {@code name}. */
    public Optional<Class<?>> typeOf(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The name registered for {@code type} (exact class), if any. */
    public Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The discriminator's value in {@code tree}, or null when absent or not a string. */
    public @Nullable String nameIn(JsonNode tree) {
        JsonNode n = tree.get(field);
        return n != null && n.isString() ? n.stringValue() : null;
    }

    /**
     * {@code tree} as the type registered for its discriminator (the discriminator itself and
     * unknown properties are ignored), or {@code tree} itself when the name is absent or not
     * registered. Throws Jackson's exception when the tree does not fit the registered type.
     */
    public Object read(ObjectMapper mapper, JsonNode tree) {
        String name = nameIn(tree);
        Class<?> type = name == null ? null : byName.get(name);
        if (type == null) {
            return tree;
        }
        return read(mapper, tree, type);
    }

    /** {@code tree} as {@code type}, ignoring unknown properties (the discriminator among them). */
    public <T> T read(ObjectMapper mapper, JsonNode tree, Class<T> type) {
        if (type.isInstance(tree)) {
            return type.cast(tree);
        }
        // readerFor is cheap: the mapper caches the deserializer.
        ObjectReader reader = mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return reader.readValue(tree);
    }

    /**
     * {@code message} as a JSON tree: a {@code JsonNode} as it is; a registered type with the
     * discriminator first, then its properties; any other value as Jackson writes it.
     */
    public JsonNode write(ObjectMapper mapper, Object message) {
        Objects.requireNonNull(message, "message");
        if (message instanceof JsonNode n) {
            return n;
        }
        JsonNode body = mapper.valueToTree(message);
        String name = byType.get(message.getClass());
        if (name == null || !body.isObject()) {
            return body;
        }
        ObjectNode out = mapper.createObjectNode();
        out.put(field, name);
        body.properties().forEach(e -> {
            if (!e.getKey().equals(field)) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "MessageTypes[" + field + ": " + byName.keySet() + "]";
    }
}
