package dev.shouli.feature.dedup;

import dev.shouli.core.domain.Wording;

/**
 * What the question to the existing case's contact says, by SMS and by e-mail, in that case's language (zh-Hans,
 * zh-Hant or en): a new submission naming their contact was received as {@code newRef}; if it is theirs and about
 * the same matter, the link joins it to {@code ref}; if not, nothing happens and nothing of their case is shown to
 * whoever sent it.
 */
final class ConfirmationTexts {

    private ConfirmationTexts() {
    }

    static String sms(String sender, String ref, String newRef, String link, String language) {
        return switch (Wording.of(language)) {
            case EN -> sender + ": a new complaint giving your contact details was registered as " + newRef + ". If it is yours "
                    + "and about the same matter as your case " + ref + ", confirm to join them: " + link
                    + " If not, ignore this message.";
            case HANT -> "【" + sender + "】有一份新投訴填寫了您的聯繫方式，編號" + newRef + "。如確係您本人提交，且與您的案件" + ref
                    + "為同一事項，請打開連結確認合併：" + link + " 如不是，請忽略本短信。";
            case HANS -> "【" + sender + "】有一份新投诉填写了您的联系方式，编号" + newRef + "。如确系您本人提交，且与您的案件" + ref
                    + "为同一事项，请打开链接确认合并：" + link + " 如不是，请忽略本短信。";
        };
    }

    static String mailSubject(String ref, String newRef, String language) {
        return switch (Wording.of(language)) {
            case EN -> "Is " + newRef + " yours? A new complaint gave the contact of your case " + ref;
            case HANT -> "請確認：新投訴 " + newRef + " 是否與您的案件 " + ref + " 為同一事項";
            case HANS -> "请确认：新投诉 " + newRef + " 是否与您的案件 " + ref + " 为同一事项";
        };
    }

    static String mailBody(String ref, String newRef, String link, String language) {
        return switch (Wording.of(language)) {
            case EN -> "Hello,\n\nwe have received a new complaint that gives the contact details of your case " + ref
                    + ". It is registered as " + newRef + ".\n\nIf you sent it and it is about the same matter, open this "
                    + "link to confirm, and we will handle both together under " + ref + ":\n" + link + "\n\n"
                    + "If you did not send it, or it is about something else, say so on the same page or simply ignore "
                    + "this mail: " + newRef + " stays a case of its own, and nothing of your case is shown to whoever "
                    + "sent it. The link can be used once.\n\nThis is an automatic message.\n";
            case HANT -> "您好：\n\n我們收到一份新的投訴，其中填寫了您的案件 " + ref + " 所留的聯繫方式，已登記為 " + newRef
                    + "。\n\n如這份投訴是您本人提交，且與 " + ref + " 為同一事項，請打開下面的連結確認，我們會將兩者合併辦理：\n"
                    + link + "\n\n如不是您提交，或不是同一事項，可在同一頁面告訴我們，或不予理會：" + newRef
                    + " 仍作為獨立案件辦理，您的案件不會向提交人透露。連結只能使用一次。\n\n此郵件為系統自動發送。\n";
            case HANS -> "您好：\n\n我们收到一份新的投诉，其中填写了您的案件 " + ref + " 所留的联系方式，已登记为 " + newRef
                    + "。\n\n如这份投诉是您本人提交，且与 " + ref + " 为同一事项，请打开下面的链接确认，我们会将两者合并办理：\n"
                    + link + "\n\n如不是您提交，或不是同一事项，可在同一页面告诉我们，或不予理会：" + newRef
                    + " 仍作为独立案件办理，您的案件不会向提交人透露。链接只能使用一次。\n\n此邮件为系统自动发送。\n";
        };
    }
}
