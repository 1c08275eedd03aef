package io.reactivenet.samples;

import io.reactivenet.ConnectOptions;
import io.reactivenet.json.tutorial.TutorialClient;
import io.reactivenet.json.tutorial.TutorialProtocol;
import java.time.Duration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tutorial's JSON protocol client: a greeting, a {@code time} query and a {@code stats}
 * query; prints each reply as one JSON line, ends the connection, exits 0.
 */
final class JsonClient {

    private JsonClient() {
    }

    static int run(String[] args) throws Exception {
        Options o = Options.of("json-client")
                .option("port", "8080", "TCP port of the json-server")
                .option("host", "127.0.0.1", "host of the json-server")
                .option("name", "Client", "the name to greet with");
        if (!o.parse(args)) {
            return 0;
        }
        TutorialClient client = TutorialClient
                .connect(ConnectOptions.to(o.string("host"), o.port()).timeout(Duration.ofSeconds(10)))
                .block();
        try {
            // Replies are typed records; print each back as JSON, with its "type".
            Mono.when(
                    client.greet(o.string("name")).doOnNext(JsonClient::print),
                    client.query("time").doOnNext(JsonClient::print),
                    client.query("stats").doOnNext(JsonClient::print))
                .then(client.end())
                .block(Duration.ofSeconds(30));
            return 0;
        } finally {
            client.dispose();
        }
    }

    private static void print(Object message) {
        String line = TutorialProtocol.TYPES.write(JsonMapper.shared(), message).toString();
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
