package dev.shouli.core.outbox;

import io.vertx.core.Future;
import java.util.List;

/**
 * The words of one purpose of notice — a receipt, a desk reply, the 回访 question — in every language the
 * gateway speaks and in the form of every channel. Registered by the module that owns the purpose; a channel asks
 * it for the words when it sends ({@link NoticeChannel}), so a new purpose needs no code in any channel and a new
 * channel none in any feature.
 */
public interface NoticeTemplate {

    /** The outbox kind of this purpose's notices, e.g. {@code receipt}. */
    String purpose();

    /**
     * How the notice is marked when it goes out by mail ({@code Auto-Submitted}): {@code auto-replied} for an
     * answer to the person's own message, {@code auto-generated} for other automatic messages, or null when a
     * person wrote it. Automatic notices are held to the loop guards and daily caps; a person's are not.
     */
    String autoSubmitted();

    /** Whether an e-mail goes in the case's thread (In-Reply-To the complainant's messages). */
    default boolean threaded() {
        return true;
    }

    /**
     * Whether the channel's guards for automatic mail to complainants apply: never to a no-reply or automatic
     * sender, at most the daily cap per address or number. True for automatic notices to complainants.
     */
    default boolean capped() {
        return autoSubmitted() != null;
    }

    /** The e-mail: subject and body in the notice's language. */
    MailText mail(Notice notice);

    /**
     * The SMS, longest wording first: the channel sends the first that fits its segment cap.
     *
     * @param senderName how our SMS sign (【…】)
     */
    List<String> sms(Notice notice, String senderName);

    /** The provider template for a channel that sends only approved templates (Aliyun): null when there is none. */
    default String providerTemplate() {
        return null;
    }

    /**
     * A channel decided not to send: the address is automatic or no-reply, the number opted out, a daily cap was
     * reached. The owner may record it (a 回访 question marks its survey skipped).
     */
    default Future<Void> skipped(Notice notice, String reason) {
        return Future.succeededFuture();
    }

    /** The notice went out (for the owner's counters). */
    default void sent(Notice notice) {
    }

    record MailText(String subject, String body) {
    }
}
