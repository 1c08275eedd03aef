package io.reactivenet.framing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of each decoder with Jazzer, checking the properties of {@link
 * FramingFuzzTest#verify(String, long, byte[])}. In a normal build (regression mode) each test
 * replays its corpus, {@code src/test/resources/io/reactivenet/framing/FramingJazzerTestInputs/<method>/};
 * the bounded seeded loop of {@link FramingFuzzTest} is what explores new inputs in CI. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl reactive-net-core test -Dtest=FramingJazzerTest#lines} (each test
 * stops after {@code maxDuration}); findings land in the inputs directory as new regression cases.
 */
class FramingJazzerTest {

    @FuzzTest(maxDuration = "60s")
    void lines(FuzzedDataProvider data) {
        FramingFuzzTest.verify("lines", data.consumeLong(), data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = "60s")
    void delimiter(FuzzedDataProvider data) {
        FramingFuzzTest.verify("delimiter", data.consumeLong(), data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = "60s")
    void lengthField(FuzzedDataProvider data) {
        FramingFuzzTest.verify("lengthField", data.consumeLong(), data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = "60s")
    void fixedLength(FuzzedDataProvider data) {
        FramingFuzzTest.verify("fixedLength", data.consumeLong(), data.consumeRemainingAsBytes());
    }
}
