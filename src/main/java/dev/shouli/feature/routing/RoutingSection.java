package dev.shouli.feature.routing;

import static dev.shouli.feature.console.ConsoleView.escape;

import dev.shouli.feature.console.ConsoleView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The case page's routing card: where the case is and why (unit, rule, category and where it came from, the
 * classifier's version, confidence and suggestions, the deadline in the unit, every dispatch), and the desk's
 * routing actions: dispatch from triage (派单), transfer (转办), return (退单), set the category.
 */
final class RoutingSection {

    private final RoutingConfig config;
    private final RoutingPages pages;

    RoutingSection(RoutingConfig config, RoutingPages pages) {
        this.config = config;
        this.pages = pages;
    }

    String render(ConsoleView v, JsonObject c) {
        RoutingTexts t = RoutingTexts.of(v.language());
        String ref = c.getString("reference");
        JsonObject r = c.getJsonObject("routing");
        StringBuilder b = new StringBuilder("<section class=\"card\" aria-labelledby=\"h-routing\" id=\"routing\">")
                .append("<h2 id=\"h-routing\">").append(escape(t.get("case.title"))).append("</h2>\n");
        if (r == null) {
            b.append("<p>").append(escape(t.get(config.enabled() ? "case.notYet" : "case.off"))).append("</p>\n");
        } else {
            facts(b, t, r);
        }
        boolean open = RoutingStore.OPEN.contains(c.getString("status"));
        if (r != null && open) {
            if ("triage".equals(r.getString("state"))) {
                dispatchForm(b, v, t, ref, r);
            } else {
                transferForm(b, v, t, ref, r.getString("unit"));
                returnForm(b, v, t, ref);
            }
        }
        if (open) {
            categoryForm(b, v, t, ref, c.getString("category"));
        }
        return b.append("</section>\n").toString();
    }

    private void facts(StringBuilder b, RoutingTexts t, JsonObject r) {
        b.append("<dl class=\"fields\">");
        field(b, t.get("case.unit"), pages.unitName(r.getString("unit"), t)
                + (r.getString("rule") == null ? "" : " · " + t.get("case.rule", r.getString("rule"))));
        String category = r.getString("category");
        field(b, t.get("case.category"), category == null ? t.get("case.undecided")
                : pages.categoryName(category, t) + " · " + t.get("source." + r.getString("categorySource", "none")));
        Double confidence = r.getDouble("confidence");
        if (confidence != null) {
            field(b, t.get("case.confidence"), String.format(Locale.ROOT, "%.0f%%", confidence * 100) + " · "
                    + t.get(r.getBoolean("decided") ? "case.decided" : "case.abstained"));
        }
        if (r.getInteger("classifierVersion") != null) {
            field(b, t.get("case.classifier"), t.get("case.version", r.getInteger("classifierVersion")));
        }
        field(b, t.get("case.reason"), pages.why(r, t));
        JsonArray suggestions = r.getJsonArray("suggestions", new JsonArray());
        if (!r.getBoolean("decided") && !suggestions.isEmpty()) {
            field(b, t.get("case.suggestions"), pages.suggestions(suggestions, t));
        }
        if (r.getString("dueAt") != null) {
            field(b, t.get("case.due"), pages.time(r.getString("dueAt")));
        }
        JsonArray tags = r.getJsonArray("tags", new JsonArray());
        if (!tags.isEmpty()) {
            field(b, t.get("case.tags"), String.join(", ", tags.stream().map(String::valueOf).toList()));
        }
        b.append("</dl>\n");
        JsonArray dispatches = r.getJsonArray("dispatches", new JsonArray());
        if (!dispatches.isEmpty()) {
            b.append("<ol class=\"history\">");
            for (int i = 0; i < dispatches.size(); i++) {
                JsonObject d = dispatches.getJsonObject(i);
                b.append("<li><span class=\"when\">").append(escape(pages.time(d.getString("at")))).append("</span> ")
                        .append(escape(t.get("how." + d.getString("how"), pages.unitName(d.getString("unit"), t),
                                d.getString("actor"))));
                if (d.getString("ended") != null) {
                    b.append(" · ").append(escape(t.get("ended." + d.getString("ended"))));
                    if (d.getString("reasonCode") != null) {
                        b.append(" (").append(escape(t.get("reason." + d.getString("reasonCode")))).append(')');
                    }
                }
                b.append("</li>");
            }
            b.append("</ol>\n");
        }
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    private static void open(StringBuilder b, ConsoleView v, RoutingTexts t, String ref, String action) {
        b.append("<details class=\"action\"><summary>").append(escape(t.get("action." + action)))
                .append("</summary>\n<form method=\"post\" action=\"/desk/routing/cases/").append(escape(ref)).append('/')
                .append(action).append("\">").append(v.csrfField()).append('\n');
    }

    private static void close(StringBuilder b, RoutingTexts t, String action) {
        b.append("<div><button type=\"submit\">").append(escape(t.get("action." + action)))
                .append("</button></div>\n</form></details>\n");
    }

    private void dispatchForm(StringBuilder b, ConsoleView v, RoutingTexts t, String ref, JsonObject r) {
        open(b, v, t, ref, "dispatch");
        unitSelect(b, t, "r-dispatch-unit", null);
        String preset = r.getString("category");
        JsonArray suggestions = r.getJsonArray("suggestions", new JsonArray());
        if (preset == null && !suggestions.isEmpty()) {
            preset = suggestions.getJsonObject(0).getString("category");
        }
        categorySelect(b, t, "r-dispatch-category", preset, true);
        note(b, t, "r-dispatch-note", "note");
        close(b, t, "dispatch");
    }

    private void transferForm(StringBuilder b, ConsoleView v, RoutingTexts t, String ref, String current) {
        open(b, v, t, ref, "transfer");
        unitSelect(b, t, "r-transfer-unit", current);
        note(b, t, "r-transfer-note", "note");
        close(b, t, "transfer");
    }

    private void returnForm(StringBuilder b, ConsoleView v, RoutingTexts t, String ref) {
        open(b, v, t, ref, "return");
        b.append("<div><label for=\"r-return-code\">").append(escape(t.get("field.reasonCode")))
                .append("</label><select id=\"r-return-code\" name=\"reasonCode\" required>");
        for (String code : RoutingActions.REASON_ORDER) {
            b.append("<option value=\"").append(code).append("\">").append(escape(t.get("reason." + code)))
                    .append("</option>");
        }
        b.append("</select></div>\n<div><label for=\"r-return-reason\">").append(escape(t.get("field.reason")))
                .append("</label><input type=\"text\" id=\"r-return-reason\" name=\"reason\" maxlength=\"2000\"></div>\n");
        note(b, t, "r-return-note", "note");
        close(b, t, "return");
    }

    private void categoryForm(StringBuilder b, ConsoleView v, RoutingTexts t, String ref, String current) {
        open(b, v, t, ref, "category");
        categorySelect(b, t, "r-category", current, false);
        close(b, t, "category");
    }

    private void unitSelect(StringBuilder b, RoutingTexts t, String id, String except) {
        b.append("<div><label for=\"").append(id).append("\">").append(escape(t.get("field.unit")))
                .append("</label><select id=\"").append(id).append("\" name=\"unit\" required>");
        for (Units.Unit u : config.units().all()) {
            if (!u.triage() && !u.code().equals(except)) {
                b.append("<option value=\"").append(escape(u.code())).append("\">").append(escape(u.name(t.language())))
                        .append("</option>");
            }
        }
        b.append("</select></div>\n");
    }

    private void categorySelect(StringBuilder b, RoutingTexts t, String id, String selected, boolean optional) {
        b.append("<div><label for=\"").append(id).append("\">").append(escape(t.get("field.category")))
                .append("</label><select id=\"").append(id).append("\" name=\"category\"").append(optional ? "" : " required")
                .append('>');
        if (optional) {
            b.append("<option value=\"\">").append(escape(t.get("field.keepCategory"))).append("</option>");
        }
        String group = null;
        for (Taxonomies.Category c : config.taxonomies().all()) {
            if (!c.taxonomy().equals(group)) {
                b.append(group == null ? "" : "</optgroup>").append("<optgroup label=\"").append(escape(c.taxonomy()))
                        .append("\">");
                group = c.taxonomy();
            }
            b.append("<option value=\"").append(escape(c.code())).append('"')
                    .append(c.code().equals(selected) ? " selected" : "").append('>')
                    .append(escape((c.parent() == null ? "" : "— ") + c.name(t.language()))).append("</option>");
        }
        b.append(group == null ? "" : "</optgroup>").append("</select></div>\n");
    }

    private static void note(StringBuilder b, RoutingTexts t, String id, String name) {
        b.append("<div><label for=\"").append(id).append("\">").append(escape(t.get("field." + name)))
                .append("</label><textarea id=\"").append(id).append("\" name=\"").append(name)
                .append("\" maxlength=\"2000\" rows=\"2\"></textarea></div>\n");
    }
}
