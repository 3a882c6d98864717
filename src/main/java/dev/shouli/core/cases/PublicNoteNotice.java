package dev.shouli.core.cases;

import dev.shouli.core.domain.Wording;
import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeTemplate;
import java.net.URI;
import java.util.List;

/**
 * What the desk wrote for the complainant — a public note, a result — told to them through their own channel when
 * the action asked for it ({@code notify}): an incident's result reaches every member complainant this way, one
 * message each. In their case's thread and language, with the reference and where to look it up. Marked
 * automatic and held to each channel's daily caps: one action can write to hundreds of people, and their
 * auto-replies must not come back as new complaints. Params: {@code text}.
 */
public final class PublicNoteNotice implements NoticeTemplate {

    public static final String PURPOSE = "public-note";

    private final URI publicBaseUrl;

    public PublicNoteNotice(URI publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

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
        Wording w = Wording.of(n.language());
        String subject = String.format(w.pick("关于您的投诉 %s 的最新进展", "關於您的投訴 %s 的最新進展",
                "An update on your complaint %s"), n.reference());
        String look = String.format(w.pick("受理编号：%s\n查询进度：%s", "受理編號：%s\n查詢進度：%s",
                "Reference: %s\nCheck its progress: %s"), n.reference(), statusLink(n));
        return new MailText(subject, w.pick("您好：", "您好：", "Dear Sir or Madam,") + "\n\n" + n.param("text")
                + "\n\n" + look + "\n");
    }

    @Override
    public List<String> sms(Notice n, String sender) {
        String ref = n.reference();
        String text = n.param("text");
        return switch (Wording.of(n.language())) {
            case EN -> List.of(sender + ": about your complaint " + ref + ": " + text, "Ref " + ref + ": " + text);
            case HANT -> List.of("【" + sender + "】關於您的投訴" + ref + "：" + text, "編號" + ref + "：" + text);
            case HANS -> List.of("【" + sender + "】关于您的投诉" + ref + "：" + text, "编号" + ref + "：" + text);
        };
    }

    private String statusLink(Notice n) {
        return publicBaseUrl + "/status?reference=" + n.reference();
    }
}
