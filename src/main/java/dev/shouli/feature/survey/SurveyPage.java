package dev.shouli.feature.survey;

import dev.shouli.core.domain.Verdict;
import dev.shouli.core.domain.Wording;
import dev.shouli.core.http.HtmlText;

/**
 * The survey's HTML pages, server-rendered without JavaScript: the confirm page a link opens (GET never
 * records: mail scanners follow links), the thanks page after the POST, and the refusals. Everything a
 * person typed is escaped.
 */
final class SurveyPage {

    private static final String CSS = "body{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;"
            + "max-width:40rem;margin:0 auto;padding:1rem;line-height:1.6;color:#1b1b1b;background:#fafafa}"
            + "fieldset{border:1px solid #c8c8c8;border-radius:6px;background:#fff;padding:.5rem 1rem 1rem}"
            + "label{display:block;margin:.4rem 0}textarea{width:100%;box-sizing:border-box;min-height:6rem;font:inherit}"
            + "button{margin-top:1rem;font:inherit;font-size:1.1rem;padding:.6rem 2rem;background:#0b5394;color:#fff;"
            + "border:0;border-radius:4px}.error{color:#b00020;font-weight:600}.ref{font-family:monospace}";

    private SurveyPage() {
    }

    static String confirm(Wording s, String reference, String action, Verdict chosen, String comment, String error) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(esc(t(s, "请评价我们的处理", "請評價我們的處理", "How did we do?"))).append("</h1>\n<p>")
                .append(esc(t(s, "案件编号", "案件編號", "Case"))).append(" <span class=\"ref\">").append(esc(reference))
                .append("</span></p>\n");
        if (error != null) {
            b.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        }
        b.append("<form method=\"post\" action=\"").append(esc(action)).append("\">\n<fieldset>\n<legend>")
                .append(esc(t(s, "您对处理结果是否满意？", "您對處理結果是否滿意？", "Are you satisfied with how your case was handled?")))
                .append("</legend>\n");
        for (Verdict v : Verdict.values()) {
            b.append("<label><input type=\"radio\" name=\"answer\" value=\"").append(v.code()).append("\"")
                    .append(v == chosen ? " checked" : "").append("> ").append(esc(SurveyTexts.label(v, s)))
                    .append("</label>\n");
        }
        b.append("<label for=\"comment\">").append(esc(t(s, "意见（可不填）", "意見（可不填）", "Comment (optional)")))
                .append("</label>\n<textarea id=\"comment\" name=\"comment\" maxlength=\"2000\">")
                .append(esc(comment)).append("</textarea>\n</fieldset>\n<button type=\"submit\">")
                .append(esc(t(s, "提交评价", "提交評價", "Send"))).append("</button>\n</form>\n");
        return page(s, t(s, "回访", "回訪", "Satisfaction survey"), b.toString());
    }

    static String thanks(Wording s, String reference, Verdict verdict, boolean reopened) {
        String body = "<h1>" + esc(t(s, "感谢您的评价", "感謝您的評價", "Thank you")) + "</h1>\n<p>"
                + esc(t(s, "我们已记录您对案件 ", "我們已記錄您對案件 ", "We have recorded your answer for case ")) + "<span class=\"ref\">"
                + esc(reference) + "</span>" + esc(t(s, " 的评价：", " 的評價：", ": ")) + esc(SurveyTexts.label(verdict, s))
                + "</p>\n" + (reopened ? "<p>" + esc(t(s, "您的案件已重新交办，我们会尽快与您联系。",
                "您的案件已重新交辦，我們會盡快與您聯繫。", "Your case has been reopened; we will contact you soon.")) + "</p>\n" : "");
        return page(s, t(s, "感谢您的评价", "感謝您的評價", "Thank you"), body);
    }

    static String refused(Wording s, String reason) {
        String title = t(s, "无法评价", "無法評價", "This link cannot be used");
        return page(s, title, "<h1>" + esc(title) + "</h1>\n<p>" + esc(reason) + "</p>\n");
    }

    static String t(Wording s, String hans, String hant, String en) {
        return s.pick(hans, hant, en);
    }

    private static String page(Wording s, String title, String body) {
        return HtmlText.page(s.tag(), title, CSS, body);
    }

    static String esc(String s) {
        return HtmlText.escape(s);
    }
}
