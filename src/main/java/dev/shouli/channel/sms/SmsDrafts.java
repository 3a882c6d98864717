package dev.shouli.channel.sms;

import dev.shouli.domain.Complainant;
import dev.shouli.domain.ComplaintDraft;
import java.time.Instant;

/** An SMS text becomes a draft: the sender's number is the complainant, the text the description. */
public final class SmsDrafts {

    public ComplaintDraft draft(String text, String from, Instant receivedAt) {
        Complainant complainant = new Complainant(null, from, null, null, null, false);
        return new ComplaintDraft(null, null, text, null, null, complainant, null, null, null, null, null, null,
                null);
    }
}
