package io.reactivenet.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The discriminator registry: names to types and back, unknown names left as trees, clear errors. */
class MessageTypesTest {

    static final JsonMapper M = JsonMapper.shared();

    record Greeting(String name) {
    }

    record Query(long queryId, String query) {
    }

    final MessageTypes types = MessageTypes.byType().register("greeting", Greeting.class).register("query", Query.class);

    @Test
    void readsRegisteredTypesAndLeavesOthersAsTrees() {
        assertThat(types.read(M, M.readTree("{\"type\":\"greeting\",\"name\":\"A\",\"extra\":1}")))
                .isEqualTo(new Greeting("A"));
        assertThat(types.read(M, M.readTree("{\"query\":\"time\",\"queryId\":3,\"type\":\"query\"}")))
                .isEqualTo(new Query(3, "time"));
        JsonNode unknown = M.readTree("{\"type\":\"other\"}");
        assertThat(types.read(M, unknown)).isSameAs(unknown);
        JsonNode noType = M.readTree("[1,2]");
        assertThat(types.read(M, noType)).isSameAs(noType);
        assertThatThrownBy(() -> types.read(M, M.readTree("{\"type\":\"query\",\"queryId\":\"x\"}")))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void writesTheDiscriminatorFirst() {
        assertThat(M.writeValueAsString(types.write(M, new Query(1, "stats"))))
                .isEqualTo("{\"type\":\"query\",\"queryId\":1,\"query\":\"stats\"}");
        JsonNode tree = M.readTree("{\"a\":1}");
        assertThat(types.write(M, tree)).isSameAs(tree);
        assertThat(types.nameOf(Greeting.class)).contains("greeting");
        assertThat(types.typeOf("query")).contains(Query.class);
    }

    @Test
    void registrationIsImmutableAndChecked() {
        MessageTypes empty = MessageTypes.discriminator("kind");
        assertThat(empty.register("a", Greeting.class)).isNotSameAs(empty);
        assertThat(empty.typeOf("a")).isEmpty();
        assertThatThrownBy(() -> types.register("greeting", Query.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"greeting\"")
                .hasMessageContaining(Greeting.class.getName());
        assertThatThrownBy(() -> MessageTypes.discriminator("")).isInstanceOf(IllegalArgumentException.class);
    }
}
