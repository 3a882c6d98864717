package dev.shouli.channel.hotline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.shouli.ShouliConfig;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.support.TestGateway;
import java.time.ZoneId;
import java.util.Map;

/** Any authentic body from a hotline platform: a work order, or a 400/422 naming the fields to fix. */
class WorkOrderParserFuzzTest {

    private static final ShouliConfig CONFIG = TestGateway.config(Map.of());
    private static final HotlineConfig.Source SOURCE = CONFIG.section(HotlineConfig.class).source("city12345");
    private static final WorkOrderParser PARSER = new WorkOrderParser(ZoneId.of("Asia/Shanghai"),
            new PhoneNumbers("CN"), 5, 1 << 20);

    @FuzzTest(maxDuration = "8m")
    void anyBodyIsAWorkOrderOrAProblem(byte[] body) {
        try {
            PARSER.parse(SOURCE, body);
        } catch (HttpProblem expected) {
            // 400 or 422 with the platform's field names
        }
    }
}
