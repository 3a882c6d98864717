package dev.shouli.feature.dedup;

import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeTemplate;
import dev.shouli.core.outbox.OutboxHandler.PermanentFailure;
import java.util.List;

/**
 * The question to an existing case's own contact whether a new submission naming it is theirs, in that case's
 * thread. Params: {@code newReference}, {@code link}. Held to the rules of automatic mail, because whoever typed
 * the contact chose when it goes out: typing someone's address into the form over and over cannot flood them.
 */
final class ConfirmationNotice implements NoticeTemplate {

    static final String PURPOSE = "confirm-duplicate";

    @Override
    public String purpose() {
        return PURPOSE;
    }

    @Override
    public String autoSubmitted() {
        return "auto-generated";
    }

    @Override
    public MailText mail(Notice n) {
        check(n);
        return new MailText(ConfirmationTexts.mailSubject(n.reference(), n.param("newReference"), n.language()),
                ConfirmationTexts.mailBody(n.reference(), n.param("newReference"), n.param("link"), n.language()));
    }

    @Override
    public List<String> sms(Notice n, String senderName) {
        check(n);
        return List.of(ConfirmationTexts.sms(senderName, n.reference(), n.param("newReference"), n.param("link"),
                n.language()));
    }

    private static void check(Notice n) {
        if (n.reference() == null || n.param("newReference") == null || n.param("link") == null) {
            throw new PermanentFailure("a confirmation needs reference, newReference and link");
        }
    }
}
