/** reactive-net JSON: NDJSON and length-prefixed JSON over any reactive-net connection (Jackson 3). */
module io.reactivenet.json {
    requires transitive io.reactivenet;
    requires transitive tools.jackson.databind;
    requires java.management; // the tutorial's 'stats' reply reads the JVM's memory use
    requires static transitive org.jspecify;

    exports io.reactivenet.json;
    exports io.reactivenet.json.tutorial;
}
