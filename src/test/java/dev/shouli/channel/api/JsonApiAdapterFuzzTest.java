package dev.shouli.channel.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shouli.ShouliConfig;
import dev.shouli.channel.IncomingRequest;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.support.TestGateway;
import java.time.Instant;
import java.util.Map;

/** Any body posted to the JSON API: a draft, or an {@link HttpProblem} telling the client what to fix. */
class JsonApiAdapterFuzzTest {

    private static final ShouliConfig CONFIG = TestGateway.config(Map.of());
    private static final JsonApiAdapter ADAPTER = new JsonApiAdapter(CONFIG.intake(), new PhoneNumbers("CN"));

    @FuzzTest(maxDuration = "8m")
    void anyBodyIsADraftOrAProblem(byte[] body) {
        try {
            ADAPTER.parse(new IncomingRequest(Instant.parse("2026-11-25T02:00:00Z"), "application/json",
                    Map.of("Idempotency-Key", "fuzz"), body));
        } catch (HttpProblem expected) {
            // a 4xx with a detail
        }
    }
}
