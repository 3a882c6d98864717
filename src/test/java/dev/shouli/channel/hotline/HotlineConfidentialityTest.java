package dev.shouli.channel.hotline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A caller who asked for 保密: matched like anyone, shown masked, never written to the logs. */
class HotlineConfidentialityTest extends HotlineTestBase {

    private static final String NAME = "赵保密";
    private static final String PHONE = "13712345678";

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger shouli;
    private Level previous;

    @BeforeEach
    void captureLogs() {
        shouli = (Logger) LoggerFactory.getLogger("dev.shouli");
        previous = shouli.getLevel();
        shouli.setLevel(Level.DEBUG);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        shouli.setLevel(previous);
    }

    private JsonObject confidentialOrder(String ticket) {
        return workOrder(ticket).put("caller", new JsonObject().put("name", NAME).put("phone", PHONE)
                .put("confidential", "是"));
    }

    @Test
    void theDeskSeesAConfidentialCallerMasked() {
        HttpResponse<String> response = post("city12345", SECRET, confidentialOrder(newTicketNumber()));

        JsonObject complainant = caseOf(response).getJsonObject("complainant");
        assertThat(complainant.getBoolean("confidential")).isTrue();
        assertThat(complainant.getString("name")).isEqualTo("赵**");
        assertThat(complainant.getString("phone")).endsWith("5678").doesNotContain("1371234");
    }

    @Test
    void messagesAboutAConfidentialCallersTicketStillFindItsCase() {
        String ticket = newTicketNumber();
        String reference = new JsonObject(post("city12345", SECRET, confidentialOrder(ticket)).body())
                .getString("reference");

        HttpResponse<String> urge = post("city12345", SECRET, new JsonObject().put("ticketNumber", ticket)
                .put("messageKind", "urge").put("reason", "来电人催办"));

        assertThat(new JsonObject(urge.body()).getString("reference")).isEqualTo(reference);
    }

    @Test
    void nothingLoggedWhileTakingInAndCallingBackNamesTheConfidentialCaller() throws Exception {
        String ticket = newTicketNumber();
        post("city12345", SECRET, confidentialOrder(ticket));
        post("city12345", SECRET, confidentialOrder(ticket).put("categoryCode", "bad")); // refused, quarantined
        post("city12345", "wrong-secret-0000000000", confidentialOrder(newTicketNumber())); // refused unsigned
        platform.answerNext(500);
        await(worker.poll());

        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain(PHONE).doesNotContain("+86" + PHONE).doesNotContain(NAME));
    }
}
