package dev.shouli.feature.console;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why something was not sent, or why a submission was quarantined, in the console's language. The outbox and
 * intake record their reasons in English for logs and the API; the console recognises the ones the gateway writes
 * and says them in words (the groups of each pattern fill the text's {0}, {1}); any other reason is shown as it
 * was recorded.
 */
final class ReasonTexts {

    private record Known(Pattern pattern, String key) {
    }

    private static final List<Known> KNOWN = List.of(
            known("not sent: no mailer configured.*", "reason.noMailer"),
            known("not sent: no SMS send provider configured.*", "reason.noSmsProvider"),
            known("not sent: (\\S+) sends only approved templates.*", "reason.templatesOnly"),
            known("(?:not sent|skipped): the number opted out", "reason.optedOut"),
            known("(?:not sent|skipped): daily cap of (\\d+) SMS reached", "reason.smsCap"),
            known("skipped: (.+) is a no-reply address", "reason.noReply"),
            known("skipped: automatic mail came from (.+)", "reason.automaticSender"),
            known("skipped: loop guard, (\\d+) automatic mails to (.+) today", "reason.loopGuard"),
            known("sent inline in the webhook answer", "reason.sentInline"),
            known("in doubt: .*", "reason.inDoubt"),
            known("handed over.*", "reason.handedOver"),
            known("already sent: (.*)", "reason.alreadySent"),
            known("sent via (\\S+): (.*)", "reason.sentVia"),
            known("sent (.*)", "reason.sent"),
            known("nothing to act on: no subject, description or demand text", "reason.nothingToActOn"),
            known("unknown kind '(.*)'", "reason.unknownKind"),
            known("unknown urgency '(.*)'", "reason.unknownUrgency"),
            known("more than (\\d+) MIME parts", "reason.mimeParts"),
            known("MIME nesting deeper than (\\d+)", "reason.mimeDepth"),
            known("reading the submission took longer than its budget of (\\d+) ms", "reason.parseBudget"),
            known("reading the text (?:took more than|was stopped after) .*", "reason.textBudget"),
            known("cannot read the message: (.*)", "reason.unreadableMail"),
            known("normalisation failed: (.*)", "reason.normalisationFailed"));

    private ReasonTexts() {
    }

    static String of(Texts t, String reason) {
        if (reason == null) {
            return "";
        }
        String r = reason.strip();
        for (Known k : KNOWN) {
            Matcher m = k.pattern().matcher(r);
            if (m.matches()) {
                Object[] args = new Object[m.groupCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = m.group(i + 1);
                }
                return t.get(k.key(), args);
            }
        }
        return t.get("reason.asRecorded", r);
    }

    private static Known known(String regex, String key) {
        return new Known(Pattern.compile(regex, Pattern.DOTALL), key);
    }
}
