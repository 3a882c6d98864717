package dev.shouli.channel.email;

import dev.shouli.core.outbox.HandOver;
import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeChannel;
import dev.shouli.core.outbox.NoticeTemplate.MailText;
import dev.shouli.core.outbox.NoticeTemplate;
import dev.shouli.core.outbox.OutboxHandler.NotSent;
import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import dev.shouli.core.outbox.OutboxItem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    public boolean configured() {
        return sender.configured();
    }

    @Override
    public Future<String> send(OutboxItem item, Notice notice, NoticeTemplate template) {
        return send(item, notice, template, HandOver.NONE);
    }

    @Override
    public Future<String> send(OutboxItem item, Notice notice, NoticeTemplate template, HandOver handOver) {
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
            return send(to, text, messageId, template, notice, List.of(), handOver);
        }
        Instant now = clock.instant();
        return store.guard(pool, template.capped(), to.get(0), now.minusSeconds(24 * 3600),
                LocalDate.ofInstant(now, zone), item.idempotencyKey(), perAddressPerDay, messageId,
                threaded ? notice.caseId() : null, now).compose(guard -> {
                    if (template.capped() && guard.automatic()) {
                        return skipped(notice, template, "automatic mail came from " + to.get(0));
                    }
                    if (template.capped() && guard.sentToday() >= perAddressPerDay) {
                        return skipped(notice, template, "loop guard, " + guard.sentToday()
                                + " automatic mails to " + to.get(0) + " today");
                    }
                    return send(to, text, messageId, template, notice, threaded ? guard.thread() : List.of(),
                            handOver);
                });
    }

    private static Future<String> skipped(Notice notice, NoticeTemplate template, String reason) {
        return template.skipped(notice, reason).map("skipped: " + reason);
    }

    private Future<String> send(List<String> to, MailText text, String messageId, NoticeTemplate template,
                                Notice notice, List<String> thread, HandOver handOver) {
        return sender.send(to, subject(text, notice), text.body(), messageId, headers(template, notice, thread),
                handOver).map(id -> {
                    template.sent(notice);
                    return "sent " + id;
                });
    }

    /**
     * Without a mailer a notice is always recorded unsent — unless it would be skipped (a no-reply address) or
     * refused (no valid address, no text), which only the outbox worker records.
     */
    @Override
    public Optional<NotSent> wouldNotSend(Notice notice, NoticeTemplate template) {
        if (sender.configured()) {
            return Optional.empty();
        }
        try {
            List<String> to = recipients(notice);
            MailText text = template.mail(notice);
            if (text.body() == null || text.body().isBlank() || template.capped() && isNoReply(to.get(0))) {
                return Optional.empty();
            }
            return Optional.of(sender.notSent(to, subject(text, notice), text.body(), null,
                    headers(template, notice, List.of())));
        } catch (PermanentFailure e) {
            return Optional.empty();
        }
    }

    private static String subject(MailText text, Notice notice) {
        return text.subject() == null || text.subject().isBlank() ? notice.reference() : text.subject();
    }

    private static MultiMap headers(NoticeTemplate template, Notice notice, List<String> thread) {
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
        return headers;
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
