package dev.shouli.feature.dedup;

import dev.shouli.core.domain.Wording;
import dev.shouli.core.http.HtmlText;

/**
 * The pages of a confirmation link, for the person at the existing case's contact, in that case's language and
 * without JavaScript: the question (GET never decides: mail scanners and link previews follow links), the answer
 * after the POST, and the refusals. Everything from a case is escaped.
 */
final class ConfirmPage {

    private static final String CSS = "body{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;"
            + "max-width:40rem;margin:0 auto;padding:1rem;line-height:1.6;color:#1b1b1b;background:#fafafa}"
            + "dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;background:#fff;"
            + "border:1px solid #c8c8c8;border-radius:6px;padding:.75rem 1rem}dt{font-weight:600}dd{margin:0}"
            + "button{margin:1rem 1rem 0 0;font:inherit;font-size:1.05rem;padding:.6rem 1.4rem;border-radius:4px;"
            + "border:2px solid #0b5394;cursor:pointer}button.yes{background:#0b5394;color:#fff}"
            + "button.no{background:#fff;color:#0b5394}.ref{font-family:ui-monospace,monospace;white-space:nowrap}";

    private ConfirmPage() {
    }

    static String question(Wording s, PossibleDuplicate p, String action) {
        String body = "<h1>" + esc(t(s, "这份新投诉是您提交的吗？", "這份新投訴是您提交的嗎？", "Is this new complaint yours?"))
                + "</h1>\n<p>" + esc(t(s, "我们收到一份新的投诉，其中填写了您的案件所留的联系方式。如果它是您本人提交的，且与您的案件是同一件事，"
                        + "我们会合并办理；如果不是，它仍作为独立案件办理，您的案件不会向提交人透露。",
                "我們收到一份新的投訴，其中填寫了您的案件所留的聯繫方式。如果它是您本人提交的，且與您的案件是同一件事，"
                        + "我們會合併辦理；如果不是，它仍作為獨立案件辦理，您的案件不會向提交人透露。",
                "We have received a new complaint that gives the contact details of your case. If you sent it and it is "
                        + "about the same matter, we will handle both together; if not, it stays a case of its own and "
                        + "nothing of your case is shown to whoever sent it."))
                + "</p>\n<dl>\n<dt>" + esc(t(s, "新投诉", "新投訴", "New complaint")) + "</dt><dd><span class=\"ref\">"
                + esc(p.reference()) + "</span></dd>\n"
                + row(t(s, "事项", "事項", "Subject"), p.subject())
                + row(t(s, "被投诉方", "被投訴方", "About"), p.respondent())
                + "<dt>" + esc(t(s, "您的案件", "您的案件", "Your case")) + "</dt><dd><span class=\"ref\">"
                + esc(p.existingReference()) + "</span></dd>\n"
                + row(t(s, "事项", "事項", "Subject"), p.existingSubject())
                + "</dl>\n<form method=\"post\" action=\"" + esc(action) + "\">\n"
                + "<button class=\"yes\" type=\"submit\" name=\"decision\" value=\"confirm\">"
                + esc(t(s, "是我提交的，同一件事，合并办理", "是我提交的，同一件事，合併辦理",
                        "Yes, I sent it: the same matter, join them")) + "</button>\n"
                + "<button class=\"no\" type=\"submit\" name=\"decision\" value=\"dismiss\">"
                + esc(t(s, "不是我，或不是同一件事", "不是我，或不是同一件事", "No: not mine, or another matter"))
                + "</button>\n</form>\n";
        return page(s, t(s, "请确认", "請確認", "Please confirm"), body);
    }

    static String answered(Wording s, PossibleDuplicate p, boolean confirmed) {
        String text = confirmed
                ? t(s, "谢谢。新投诉 " + p.reference() + " 已与您的案件 " + p.existingReference() + " 合并办理。",
                "謝謝。新投訴 " + p.reference() + " 已與您的案件 " + p.existingReference() + " 合併辦理。",
                "Thank you. The new complaint " + p.reference() + " is now handled together with your case "
                        + p.existingReference() + ".")
                : t(s, "谢谢，我们已记录。新投诉 " + p.reference() + " 不会并入您的案件。",
                "謝謝，我們已記錄。新投訴 " + p.reference() + " 不會併入您的案件。",
                "Thank you, noted. The new complaint " + p.reference() + " will not be joined to your case.");
        String title = t(s, "已收到您的答复", "已收到您的答覆", "Thank you");
        return page(s, title, "<h1>" + esc(title) + "</h1>\n<p>" + esc(text) + "</p>\n");
    }

    static String refused(Wording s, int status) {
        String title = t(s, "此链接无法使用", "此連結無法使用", "This link cannot be used");
        String reason = switch (status) {
            case 404 -> t(s, "此链接无效。", "此連結無效。", "This link is not valid.");
            case 409 -> t(s, "两件投诉已无法合并（其中一件已办结或已合并），我们的工作人员会跟进。",
                    "兩件投訴已無法合併（其中一件已辦結或已合併），我們的工作人員會跟進。",
                    "The two complaints can no longer be joined (one of them is finished or joined elsewhere); our "
                            + "staff will follow up.");
            case 503 -> t(s, "系统繁忙，请稍后再试。", "系統繁忙，請稍後再試。", "The service is busy; please try again later.");
            case 500 -> t(s, "系统出错，请稍后再试。", "系統出錯，請稍後再試。", "Something went wrong; please try again later.");
            default -> t(s, "此链接已使用过或已过期。", "此連結已使用過或已過期。", "This link has been used already or has expired.");
        };
        return page(s, title, "<h1>" + esc(title) + "</h1>\n<p>" + esc(reason) + "</p>\n");
    }

    private static String row(String label, String value) {
        return value == null || value.isBlank() ? "" : "<dt>" + esc(label) + "</dt><dd>" + esc(value) + "</dd>\n";
    }

    private static String t(Wording s, String hans, String hant, String en) {
        return s.pick(hans, hant, en);
    }

    private static String page(Wording s, String title, String body) {
        return HtmlText.page(s.tag(), title, CSS, body);
    }

    static String esc(String s) {
        return HtmlText.escape(s);
    }
}
