package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.Gateway;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A message whose reading takes longer than the parse budget is stored verbatim and quarantined, never dropped. */
class EmailParseBudgetTest {

    private static final String TOKEN = "email-webhook-token-0123456789";
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;

    @BeforeAll
    static void start() {
        db = TestDatabase.freshDatabase();
        // A budget no message of this size can be read in.
        gateway = TestGateway.start(db, Map.of("SHOULI_EMAIL_WEBHOOK_TOKEN", TOKEN, "SHOULI_PARSING_BUDGET", "1ms"),
                Clock.systemUTC());
        http = new Http(gateway.port());
    }

    @AfterAll
    static void stop() {
        TestGateway.stop(gateway);
    }

    @Test
    void aMessageOverTheParseBudgetIsQuarantinedAndKeptVerbatim() {
        byte[] raw = EmailWebhookTest.mail("big@example.cn", "<big-1@example.cn>", "投诉",
                "", "超市卖过期牛奶，要求退款。\r\n".repeat(40_000));

        HttpResponse<String> response = http.postBytes(EmailWebhookRoutes.PATH, "message/rfc822", raw,
                "Authorization", "Bearer " + TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getString("outcome")).isEqualTo("quarantined");
        assertThat(answer.getString("reason")).contains("budget");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE outcome = 'quarantined' "
                + "AND length(body) = " + raw.length)).isEqualTo(1);
    }

    @Test
    void theSameMessageAgainGetsTheSameQuarantineAnswer() {
        byte[] raw = EmailWebhookTest.mail("big@example.cn", "<big-2@example.cn>", "投诉",
                "", "物业乱收费，要求退还。\r\n".repeat(40_000));
        String first = http.postBytes(EmailWebhookRoutes.PATH, "message/rfc822", raw, "Authorization",
                "Bearer " + TOKEN).body();

        String again = http.postBytes(EmailWebhookRoutes.PATH, "message/rfc822", raw, "Authorization",
                "Bearer " + TOKEN).body();

        assertThat(again).isEqualTo(first);
    }
}
