package dev.shouli.core.cases;

import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeTemplate;
import java.util.List;

/**
 * A desk agent's reply, in the agent's words ({@code text}; {@code subject} optional, the reference otherwise),
 * threaded on the case's mail. A person wrote it: it is not marked automatic, and no loop guard or daily cap
 * holds it back.
 */
public final class ReplyNotice implements NoticeTemplate {

    public static final String PURPOSE = "reply";

    @Override
    public String purpose() {
        return PURPOSE;
    }

    @Override
    public String autoSubmitted() {
        return null;
    }

    @Override
    public MailText mail(Notice n) {
        return new MailText(n.params().getString("subject", n.reference()), n.param("text"));
    }

    @Override
    public List<String> sms(Notice n, String senderName) {
        return List.of(n.param("text"));
    }
}
