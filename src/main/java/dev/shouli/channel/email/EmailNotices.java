package dev.shouli.channel.email;

import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeChannel;
import dev.shouli.core.outbox.NoticeTemplate.MailText;
import dev.shouli.core.outbox.NoticeTemplate;
import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every notice by e-mail — receipts, desk replies, 回访 questions, confirmations, staff notices — under the
 * channel's own rules. Automatic mail to complainants ({@link NoticeTemplate#capped}) never goes to a no-reply or
 * automatic sender and at most {@code autoMailsPerAddressPerDay} times a day per address, so two robots answering
 * each other stop. Mail about a case goes in the complainant's thread ({@code In-Reply-To}/{@code References}),
 * and our Message-ID is recorded on the case before sending, so a reply threads even if it comes within a second.
 * Without a mailer nothing is sent and the mail is recorded as unsent with its text ({@link MailSender}).
 */
final class EmailNotices implements NoticeChannel {

    private static final Pattern NO_REPLY = Pattern.compile(
            "^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|mailer[-_.]?daemon|postmaster|bounces?|notifications?)"
                    + "(?:[+-].*)?@", Pattern.CASE_INSENSITIVE);

    /** What a mail whose earlier attempt was cut off mid-send is recorded as. */
    static final String IN_DOUBT = "in doubt: an earlier attempt was cut off while sending and may have sent it;"
            + " not sent again";

    private final Pool pool;
    private final EmailStore store;
    private final MailSender sender;
    private final String messageIdDomain;
    private final int perAddressPerDay;
    private final ZoneId zone;
    private final Clock clock;

    EmailNotices(Pool pool, EmailStore store, MailSender sender, String messageIdDomain, int perAddressPerDay,
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
    public String channel() {
        return "email";
    }

    @Override
    public boolean sends(String purpose) {
        return sender.configured();
    }

    @Override
    public Future<String> send(OutboxItem item, Notice notice, NoticeTemplate template) {
        List<String> to = recipients(notice);
        MailText text = template.mail(notice);
        if (text.body() == null || text.body().isBlank()) {
            throw new PermanentFailure("a " + notice.purpose() + " mail needs a text");
        }
        String messageId = "<" + notice.purpose().split("-")[0]
                + (notice.reference() == null ? "" : "." + notice.reference()) + "." + item.id()
                + "@" + messageIdDomain + ">";
        if (template.capped() && isNoReply(to.get(0))) {
            return skipped(notice, template, to.get(0) + " is a no-reply address");
        }
        boolean threaded = template.threaded() && notice.caseId() != null;
        if (!sender.configured() || !threaded && !template.capped()) {
            // Nothing is recorded when nothing goes out: no Message-ID, nothing counted towards the loop guard.
            return send(to, text, messageId, template, notice, List.of());
        }
        Instant now = clock.instant();
        // Our Message-ID is recorded before each send: found here, an earlier attempt was cut off mid-send and
        // may have delivered it. Sent twice is worse than not knowing; an operator may retry it from the outbox.
        return store.messageRecorded(pool, messageId).compose(inDoubt -> inDoubt ? Future.succeededFuture(IN_DOUBT)
                : pool.withTransaction(conn -> guard(conn, item, to.get(0), template, now).compose(refusal -> {
            if (refusal != null) {
                return Future.succeededFuture(new Decision(null, refusal));
            }
            if (!threaded) {
                return Future.succeededFuture(new Decision(List.of(), null));
            }
            return store.addMessage(conn, messageId, notice.caseId(), "out", null, now)
                    .compose(v -> store.threadOfCase(conn, notice.caseId()))
                    .map(thread -> new Decision(thread, null));
        })).compose(decision -> decision.thread() == null ? skipped(notice, template, decision.refusal())
                : send(to, text, messageId, template, notice, decision.thread())
                        .recover(e -> store.forgetMessage(pool, messageId).transform(x -> Future.<String>failedFuture(e)))));
    }

    /** Why an automatic mail may not go to {@code to} now, or null; counts it towards today's cap if it may. */
    private Future<String> guard(SqlConnection conn, OutboxItem item, String to, NoticeTemplate template,
                                 Instant now) {
        if (!template.capped()) {
            return Future.succeededFuture(null);
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        return store.recentlySuppressed(conn, to, now.minusSeconds(24 * 3600)).compose(automatic -> automatic
                ? Future.succeededFuture("automatic mail came from " + to)
                : store.autoMailsOn(conn, to, today, item.idempotencyKey()).compose(count -> count >= perAddressPerDay
                        ? Future.succeededFuture("loop guard, " + count + " automatic mails to " + to + " today")
                        : store.recordAutoMail(conn, item.idempotencyKey(), to, today, now).map((String) null)));
    }

    private record Decision(List<String> thread, String refusal) {
    }

    private static Future<String> skipped(Notice notice, NoticeTemplate template, String reason) {
        return template.skipped(notice, reason).map("skipped: " + reason);
    }

    private Future<String> send(List<String> to, MailText text, String messageId, NoticeTemplate template,
                                Notice notice, List<String> thread) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (template.autoSubmitted() != null) {
            headers.add("Auto-Submitted", template.autoSubmitted());
            headers.add("X-Auto-Response-Suppress", "All");
        }
        if (notice.reference() != null) {
            headers.add("X-Shouli-Reference", notice.reference());
        }
        if (!thread.isEmpty()) {
            headers.add("In-Reply-To", thread.get(thread.size() - 1));
            headers.add("References", String.join(" ", thread));
        }
        String subject = text.subject() == null || text.subject().isBlank() ? notice.reference() : text.subject();
        return sender.send(to, subject, text.body(), messageId, headers).map(id -> {
            template.sent(notice);
            return "sent " + id;
        });
    }

    private static List<String> recipients(Notice notice) {
        List<String> out = new ArrayList<>();
        try {
            for (String address : (notice.to() == null ? "" : notice.to()).split(",")) {
                if (!address.isBlank()) {
                    out.add(MailSender.bareAddress(address));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure(notice.purpose() + " address refused: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new PermanentFailure("a " + notice.purpose() + " needs an address to send to");
        }
        return out;
    }

    /** no-reply@, mailer-daemon@, notifications@ …: addresses nobody reads, never sent automatic mail. */
    static boolean isNoReply(String address) {
        return NO_REPLY.matcher(address).find();
    }
}
