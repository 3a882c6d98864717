package dev.shouli.core.intake;

import dev.shouli.core.domain.Wording;
import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeTemplate;
import java.util.List;

/**
 * The receipt: the complaint was received, here is its reference, and how to add to it — by e-mail as an answer in
 * the complainant's own thread, by SMS in as few segments as the channel allows (longer wordings first). Params:
 * {@code subject} (theirs) and {@code name}, both optional.
 */
public final class ReceiptNotice implements NoticeTemplate {

    public static final String PURPOSE = "receipt";

    @Override
    public String purpose() {
        return PURPOSE;
    }

    @Override
    public String autoSubmitted() {
        return "auto-replied";
    }

    @Override
    public MailText mail(Notice n) {
        Wording w = Wording.of(n.language());
        String subject = String.format(w.pick("您的投诉已受理（%s）", "您的投訴已受理（%s）",
                "We have received your complaint (%s)"), n.reference());
        String theirs = oneLine(n.param("subject"));
        if (!theirs.isEmpty()) {
            subject += " Re: " + (theirs.length() > 80 ? theirs.substring(0, 80) + "…" : theirs);
        }
        String name = oneLine(n.param("name"));
        String greeting = name.isEmpty() ? w.pick("您好：", "您好：", "Dear Sir or Madam,")
                : String.format(w.pick("%s 您好：", "%s 您好：", "Dear %s,"), name);
        String body = String.format(w.pick(
                "我们已收到您的来信，受理编号为 %s。\n查询或补充材料时请提供此编号，直接回复本邮件即可。\n\n此邮件为自动回复。",
                "我們已收到您的來信，受理編號為 %s。\n查詢或補充資料時請提供此編號，直接回覆本郵件即可。\n\n此郵件為自動回覆。",
                "we have received your message. Your reference is %s.\nPlease quote it, or simply reply to this"
                        + " mail, when you add information.\n\nThis is an automatic reply."), n.reference());
        return new MailText(subject, greeting + "\n\n" + body + "\n");
    }

    @Override
    public List<String> sms(Notice n, String sender) {
        String ref = n.reference();
        return switch (Wording.of(n.language())) {
            case EN -> List.of(
                    sender + ": we have registered your complaint as " + ref
                            + ". Reply to this number to add details. Reply STOP to opt out.",
                    sender + ": complaint registered, ref " + ref + ". Reply STOP to opt out.",
                    "Ref " + ref + ". STOP to opt out.");
            case HANT -> List.of(
                    "【" + sender + "】您的投訴已受理，編號" + ref + "。如需補充，請直接回覆本短信。回覆TD退訂。",
                    "【" + sender + "】已受理，編號" + ref + "。回覆TD退訂",
                    "編號" + ref);
            case HANS -> List.of(
                    "【" + sender + "】您的投诉已受理，编号" + ref + "。如需补充，请直接回复本短信。回复TD退订。",
                    "【" + sender + "】已受理，编号" + ref + "。回复TD退订",
                    "编号" + ref);
        };
    }

    @Override
    public String providerTemplate() {
        return PURPOSE;
    }

    /** Text for one line of a mail: line breaks and other control characters become spaces. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
