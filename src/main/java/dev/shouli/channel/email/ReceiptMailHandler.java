package dev.shouli.channel.email;

import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code receipt:email}: tells the complainant their complaint was received, in their language, as a reply
 * in their thread ({@code In-Reply-To}/{@code References}) marked {@code Auto-Submitted: auto-replied}.
 * Never to no-reply or automatic senders, and at most N automatic mails per address and day, so two
 * robots answering each other stop. Our Message-ID is recorded on the case before sending, so a reply to
 * the receipt threads even if it arrives within a second.
 */
public final class ReceiptMailHandler implements OutboxHandler {

    private static final Pattern NO_REPLY = Pattern.compile(
            "^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|mailer[-_.]?daemon|postmaster|bounces?|notifications?)"
                    + "(?:[+-].*)?@", Pattern.CASE_INSENSITIVE);

    private final Pool pool;
    private final EmailStore store;
    private final MailSender sender;
    private final String messageIdDomain;
    private final int perAddressPerDay;
    private final ZoneId zone;
    private final Clock clock;

    ReceiptMailHandler(Pool pool, EmailStore store, MailSender sender, String messageIdDomain, int perAddressPerDay,
                       ZoneId zone, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.sender = sender;
        this.messageIdDomain = messageIdDomain;
        this.perAddressPerDay = perAddressPerDay;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "receipt";
    }

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public Future<String> deliver(OutboxItem item) {
        JsonObject payload = item.payload();
        String reference = payload.getString("reference");
        String to;
        try {
            to = MailSender.bareAddress(payload.getString("to"));
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("receipt address refused: " + e.getMessage());
        }
        if (isNoReply(to)) {
            return Future.succeededFuture("skipped: " + to + " is a no-reply address");
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        String messageId = "<receipt." + reference + "." + item.id() + "@" + messageIdDomain + ">";
        if (!sender.configured()) {
            // Nothing goes out, so nothing counts towards the loop guard and no Message-ID is recorded; the
            // sender records the receipt as unsent with its text.
            return store.receiptCase(pool, reference).compose(found -> {
                if (found.isEmpty()) {
                    throw new PermanentFailure("no case " + reference);
                }
                return send(found.get(), to, payload.getString("language"), messageId);
            });
        }
        return pool.withTransaction(conn -> store.receiptCase(conn, reference).compose(found -> {
            if (found.isEmpty()) {
                throw new PermanentFailure("no case " + reference);
            }
            return store.recentlySuppressed(conn, to, now.minusSeconds(24 * 3600)).compose(automatic -> {
                if (automatic) {
                    return Future.succeededFuture(new Decision(null, "skipped: automatic mail came from " + to));
                }
                return store.autoMailsOn(conn, to, today, item.idempotencyKey()).compose(count -> {
                    if (count >= perAddressPerDay) {
                        return Future.succeededFuture(new Decision(null, "skipped: loop guard, " + count
                                + " automatic mails to " + to + " today"));
                    }
                    return store.recordAutoMail(conn, item.idempotencyKey(), to, today, now)
                            .compose(v -> store.addMessage(conn, messageId, found.get().caseId(), "out", null, now))
                            .map(v -> new Decision(found.get(), null));
                });
            });
        })).compose(decision -> decision.receiptCase() == null
                ? Future.succeededFuture(decision.skipped())
                : send(decision.receiptCase(), to, payload.getString("language"), messageId));
    }

    /** no-reply@, mailer-daemon@, notifications@ …: addresses nobody reads, never sent automatic mail. */
    static boolean isNoReply(String address) {
        return NO_REPLY.matcher(address).find();
    }

    private record Decision(EmailStore.ReceiptCase receiptCase, String skipped) {
    }

    private Future<String> send(EmailStore.ReceiptCase c, String to, String language, String messageId) {
        ReceiptText text = ReceiptText.forLanguage(language);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Auto-Submitted", "auto-replied")
                .add("X-Auto-Response-Suppress", "All")
                .add("X-Shouli-Reference", c.reference());
        List<String> theirs = c.messageIds();
        if (!theirs.isEmpty()) {
            headers.add("In-Reply-To", theirs.get(theirs.size() - 1));
            headers.add("References", String.join(" ", theirs));
        }
        return sender.send(List.of(to), text.subject(c.reference(), c.subject()), text.body(c.reference(), c.complainantName()),
                messageId, headers).map(id -> "sent " + id);
    }

    /** The receipt in zh-Hans, zh-Hant or en. */
    record ReceiptText(String subjectTemplate, String greeting, String bodyTemplate) {

        static ReceiptText forLanguage(String language) {
            String l = language == null ? "zh-hans" : language.toLowerCase(Locale.ROOT);
            if (l.startsWith("zh-hant") || l.equals("zh-tw") || l.equals("zh-hk")) {
                return new ReceiptText("您的投訴已受理（%s）", "%s 您好：",
                        "我們已收到您的來信，受理編號為 %s。\n查詢或補充資料時請提供此編號，直接回覆本郵件即可。\n\n此郵件為自動回覆。");
            }
            if (l.startsWith("en")) {
                return new ReceiptText("We have received your complaint (%s)", "Dear %s,",
                        "we have received your message. Your reference is %s.\nPlease quote it, or simply reply to this"
                                + " mail, when you add information.\n\nThis is an automatic reply.");
            }
            return new ReceiptText("您的投诉已受理（%s）", "%s 您好：",
                    "我们已收到您的来信，受理编号为 %s。\n查询或补充材料时请提供此编号，直接回复本邮件即可。\n\n此邮件为自动回复。");
        }

        String subject(String reference, String theirSubject) {
            String s = String.format(subjectTemplate, reference);
            String theirs = MailSender.oneLine(theirSubject);
            if (theirs.isEmpty()) {
                return s;
            }
            return s + " Re: " + (theirs.length() > 80 ? theirs.substring(0, 80) + "…" : theirs);
        }

        String body(String reference, String name) {
            String who = name == null || name.isBlank() ? (subjectTemplate.startsWith("We") ? "Sir or Madam" : "")
                    : MailSender.oneLine(name);
            String greetingLine = who.isEmpty() ? greeting.replace("%s ", "") : String.format(greeting, who);
            return greetingLine + "\n\n" + String.format(bodyTemplate, reference) + "\n";
        }
    }
}
