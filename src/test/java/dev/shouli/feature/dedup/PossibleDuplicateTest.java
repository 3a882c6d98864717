package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shouli.Gateway;
import dev.shouli.channel.form.FormClient;
import dev.shouli.channel.sms.FakeSmsApi;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.support.Http;
import dev.shouli.support.TestDatabase;
import dev.shouli.support.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Someone who has not proven a contact (the web form, the JSON API without a partner key) and types someone else's
 * phone number or address: gets a case of their own and learns nothing of the other — on the receipt page, in the
 * JSON answer, on the status page — while the owner of the contact is asked, by SMS (a Vonage fake on loopback) or
 * by mail (GreenMail), with a signed single-use link that joins the two. Proven channels merge as before.
 */
class PossibleDuplicateTest {

    private static final String ALIYUN_TOKEN = "aliyun-push-token-0123456789";
    private static final String EMAIL_TOKEN = "email-webhook-token-0123456789";
    private static final Pattern LINK = Pattern.compile("/confirm/([A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})");
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime());

    private static Vertx fakeVertx;
    private static FakeSmsApi vonage;
    private static GreenMail smtp;
    private static DatabaseEndpoint db;
    private static Gateway gateway;
    private static Http http;
    private static FormClient form;

    @BeforeAll
    static void start() throws Exception {
        fakeVertx = Vertx.vertx();
        vonage = new FakeSmsApi(fakeVertx, r -> new FakeSmsApi.Answer(200, new JsonObject().put("message-count", "1")
                .put("messages", new JsonArray().add(new JsonObject().put("to", r.field("to")).put("status", "0")
                        .put("message-id", "MSG-" + SEQ.incrementAndGet())))));
        int mailPort;
        try (ServerSocket s = new ServerSocket(0)) {
            mailPort = s.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(mailPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        db = TestDatabase.freshDatabase();
        Map<String, String> env = new HashMap<>();
        env.put("SHOULI_DEDUP_ENABLED", "true");
        env.put("SHOULI_ALIYUN_TOKEN", ALIYUN_TOKEN);
        env.put("SHOULI_EMAIL_WEBHOOK_TOKEN", EMAIL_TOKEN);
        env.put("SHOULI_CHANNELS_SMS_SEND_PROVIDER", "vonage");
        env.put("SHOULI_CHANNELS_SMS_VONAGE_API_BASE_URL", vonage.baseUrl());
        env.put("SHOULI_CHANNELS_SMS_VONAGE_FROM", "Shouli");
        env.put("SHOULI_VONAGE_API_KEY", "key123");
        env.put("SHOULI_VONAGE_API_SECRET", "secret456");
        env.put("SHOULI_CHANNELS_SMS_DAILY_CAP", "20");
        env.put("SHOULI_MAILER_HOST", "127.0.0.1");
        env.put("SHOULI_MAILER_PORT", String.valueOf(mailPort));
        env.put("SHOULI_MAILER_START_TLS", "DISABLED");
        env.put("SHOULI_EMAIL_AUTO_MAILS_PER_ADDRESS_PER_DAY", "20");
        env.put("SHOULI_OUTBOX_POLL_INTERVAL", "100ms");
        gateway = TestGateway.start(db, env, Clock.systemUTC());
        http = new Http(gateway.port());
        form = new FormClient(gateway.port());
    }

    @AfterAll
    static void stop() throws Exception {
        TestGateway.stop(gateway);
        smtp.stop();
        vonage.close();
        fakeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    // ---- the owner's case, made through a channel that proves the contact ------------------------------------

    private static String newNumber() {
        return "139" + String.format("%08d", SEQ.incrementAndGet() % 100_000_000L);
    }

    /** An SMS from {@code number} (the carrier proves it): the owner's case; returns its reference. */
    private static String ownersCaseBySms(String number, String text) throws Exception {
        String json = new JsonArray().add(new JsonObject().put("phone_number", number).put("content", text)
                .put("sequence_id", SEQ.incrementAndGet())).encode();
        assertThat(http.postBytes("/intake/sms/aliyun?token=" + ALIYUN_TOKEN, "application/json",
                json.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        return waitFor(() -> TestDatabase.queryString(db, "SELECT max(reference) FROM complaint_case "
                + "WHERE complainant_phone = '+86" + number + "'"));
    }

    private static JsonObject mail(String from, String subject, String text) {
        byte[] raw = ("From: " + from + "\r\nTo: complaints@example.cn\r\nSubject: =?UTF-8?B?"
                + java.util.Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
                + "?=\r\nMessage-ID: <" + UUID.randomUUID() + "@example.cn>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = http.postBytes("/intake/email", "message/rfc822", raw,
                "Authorization", "Bearer " + EMAIL_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return new JsonObject(r.body());
    }

    // ---- the stranger ------------------------------------------------------------------------------------------

    private static List<Map.Entry<String, String>> formFields(String phone, String email, String description) {
        List<Map.Entry<String, String>> f = new ArrayList<>();
        f.add(Map.entry("kind", "complaint"));
        f.add(Map.entry("name", "王先生"));
        f.add(Map.entry("phone", phone));
        f.add(Map.entry("email", email));
        f.add(Map.entry("organisation", "华润万家"));
        f.add(Map.entry("subject", "空调坏了"));
        f.add(Map.entry("description", description));
        f.add(Map.entry("website", ""));
        return f;
    }

    private static final String AIRCON = "在华润万家南山店买的格力空调安装第三天就不制冷，门店一直推诿，要求退货退款2999元。";
    private static final String AIRCON_AGAIN = "我在华润万家南山店买的格力空调，安装第三天就不制冷了，门店推诿，要求退货退款2999元！";

    private record Posted(HttpResponse<String> receipt, FormClient.Form form, List<Map.Entry<String, String>> fields) {
    }

    private static Posted formWith(String phone, String email, String description) throws Exception {
        FormClient.Form f = form.open("zh-CN");
        List<Map.Entry<String, String>> fields = formFields(phone, email, description);
        HttpResponse<String> receipt = form.receiptOf(form.postUrlencoded(f, fields));
        assertThat(receipt.statusCode()).isEqualTo(200);
        return new Posted(receipt, f, fields);
    }

    private static HttpResponse<String> status(String reference, String contact) {
        return http.postJson("/api/v1/status", new JsonObject().put("reference", reference).put("contact", contact)
                .encode());
    }

    private static HttpResponse<String> statusPage(String reference, String contact) {
        return http.postBytes("/status", "application/x-www-form-urlencoded",
                ("reference=" + reference + "&contact=" + URLEncoder.encode(contact, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static JsonArray pairsOf(String reference) {
        return http.deskJson("/api/v1/cases/" + reference + "/possible-duplicates").getJsonArray("items");
    }

    private static JsonObject caseOf(String reference) {
        return http.deskJson("/api/v1/cases/" + reference);
    }

    private static List<String> kinds(JsonObject c) {
        return c.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("kind")).toList();
    }

    /** The confirmation SMS sent to {@code number} (the last one), once the outbox has sent it. */
    private static String confirmationSms(String number) throws Exception {
        return waitFor(() -> vonage.received.stream()
                .filter(r -> ("86" + number).equals(r.field("to")) && r.field("text").contains("/confirm/"))
                .map(r -> r.field("text")).reduce((a, b) -> b).orElse(null));
    }

    private static MimeMessage confirmationMail(String address) throws Exception {
        return waitFor(() -> Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address))
                        && m.getHeader("Message-ID", null).startsWith("<confirm.");
            } catch (Exception e) {
                return false;
            }
        }).reduce((a, b) -> b).orElse(null));
    }

    private static String token(String text) {
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as("a confirmation link in: %s", text).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> answer(String token, String decision) {
        return http.postBytes("/confirm/" + token, "application/x-www-form-urlencoded",
                ("decision=" + decision).getBytes(StandardCharsets.UTF_8));
    }

    // ---- what the submitter sees -------------------------------------------------------------------------------

    @Test
    void someoneElsesPhoneInTheFormMakesACaseOfItsOwnAndThePagesShowNothingOfTheOther() throws Exception {
        String number = newNumber();
        String existing = ownersCaseBySms(number, AIRCON);

        Posted posted = formWith(number, "", AIRCON_AGAIN);

        String page = posted.receipt().body();
        String reference = FormClient.reference(page);
        assertThat(reference).isNotEqualTo(existing);
        assertThat(page).doesNotContain(existing).doesNotContain("并入").contains("您的投诉已登记");
        HttpResponse<String> shown = status(reference, number.substring(number.length() - 4));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(shown.body()).getString("status")).isEqualTo("new");
        assertThat(shown.body()).doesNotContain(existing).doesNotContain("merged");
        HttpResponse<String> shownPage = statusPage(reference, number.substring(number.length() - 4));
        assertThat(shownPage.statusCode()).isEqualTo(200);
        assertThat(shownPage.body()).contains(reference).doesNotContain(existing).doesNotContain("合并");
        // The desk sees the pair, on both cases.
        JsonObject pair = pairsOf(existing).getJsonObject(0);
        assertThat(pair.getString("state")).isEqualTo("pending");
        assertThat(pair.getString("reference")).isEqualTo(reference);
        assertThat(pair.getString("outcome")).isEqualTo("merged");
        assertThat(pairsOf(reference).getJsonObject(0).getLong("id")).isEqualTo(pair.getLong("id"));
        assertThat(kinds(caseOf(existing))).contains("possible_duplicate").doesNotContain("merged");
        assertThat(kinds(caseOf(reference))).contains("possible_duplicate_of");
        // The stranger's case belongs to nobody's person: the owner's later messages never join it.
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM dedup_case d JOIN complaint_case c ON c.id = d.case_id"
                + " WHERE c.reference = '" + reference + "' AND d.person_id IS NULL")).isEqualTo(1);
    }

    @Test
    void anAnonymousApiCallNamingSomeoneElsesPhoneIsAnsweredAsANewCase() throws Exception {
        String number = newNumber();
        String existing = ownersCaseBySms(number, AIRCON);
        JsonObject body = new JsonObject().put("description", AIRCON_AGAIN)
                .put("complainant", new JsonObject().put("phone", number))
                .put("respondent", new JsonObject().put("organisation", "华润万家"));

        // A header a client sends claiming to be a partner proves nothing: only a verified key does.
        String key = UUID.randomUUID().toString();
        HttpResponse<String> r = http.postJson("/api/v1/complaints", body.encode(),
                "Idempotency-Key", key, "X-Shouli-Partner", "crm");

        assertThat(r.statusCode()).isEqualTo(201);
        JsonObject answer = new JsonObject(r.body());
        assertThat(answer.getString("outcome")).isEqualTo("created");
        assertThat(answer.getString("reason")).isNull();
        assertThat(r.body()).doesNotContain(existing);
        assertThat(pairsOf(existing).getJsonObject(0).getString("reference")).isEqualTo(answer.getString("reference"));
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM submission WHERE external_id = '" + key
                + "' AND headers::text ILIKE '%x-shouli-partner%'")).isZero();
    }

    @Test
    void aPartnerKeyCallStillMergesAndAnswersTheExistingReference() {
        String number = newNumber();
        JsonObject body = new JsonObject().put("description", AIRCON)
                .put("complainant", new JsonObject().put("phone", number))
                .put("respondent", new JsonObject().put("organisation", "华润万家"));
        String partner = "Bearer " + TestGateway.PARTNER_KEY;
        JsonObject first = new JsonObject(http.postJson("/api/v1/complaints", body.encode(),
                "Idempotency-Key", UUID.randomUUID().toString(), "Authorization", partner).body());

        HttpResponse<String> again = http.postJson("/api/v1/complaints", body.put("description", AIRCON_AGAIN).encode(),
                "Idempotency-Key", UUID.randomUUID().toString(), "Authorization", partner);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(again.body()).getString("outcome")).isEqualTo("merged");
        assertThat(new JsonObject(again.body()).getString("reference")).isEqualTo(first.getString("reference"));
        assertThat(TestDatabase.queryString(db, "SELECT headers ->> 'X-Shouli-Partner' FROM submission s "
                + "JOIN complaint_case c ON c.id = s.case_id WHERE c.reference = '" + first.getString("reference")
                + "' ORDER BY s.id LIMIT 1")).isEqualTo("crm");
    }

    @Test
    void anUnknownPartnerKeyIsRefusedAndNothingIsTakenIn() {
        long before = TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case");

        HttpResponse<String> r = http.postJson("/api/v1/complaints", new JsonObject().put("description", AIRCON).encode(),
                "Authorization", "Bearer not-a-partner-key-of-ours");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM complaint_case")).isEqualTo(before);
    }

    // ---- the owner's confirmation ------------------------------------------------------------------------------

    @Test
    void theOwnerIsAskedBySmsAndConfirmingByTheLinkJoinsTheCasesOnce() throws Exception {
        String number = newNumber();
        String existing = ownersCaseBySms(number, AIRCON);
        Posted posted = formWith(number, "", AIRCON_AGAIN);
        String reference = FormClient.reference(posted.receipt().body());

        String sms = confirmationSms(number);
        assertThat(sms).contains(reference, existing);
        String token = token(sms);
        HttpResponse<String> question = http.get("/confirm/" + token);
        assertThat(question.statusCode()).isEqualTo(200);
        assertThat(question.body()).contains(reference, existing);
        assertThat(question.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(pairsOf(existing).getJsonObject(0).getString("state")).as("GET decides nothing").isEqualTo("pending");

        HttpResponse<String> confirmed = answer(token, "confirm");

        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("合并办理");
        JsonObject joined = caseOf(existing);
        assertThat(joined.getJsonArray("submissions").stream().map(s -> ((JsonObject) s).getString("role")))
                .containsExactly("origin", "duplicate");
        assertThat(kinds(joined)).contains("merged");
        JsonObject merged = caseOf(reference);
        assertThat(merged.getString("status")).isEqualTo("merged");
        assertThat(kinds(merged)).contains("merged_into");
        assertThat(pairsOf(existing).getJsonObject(0).getString("decidedBy")).isEqualTo("link");
        // Single use: the second answer is refused, and changes nothing.
        assertThat(answer(token, "dismiss").statusCode()).isEqualTo(410);
        assertThat(pairsOf(existing).getJsonObject(0).getString("state")).isEqualTo("confirmed");
        // The submitter still sees their own case: the same receipt, and progress without the other reference.
        assertThat(form.receiptOf(form.postUrlencoded(posted.form(), posted.fields())).body())
                .contains(reference).doesNotContain(existing);
        HttpResponse<String> shown = status(reference, number.substring(number.length() - 4));
        assertThat(new JsonObject(shown.body()).getString("reference")).isEqualTo(reference);
        assertThat(new JsonObject(shown.body()).getString("status")).isEqualTo("new");
        assertThat(shown.body()).doesNotContain(existing).doesNotContain("merged");
    }

    @Test
    void twoAnswersWithOneLinkAtTheSameMomentDecideOnce() throws Exception {
        String number = newNumber();
        String existing = ownersCaseBySms(number, AIRCON);
        formWith(number, "", AIRCON_AGAIN);
        String token = token(confirmationSms(number));
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (String decision : List.of("confirm", "dismiss")) {
                answers.add(two.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return answer(token, decision).statusCode();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> a : answers) {
                statuses.add(a.get(30, TimeUnit.SECONDS));
            }

            assertThat(statuses).containsExactlyInAnyOrder(200, 410);
        } finally {
            two.shutdownNow();
        }
        assertThat(pairsOf(existing).getJsonObject(0).getString("state")).isIn("confirmed", "dismissed");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM case_event e JOIN complaint_case c ON c.id = e.case_id"
                + " WHERE c.reference = '" + existing + "' AND e.kind IN ('merged', 'possible_duplicate_dismissed')"))
                .isEqualTo(1);
    }

    @Test
    void theDeskUndoesAConfirmedJoinAndTheCaseIsItsOwnAgain() throws Exception {
        String number = newNumber();
        String existing = ownersCaseBySms(number, AIRCON);
        String reference = FormClient.reference(formWith(number, "", AIRCON_AGAIN).receipt().body());
        assertThat(answer(token(confirmationSms(number)), "confirm").statusCode()).isEqualTo(200);
        long submission = caseOf(existing).getJsonArray("submissions").getJsonObject(1).getLong("id");

        HttpResponse<String> split = http.send(http.request("/api/v1/cases/" + existing + "/unmerge")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("submissionId", submission)
                        .put("reason", "another air conditioner").encode())).build());

        assertThat(split.statusCode()).as(split.body()).isEqualTo(201);
        assertThat(new JsonObject(split.body()).getString("reference")).isEqualTo(reference);
        assertThat(caseOf(existing).getJsonArray("submissions")).hasSize(1);
        JsonObject own = caseOf(reference);
        assertThat(own.getString("status")).isEqualTo("new");
        assertThat(kinds(own)).contains("split_from");
        assertThat(pairsOf(existing).getJsonObject(0).getString("state")).isEqualTo("split");
        assertThat(TestDatabase.queryLong(db, "SELECT count(*) FROM sla_deadline d JOIN complaint_case c ON c.id = "
                + "d.case_id WHERE c.reference = '" + reference + "' AND d.state = 'paused'")).isZero();
    }

    @Test
    void theOwnerOfAnAddressIsAskedByMailInTheirOwnThread() throws Exception {
        String address = "owner" + SEQ.incrementAndGet() + "@example.cn";
        String existing = mail(address, "空调坏了", AIRCON).getString("reference");

        String reference = FormClient.reference(formWith("", address, AIRCON_AGAIN).receipt().body());

        MimeMessage asked = confirmationMail(address);
        String text = (String) asked.getContent();
        assertThat(asked.getSubject()).contains(reference, existing);
        assertThat(text).contains(reference, existing);
        assertThat(asked.getHeader("In-Reply-To", null)).isNotNull();
        assertThat(asked.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(answer(token(text), "confirm").statusCode()).isEqualTo(200);
        assertThat(caseOf(reference).getString("status")).isEqualTo("merged");
    }

    @Test
    void aForgedOrAlteredLinkIsRefused() throws Exception {
        String number = newNumber();
        ownersCaseBySms(number, AIRCON);
        formWith(number, "", AIRCON_AGAIN);
        String real = token(confirmationSms(number));
        String altered = real.substring(0, real.length() - 2) + (real.endsWith("AA") ? "BB" : "AA");
        String forged = "AAAAAAAAAAAAAAAAAAAAAA." + "A".repeat(43);

        assertThat(http.get("/confirm/" + altered).statusCode()).isEqualTo(404);
        assertThat(answer(altered, "confirm").statusCode()).isEqualTo(404);
        assertThat(answer(forged, "confirm").statusCode()).isEqualTo(404);
        assertThat(http.get("/confirm/nonsense").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnansweredLinkLeavesAPossibleDuplicateThatTheDeskCanDismiss() throws Exception {
        String number = newNumber();
        String existing = ownersCaseBySms(number, AIRCON);
        String reference = FormClient.reference(formWith(number, "", AIRCON_AGAIN).receipt().body());
        String token = token(confirmationSms(number));

        assertThat(pairsOf(existing).getJsonObject(0).getString("state")).isEqualTo("pending");
        assertThat(caseOf(existing).getJsonArray("submissions")).hasSize(1);
        assertThat(caseOf(reference).getString("status")).isEqualTo("new");
        long id = pairsOf(existing).getJsonObject(0).getLong("id");
        assertThat(http.deskJson("/api/v1/possible-duplicates").getJsonArray("items").stream()
                .map(p -> ((JsonObject) p).getLong("id"))).contains(id);

        HttpResponse<String> dismissed = http.send(http.request("/api/v1/possible-duplicates/" + id + "/dismiss")
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"two air conditioners\"}")).build());

        assertThat(dismissed.statusCode()).as(dismissed.body()).isEqualTo(200);
        assertThat(new JsonObject(dismissed.body()).getString("decidedBy")).isEqualTo("tester");
        assertThat(answer(token, "confirm").statusCode()).as("the link after the desk decided").isEqualTo(410);
        assertThat(caseOf(reference).getString("status")).isEqualTo("new");
    }

    @Test
    void theDeskConfirmsAPossibleDuplicateAndADecidedOneIsAConflict() throws Exception {
        String number = newNumber();
        String existing = ownersCaseBySms(number, AIRCON);
        String reference = FormClient.reference(formWith(number, "", AIRCON_AGAIN).receipt().body());
        long id = pairsOf(existing).getJsonObject(0).getLong("id");

        HttpResponse<String> confirmed = deskDecision(id, "confirm");
        HttpResponse<String> again = deskDecision(id, "dismiss");

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(new JsonObject(confirmed.body()).getString("state")).isEqualTo("confirmed");
        assertThat(caseOf(reference).getString("status")).isEqualTo("merged");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    private static HttpResponse<String> deskDecision(long id, String decision) {
        return http.send(http.request("/api/v1/possible-duplicates/" + id + "/" + decision)
                .header("Authorization", "Bearer " + TestGateway.DESK_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void theOwnersOwnSmsAfterAStrangersFormNamingTheirNumberIsNotJoinedToItButAsked() throws Exception {
        String number = newNumber();
        String typed = FormClient.reference(formWith(number, "", AIRCON).receipt().body());

        String own = ownersCaseBySms(number, AIRCON_AGAIN);

        assertThat(own).isNotEqualTo(typed);
        assertThat(caseOf(typed).getJsonArray("submissions")).hasSize(1);
        JsonObject pair = pairsOf(typed).getJsonObject(0);
        assertThat(pair.getString("reference")).isEqualTo(own);
        assertThat(pair.getString("existingReference")).isEqualTo(typed);
        assertThat(confirmationSms(number)).contains(own, typed);
    }

    @Test
    void aSecondFormNamingTheSameNumberIsAPossibleDuplicateOfTheFirst() throws Exception {
        String number = newNumber();
        String first = FormClient.reference(formWith(number, "", AIRCON).receipt().body());

        String second = FormClient.reference(formWith(number, "", AIRCON_AGAIN).receipt().body());

        assertThat(second).isNotEqualTo(first);
        assertThat(pairsOf(first).getJsonObject(0).getString("reference")).isEqualTo(second);
        assertThat(caseOf(first).getJsonArray("submissions")).hasSize(1);
    }

    // ---- proven channels: unchanged ------------------------------------------------------------------------------

    @Test
    void anSmsFromTheSameNumberStillJoinsTheCase() throws Exception {
        String number = newNumber();
        String existing = ownersCaseBySms(number, AIRCON);

        ownersCaseBySms(number, "还没有人联系我");

        assertThat(caseOf(existing).getJsonArray("submissions")).hasSize(2);
        assertThat(pairsOf(existing)).isEmpty();
    }

    @Test
    void aMailFromTheSameAddressStillMergesAndTheWebhookIsToldTheReference() {
        String address = "again" + SEQ.incrementAndGet() + "@example.cn";
        String existing = mail(address, "空调坏了", AIRCON).getString("reference");

        JsonObject again = mail(address, "空调还是坏的", AIRCON_AGAIN);

        assertThat(again.getString("outcome")).isEqualTo("merged");
        assertThat(again.getString("reference")).isEqualTo(existing);
    }

    /** Polls (bounded) until {@code read} gives a value: the outbox sends after commit. */
    private static <T> T waitFor(java.util.concurrent.Callable<T> read) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            T value = read.call();
            if (value != null) {
                return value;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not there in time");
    }
}
