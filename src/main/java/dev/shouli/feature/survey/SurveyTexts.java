package dev.shouli.feature.survey;

import dev.shouli.core.domain.Verdict;
import dev.shouli.core.domain.Wording;
import java.util.List;

/** What the 回访 question says, by SMS, by e-mail and on its page, in zh-Hans, zh-Hant or en. */
public final class SurveyTexts {

    private SurveyTexts() {
    }

    /** Which of the three wordings: traditional Chinese, English, or simplified Chinese (the default). */

    /** SMS wordings, longest first; the sender takes the first that fits its segment limit. */
    public static List<String> sms(String sender, String reference, String language) {
        return switch (Wording.of(language)) {
            case EN -> List.of(
                    sender + ": your case " + reference + " has been resolved. Are you satisfied? Reply 1 satisfied, "
                            + "2 basically satisfied or 3 dissatisfied, then any comment. Reply STOP to opt out.",
                    sender + ": case " + reference + " resolved. Reply 1 satisfied, 2 basically, 3 dissatisfied.",
                    reference + ": reply 1/2/3");
            case HANT -> List.of(
                    "【" + sender + "】您反映的問題（編號" + reference + "）已辦理完畢。請回覆數字評價：1滿意 2基本滿意 3不滿意，"
                            + "可在數字後附意見。回覆TD退訂。",
                    "【" + sender + "】編號" + reference + "已辦結，請回覆1滿意 2基本滿意 3不滿意",
                    reference + "請評價：1滿意2基本滿意3不滿意");
            case HANS -> List.of(
                    "【" + sender + "】您反映的问题（编号" + reference + "）已办理完毕。请回复数字评价：1满意 2基本满意 3不满意，"
                            + "可在数字后附意见。回复TD退订。",
                    "【" + sender + "】编号" + reference + "已办结，请回复1满意 2基本满意 3不满意",
                    reference + "请评价：1满意2基本满意3不满意");
        };
    }

    public static String mailSubject(String reference, String language) {
        return switch (Wording.of(language)) {
            case EN -> "How did we do? Your case " + reference;
            case HANT -> "請評價我們的處理（" + reference + "）";
            case HANS -> "请评价我们的处理（" + reference + "）";
        };
    }

    /** @param link the survey page; {@code ?answer=<verdict>} preselects a choice on it */
    public static String mailBody(String reference, String name, String link, String language) {
        Wording s = Wording.of(language);
        StringBuilder b = new StringBuilder();
        String who = name == null || name.isBlank() ? null : name.replaceAll("[\\r\\n]+", " ").strip();
        switch (s) {
            case EN -> b.append(who == null ? "Hello," : "Dear " + who + ",").append("\n\n")
                    .append("your case ").append(reference).append(" has been resolved. Are you satisfied with how it")
                    .append(" was handled? Choose one (you can confirm and add a comment on the page):\n\n");
            case HANT -> b.append(who == null ? "您好：" : who + " 您好：").append("\n\n")
                    .append("您反映的問題（編號 ").append(reference).append("）已辦理完畢。請評價我們的處理")
                    .append("（打開連結後確認，並可填寫意見）：\n\n");
            case HANS -> b.append(who == null ? "您好：" : who + " 您好：").append("\n\n")
                    .append("您反映的问题（编号 ").append(reference).append("）已办理完毕。请评价我们的处理")
                    .append("（打开链接后确认，并可填写意见）：\n\n");
        }
        for (Verdict v : Verdict.values()) {
            b.append("  ").append(label(v, s)).append(": ").append(link).append("?answer=").append(v.code())
                    .append("\n");
        }
        b.append("\n").append(switch (s) {
            case EN -> "You can also reply to this mail with 1, 2 or 3 and your comment.\n";
            case HANT -> "也可直接回覆本郵件：1 滿意、2 基本滿意、3 不滿意，並附意見。\n";
            case HANS -> "也可直接回复本邮件：1 满意、2 基本满意、3 不满意，并附意见。\n";
        });
        return b.toString();
    }

    public static String label(Verdict v, Wording s) {
        return switch (s) {
            case EN -> switch (v) {
                case SATISFIED -> "1 Satisfied";
                case BASICALLY_SATISFIED -> "2 Basically satisfied";
                case DISSATISFIED -> "3 Dissatisfied";
            };
            case HANT -> v.digit() + " " + v.chinese().replace('满', '滿');
            case HANS -> v.digit() + " " + v.chinese();
        };
    }
}
