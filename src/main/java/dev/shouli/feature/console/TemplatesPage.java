package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.feature.console.TemplateStore.Template;
import java.util.List;

/**
 * Reply templates (回复模板) and result templates (办理结果模板), one text per language: everyone reads them and
 * picks them on a case, a batch or an incident; supervisors add, change and delete them.
 */
final class TemplatesPage {

    static final List<String> LANGUAGES = List.of("zh-Hans", "zh-Hant", "en");

    private final Formats formats;

    TemplatesPage(Formats formats) {
        this.formats = formats;
    }

    String render(Viewer v, List<Template> templates, String notice, String error) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder("<h1>").append(text(t.get("templates.title"))).append("</h1>\n")
                .append("<p class=\"muted\">").append(text(t.get("template.placeholders"))).append("</p>\n");
        if (notice != null) {
            b.append("<p class=\"notice ok\" role=\"status\">").append(text(notice)).append("</p>\n");
        }
        if (error != null) {
            b.append("<div class=\"notice error\" role=\"alert\">").append(text(error)).append("</div>\n");
        }
        for (String kind : List.of("reply", "result")) {
            b.append("<section class=\"card\" aria-labelledby=\"h-").append(kind).append("\"><h2 id=\"h-").append(kind)
                    .append("\">").append(text(t.get("templates." + kind))).append("</h2>\n");
            for (Template tpl : templates) {
                if (tpl.kind().equals(kind)) {
                    template(b, v, tpl);
                }
            }
            b.append("</section>\n");
        }
        if (v.supervisor()) {
            b.append("<section class=\"card\" aria-labelledby=\"h-new-template\"><h2 id=\"h-new-template\">")
                    .append(text(t.get("templates.add"))).append("</h2>\n<form method=\"post\" action=\"/desk/templates\" ")
                    .append("class=\"stack\">").append(Layout.csrf(v))
                    .append("<div><label for=\"new-kind\">").append(text(t.get("templates.kind"))).append("</label>")
                    .append("<select id=\"new-kind\" name=\"kind\"><option value=\"reply\">")
                    .append(text(t.get("templates.reply"))).append("</option><option value=\"result\">")
                    .append(text(t.get("templates.result"))).append("</option></select></div>\n")
                    .append("<div><label for=\"new-name\">").append(text(t.get("templates.name"))).append("</label>")
                    .append("<input type=\"text\" id=\"new-name\" name=\"name\" maxlength=\"60\" required></div>\n");
            bodies(b, t, "new", null);
            b.append("<div><button type=\"submit\">").append(text(t.get("templates.save"))).append("</button></div>\n")
                    .append("</form>\n</section>\n");
        }
        return Layout.page(v, "/desk/templates", t.get("templates.title"), b.toString());
    }

    private void template(StringBuilder b, Viewer v, Template tpl) {
        Texts t = v.t();
        String id = "t" + tpl.id();
        b.append("<details class=\"action\"><summary>").append(text(tpl.name())).append("</summary>\n")
                .append("<p class=\"small muted\">").append(text(t.get("templates.updated", tpl.updatedBy())))
                .append(' ').append(formats.time(tpl.updatedAt())).append("</p>\n");
        if (!v.supervisor()) {
            for (String lang : LANGUAGES) {
                b.append("<p><span class=\"muted small\">").append(text(t.get("templates.lang." + lang)))
                        .append("</span><br>").append(text(tpl.bodies().getString(lang, ""))).append("</p>\n");
            }
            b.append("</details>\n");
            return;
        }
        b.append("<form method=\"post\" action=\"/desk/templates\" class=\"stack\">").append(Layout.csrf(v))
                .append("<input type=\"hidden\" name=\"kind\" value=\"").append(attr(tpl.kind())).append("\">")
                .append("<input type=\"hidden\" name=\"name\" value=\"").append(attr(tpl.name())).append("\">");
        bodies(b, t, id, tpl);
        b.append("<div><button type=\"submit\">").append(text(t.get("templates.save"))).append("</button></div></form>\n")
                .append("<form method=\"post\" action=\"/desk/templates/").append(tpl.id()).append("/delete\">")
                .append(Layout.csrf(v)).append("<button type=\"submit\" class=\"danger\">").append(text(t.get("templates.delete")))
                .append("</button></form>\n</details>\n");
    }

    private static void bodies(StringBuilder b, Texts t, String id, Template tpl) {
        for (String lang : LANGUAGES) {
            String fieldId = id + "-" + lang;
            b.append("<div><label for=\"").append(fieldId).append("\">").append(text(t.get("templates.lang." + lang)))
                    .append("</label><textarea id=\"").append(fieldId).append("\" name=\"").append(lang)
                    .append("\" maxlength=\"2000\" rows=\"3\"").append("zh-Hans".equals(lang) ? " required" : "")
                    .append('>').append(text(tpl == null ? "" : tpl.bodies().getString(lang, ""))).append("</textarea></div>\n");
        }
    }
}
