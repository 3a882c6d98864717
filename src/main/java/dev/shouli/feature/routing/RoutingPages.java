package dev.shouli.feature.routing;

import static dev.shouli.feature.console.ConsoleView.escape;

import dev.shouli.core.cases.Assignees.Assignee;
import dev.shouli.feature.console.ConsoleView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The routing pages' HTML, in the console's shell: the overview of units and triage, the triage queue, a unit
 * with its members, the rule editor with its dry run, the classifier versions and the per-unit report. Every
 * value from a case, a user or a rule goes through {@link ConsoleView#escape}.
 */
final class RoutingPages {

    static final String NAV = "/desk/routing";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final RoutingConfig config;
    private final ZoneId zone;

    RoutingPages(RoutingConfig config, ZoneId zone) {
        this.config = config;
        this.zone = zone;
    }

    String time(String iso) {
        return iso == null ? "" : TIME.format(Instant.parse(iso).atZone(zone));
    }

    String unitName(String code, RoutingTexts t) {
        return config.units().get(code).map(u -> u.triage() ? t.get("triage") : u.name(t.language())).orElse(code);
    }

    String categoryName(String code, RoutingTexts t) {
        return code == null ? "" : config.taxonomies().label(code, t.language());
    }

    /**
     * Why the case is where it is, in the viewer's words, from what routing recorded: the API's {@code reason}
     * says the same with its figures, in English.
     */
    String why(JsonObject routing, RoutingTexts t) {
        Integer version = routing.getInteger("classifierVersion");
        if (!routing.getBoolean("decided", false)) {
            return version == null ? t.get("why.none") : t.get("why.abstained", version);
        }
        String source = routing.getString("categorySource", "model");
        return switch (source) {
            case "source" -> t.get("why.source", categoryName(routing.getString("category"), t));
            case "keyword" -> t.get("why.keyword");
            case "desk" -> t.get("why.desk");
            default -> t.get("why.model", version, percent(routing.getDouble("confidence")));
        };
    }

    private static String percent(Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static void notice(StringBuilder b, String notice, String error) {
        if (notice != null) {
            b.append("<p class=\"notice ok\" role=\"status\">").append(escape(notice)).append("</p>\n");
        }
        if (error != null) {
            b.append("<div class=\"notice error\" role=\"alert\">").append(escape(error)).append("</div>\n");
        }
    }

    private static void th(StringBuilder b, RoutingTexts t, String... keys) {
        for (String key : keys) {
            b.append("<th scope=\"col\">").append(escape(t.get(key))).append("</th>");
        }
    }

    private static void links(StringBuilder b, RoutingTexts t, boolean supervisor) {
        b.append("<p class=\"actions\"><a href=\"/desk/routing/triage\">").append(escape(t.get("triage.title")))
                .append("</a> · <a href=\"/desk/routing/report\">").append(escape(t.get("report.title")))
                .append("</a> · <a href=\"/desk/routing/classifier\">").append(escape(t.get("classifier.title")))
                .append("</a>");
        if (supervisor) {
            b.append(" · <a href=\"/desk/routing/rules\">").append(escape(t.get("rules.title"))).append("</a>");
        }
        b.append("</p>\n");
    }

    String overview(ConsoleView v, RoutingTexts t, Map<String, RoutingPageStore.Counts> counts,
                    Map<String, Long> onDuty, Map<String, Long> members) {
        StringBuilder b = new StringBuilder("<h1>").append(escape(t.get("title"))).append("</h1>\n");
        links(b, t, v.supervisor());
        b.append("<div class=\"tablewrap\"><table><caption>").append(escape(t.get("units"))).append("</caption><thead><tr>");
        th(b, t, "col.unit", "col.policy", "col.onDuty", "col.open", "col.unassigned", "col.overdue");
        b.append("</tr></thead><tbody>\n");
        for (Units.Unit u : config.units().all()) {
            RoutingPageStore.Counts c = counts.getOrDefault(u.code(), new RoutingPageStore.Counts(0, 0, 0));
            b.append("<tr><td><a href=\"/desk/routing/units/").append(escape(u.code())).append("\">")
                    .append(escape(unitName(u.code(), t))).append("</a></td><td>")
                    .append(escape(t.get("policy." + u.policy().code()))).append("</td><td>")
                    .append(onDuty.getOrDefault(u.code(), 0L)).append(" / ").append(members.getOrDefault(u.code(), 0L))
                    .append("</td><td>").append(c.open()).append("</td><td>").append(c.unassigned()).append("</td><td>")
                    .append(c.overdue()).append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
        return v.page(NAV, t.get("title"), b.toString());
    }

    /** The open cases of a unit (or of triage, with the classifier's suggestions). */
    String cases(StringBuilder b, RoutingTexts t, List<JsonObject> cases, boolean triage) {
        if (cases.isEmpty()) {
            b.append("<p class=\"card\">").append(escape(t.get(triage ? "triage.none" : "unit.noCases"))).append("</p>\n");
            return b.toString();
        }
        b.append("<div class=\"tablewrap\"><table><thead><tr>");
        th(b, t, "col.case", "col.received", "col.due", triage ? "col.suggestions" : "col.category",
                triage ? "col.reason" : "col.assignee");
        b.append("</tr></thead><tbody>\n");
        for (JsonObject c : cases) {
            String ref = c.getString("reference");
            b.append("<tr><td class=\"ref\"><a href=\"/desk/cases/").append(escape(ref)).append("\">").append(escape(ref))
                    .append("</a> ").append(escape(shorten(c.getString("subject"), 40))).append("</td><td class=\"when\">")
                    .append(time(c.getString("receivedAt"))).append("</td><td class=\"when\">")
                    .append(time(c.getString("dueAt"))).append("</td><td>");
            if (triage) {
                b.append(escape(suggestions(c.getJsonArray("suggestions"), t))).append("</td><td>")
                        .append(escape(why(c, t)));
            } else {
                b.append(escape(categoryName(c.getString("category"), t))).append("</td><td>")
                        .append(escape(c.getString("assignee") == null ? t.get("unassigned") : c.getString("assignee")));
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
        return b.toString();
    }

    String suggestions(JsonArray suggestions, RoutingTexts t) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < suggestions.size(); i++) {
            JsonObject o = suggestions.getJsonObject(i);
            s.append(i == 0 ? "" : ", ").append(categoryName(o.getString("category"), t)).append(' ')
                    .append(percent(o.getDouble("confidence")));
        }
        return s.toString();
    }

    String triage(ConsoleView v, RoutingTexts t, List<JsonObject> cases) {
        StringBuilder b = new StringBuilder("<p class=\"small\"><a href=\"/desk/routing\">").append(escape(t.get("back")))
                .append("</a></p>\n<h1>").append(escape(t.get("triage.title"))).append("</h1>\n<p>")
                .append(escape(t.get("triage.explain"))).append("</p>\n");
        return v.page(NAV, t.get("triage.title"), cases(b, t, cases, true));
    }

    String unit(ConsoleView v, RoutingTexts t, Units.Unit unit, List<MemberStore.Member> members, Set<String> onDuty,
                List<Assignee> people, List<JsonObject> cases, String notice, String error) {
        StringBuilder b = new StringBuilder("<p class=\"small\"><a href=\"/desk/routing\">").append(escape(t.get("back")))
                .append("</a></p>\n<h1>").append(escape(unitName(unit.code(), t))).append("</h1>\n");
        notice(b, notice, error);
        b.append("<p>").append(escape(t.get("policy." + unit.policy().code()))).append(" · ")
                .append(escape(t.get("unit.calendar", unit.calendar())));
        if (unit.deadline() != null) {
            b.append(" · ").append(escape(t.get(unit.triage() ? "unit.triageDeadline" : "unit.deadline",
                    unit.deadline().toString())));
        }
        b.append("</p>\n<section class=\"card\" aria-labelledby=\"h-members\"><h2 id=\"h-members\">")
                .append(escape(t.get("members"))).append("</h2>\n");
        if (members.isEmpty()) {
            b.append("<p>").append(escape(t.get("members.none"))).append("</p>\n");
        } else {
            b.append("<div class=\"tablewrap\"><table><thead><tr>");
            th(b, t, "col.member", "col.calendar", "col.onDuty");
            if (v.supervisor()) {
                th(b, t, "col.change");
            }
            b.append("</tr></thead><tbody>\n");
            for (int i = 0; i < members.size(); i++) {
                MemberStore.Member m = members.get(i);
                b.append("<tr><td>").append(escape(m.username())).append("</td><td>")
                        .append(escape(m.calendar() == null ? unit.calendar() : m.calendar())).append("</td><td>")
                        .append(escape(m.absent() ? t.get("member.absent")
                                : t.get(onDuty.contains(m.username()) ? "member.onDuty" : "member.offDuty")))
                        .append("</td>");
                if (v.supervisor()) {
                    memberForms(b, v, t, unit, m, i);
                }
                b.append("</tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        if (v.supervisor()) {
            addMember(b, v, t, unit, members, people);
        }
        b.append("</section>\n<h2>").append(escape(t.get("unit.cases"))).append("</h2>\n");
        cases(b, t, cases, unit.triage());
        return v.page(NAV, unitName(unit.code(), t), b.toString());
    }

    private void memberForms(StringBuilder b, ConsoleView v, RoutingTexts t, Units.Unit unit, MemberStore.Member m,
                             int row) {
        String action = "/desk/routing/units/" + escape(unit.code()) + "/members/" + escape(ConsoleView.url(m.username()));
        String calendar = m.calendar() == null ? "" : escape(m.calendar());
        b.append("<td><form method=\"post\" action=\"").append(action).append("\" class=\"inline\">").append(v.csrfField())
                .append("<input type=\"hidden\" name=\"absent\" value=\"").append(m.absent()).append("\">")
                .append("<label for=\"cal-").append(row).append("\" class=\"visually-hidden\">")
                .append(escape(t.get("col.calendar") + " " + m.username())).append("</label><select id=\"cal-").append(row)
                .append("\" name=\"calendar\">");
        calendarOptions(b, t, m.calendar());
        b.append("</select> <button type=\"submit\" class=\"secondary\">").append(escape(t.get("member.saveCalendar", m.username())))
                .append("</button></form> <form method=\"post\" action=\"").append(action).append("\" class=\"inline\">")
                .append(v.csrfField()).append("<input type=\"hidden\" name=\"calendar\" value=\"").append(calendar)
                .append("\"><input type=\"hidden\" name=\"absent\" value=\"").append(!m.absent()).append("\">")
                .append("<button type=\"submit\" class=\"secondary\">")
                .append(escape(t.get(m.absent() ? "member.markPresent" : "member.markAbsent", m.username())))
                .append("</button></form> ")
                .append("<form method=\"post\" action=\"").append(action).append("/remove\" class=\"inline\">")
                .append(v.csrfField()).append("<button type=\"submit\" class=\"danger\">")
                .append(escape(t.get("member.remove", m.username()))).append("</button></form></td>");
    }

    private void calendarOptions(StringBuilder b, RoutingTexts t, String selected) {
        b.append("<option value=\"\"").append(selected == null ? " selected" : "").append('>')
                .append(escape(t.get("member.unitCalendar"))).append("</option>");
        for (String name : config.calendars().names().stream().sorted().toList()) {
            b.append("<option value=\"").append(escape(name)).append('"').append(name.equals(selected) ? " selected" : "")
                    .append('>').append(escape(name)).append("</option>");
        }
    }

    private void addMember(StringBuilder b, ConsoleView v, RoutingTexts t, Units.Unit unit,
                           List<MemberStore.Member> members, List<Assignee> people) {
        List<Assignee> candidates = people.stream()
                .filter(p -> members.stream().noneMatch(m -> m.username().equals(p.username()))).toList();
        if (candidates.isEmpty()) {
            b.append("<p class=\"muted\">").append(escape(t.get("members.everyone"))).append("</p>\n");
            return;
        }
        b.append("<form method=\"post\" action=\"/desk/routing/units/").append(escape(unit.code()))
                .append("/members\">").append(v.csrfField()).append("<div><label for=\"add-user\">")
                .append(escape(t.get("member.add"))).append("</label><select id=\"add-user\" name=\"username\">");
        for (Assignee p : candidates) {
            b.append("<option value=\"").append(escape(p.username())).append("\">").append(escape(p.displayName()))
                    .append(" (").append(escape(p.username())).append(")</option>");
        }
        b.append("</select></div><div><label for=\"add-cal\">").append(escape(t.get("col.calendar")))
                .append("</label><select id=\"add-cal\" name=\"calendar\">");
        calendarOptions(b, t, null);
        b.append("</select></div><div><button type=\"submit\">").append(escape(t.get("member.addButton")))
                .append("</button></div></form>\n");
    }

    String rules(ConsoleView v, RoutingTexts t, RuleSet active, String document, RuleDryRun.Result dryRun,
                 List<JsonObject> history, String notice, String error) {
        StringBuilder b = new StringBuilder("<p class=\"small\"><a href=\"/desk/routing\">").append(escape(t.get("back")))
                .append("</a></p>\n<h1>").append(escape(t.get("rules.title"))).append("</h1>\n");
        notice(b, notice, error);
        b.append("<p>").append(escape(active.version() == 0 ? t.get("rules.fromConfig")
                : t.get("rules.active", active.version()))).append(' ').append(escape(t.get("rules.explain")))
                .append("</p>\n");
        if (dryRun != null) {
            dryRun(b, t, dryRun);
        }
        b.append("<form method=\"post\" action=\"/desk/routing/rules\">").append(v.csrfField())
                .append("<div><label for=\"rules-doc\">").append(escape(t.get("rules.document")))
                .append("</label><textarea id=\"rules-doc\" name=\"document\" rows=\"24\" spellcheck=\"false\">")
                .append(escape(document)).append("</textarea></div>\n<div class=\"actions\">")
                .append("<button type=\"submit\" name=\"do\" value=\"dry-run\" class=\"secondary\">")
                .append(escape(t.get("rules.dryRun"))).append("</button> ")
                .append("<button type=\"submit\" name=\"do\" value=\"activate\">").append(escape(t.get("rules.activate")))
                .append("</button></div></form>\n");
        if (!history.isEmpty()) {
            b.append("<h2>").append(escape(t.get("rules.history"))).append("</h2>\n<ul>");
            for (JsonObject h : history) {
                b.append("<li>").append(escape(t.get("rules.version", h.getInteger("version"),
                        t.get("rules.state." + h.getString("state")), time(h.getString("createdAt")),
                        h.getString("createdBy")))).append("</li>");
            }
            b.append("</ul>\n");
        }
        return v.page(NAV, t.get("rules.title"), b.toString());
    }

    private void dryRun(StringBuilder b, RoutingTexts t, RuleDryRun.Result r) {
        b.append("<section class=\"card\" aria-labelledby=\"h-dry-run\"><h2 id=\"h-dry-run\">")
                .append(escape(t.get("rules.dryRunTitle"))).append("</h2>\n<p role=\"status\" id=\"dry-run-summary\">")
                .append(escape(t.get("rules.dryRunSummary", r.differences().size(), r.tried()))).append("</p>\n");
        if (!r.differences().isEmpty()) {
            b.append("<div class=\"tablewrap\"><table><thead><tr>");
            th(b, t, "col.case", "col.category", "col.now", "col.draft");
            b.append("</tr></thead><tbody>\n");
            for (RuleDryRun.Difference d : r.differences()) {
                b.append("<tr><td class=\"ref\"><a href=\"/desk/cases/").append(escape(d.reference())).append("\">")
                        .append(escape(d.reference())).append("</a> ").append(escape(shorten(d.subject(), 30)))
                        .append("</td><td>").append(escape(categoryName(d.category(), t))).append("</td><td>")
                        .append(escape(unitName(d.unitNow(), t))).append(ruleSuffix(d.ruleNow())).append("</td><td>")
                        .append(escape(unitName(d.unitDraft(), t))).append(ruleSuffix(d.ruleDraft())).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        b.append("</section>\n");
    }

    private static String ruleSuffix(String rule) {
        return rule == null ? "" : " <span class=\"muted\">(" + escape(rule) + ")</span>";
    }

    String classifier(ConsoleView v, RoutingTexts t, JsonObject versions, String notice, String error) {
        StringBuilder b = new StringBuilder("<p class=\"small\"><a href=\"/desk/routing\">").append(escape(t.get("back")))
                .append("</a></p>\n<h1>").append(escape(t.get("classifier.title"))).append("</h1>\n");
        notice(b, notice, error);
        b.append("<p>").append(escape(t.get("classifier.explain"))).append("</p>\n");
        JsonArray list = versions.getJsonArray("versions");
        if (list.isEmpty()) {
            b.append("<p class=\"card\">").append(escape(t.get("classifier.none"))).append("</p>\n");
        } else {
            b.append("<div class=\"tablewrap\"><table><thead><tr>");
            th(b, t, "col.version", "col.state", "col.examples", "col.macroF1", "col.coverage", "col.precision",
                    "col.shadow");
            if (v.supervisor()) {
                th(b, t, "col.change");
            }
            b.append("</tr></thead><tbody>\n");
            for (int i = 0; i < list.size(); i++) {
                version(b, v, t, list.getJsonObject(i));
            }
            b.append("</tbody></table></div>\n");
        }
        if (v.supervisor()) {
            b.append("<form method=\"post\" action=\"/desk/routing/classifier/train\">").append(v.csrfField())
                    .append("<p>").append(escape(t.get("classifier.trainExplain"))).append("</p><button type=\"submit\">")
                    .append(escape(t.get("classifier.train"))).append("</button></form>\n");
        }
        return v.page(NAV, t.get("classifier.title"), b.toString());
    }

    private void version(StringBuilder b, ConsoleView v, RoutingTexts t, JsonObject ver) {
        JsonObject m = ver.getJsonObject("metrics");
        JsonObject shadow = ver.getJsonObject("shadow");
        int number = ver.getInteger("version");
        b.append("<tr><td>").append(number).append(' ').append(escape(time(ver.getString("createdAt"))))
                .append("</td><td>").append(escape(t.get("state." + ver.getString("state")))).append("</td><td>")
                .append(ver.getInteger("examples")).append("</td><td>").append(fixed(m.getDouble("macroF1")))
                .append("</td><td>").append(percent(m.getDouble("coverage"))).append("</td><td>")
                .append(fixed(m.getDouble("precisionDecided"))).append("</td><td>")
                .append(shadow == null ? "–" : escape(t.get("classifier.shadowStats", shadow.getLong("cases"),
                        shadow.getLong("agreed"), shadow.getLong("decided")))).append("</td>");
        if (v.supervisor()) {
            b.append("<td>");
            String state = ver.getString("state");
            if (!"active".equals(state)) {
                promoteForm(b, v, t, number, "activate");
                if (!"shadow".equals(state)) {
                    promoteForm(b, v, t, number, "shadow");
                }
            }
            b.append("</td>");
        }
        b.append("</tr>\n");
    }

    private static void promoteForm(StringBuilder b, ConsoleView v, RoutingTexts t, int version, String what) {
        b.append("<form method=\"post\" action=\"/desk/routing/classifier/").append(version).append('/').append(what)
                .append("\" class=\"inline\">").append(v.csrfField()).append("<button type=\"submit\" class=\"secondary\">")
                .append(escape(t.get("classifier." + what))).append("</button></form> ");
    }

    private static String fixed(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.3f", d);
    }

    String report(ConsoleView v, RoutingTexts t, JsonObject report) {
        StringBuilder b = new StringBuilder("<p class=\"small\"><a href=\"/desk/routing\">").append(escape(t.get("back")))
                .append("</a></p>\n<h1>").append(escape(t.get("report.title"))).append("</h1>\n")
                .append("<form method=\"get\" action=\"/desk/routing/report\" class=\"filters\"><div><label for=\"r-from\">")
                .append(escape(t.get("report.from"))).append("</label><input type=\"date\" id=\"r-from\" name=\"from\" value=\"")
                .append(escape(report.getString("from"))).append("\"></div><div><label for=\"r-to\">")
                .append(escape(t.get("report.to"))).append("</label><input type=\"date\" id=\"r-to\" name=\"to\" value=\"")
                .append(escape(report.getString("to"))).append("\"></div><div><button type=\"submit\">")
                .append(escape(t.get("report.show"))).append("</button></div></form>\n");
        JsonObject triage = report.getJsonObject("triage");
        b.append("<p>").append(escape(t.get("report.triage", triage.getLong("routedToTriage"),
                triage.getLong("returnedToTriage"), triage.getLong("waiting"), triage.getLong("overdue")))).append("</p>\n");
        b.append("<div class=\"tablewrap\"><table><thead><tr>");
        th(b, t, "col.unit", "col.category", "col.received", "col.handled", "col.returned", "col.transferred",
                "col.firstCorrect");
        b.append("</tr></thead><tbody>\n");
        JsonArray units = report.getJsonArray("units");
        for (int i = 0; i < units.size(); i++) {
            JsonObject u = units.getJsonObject(i);
            reportRow(b, unitName(u.getString("unit"), t), t.get("report.all"), u, true);
            JsonObject categories = u.getJsonObject("categories");
            for (String c : categories.fieldNames()) {
                reportRow(b, "", "_none".equals(c) ? t.get("report.noCategory") : categoryName(c, t),
                        categories.getJsonObject(c), false);
            }
        }
        b.append("</tbody></table></div>\n");
        return v.page(NAV, t.get("report.title"), b.toString());
    }

    private static void reportRow(StringBuilder b, String unit, String category, JsonObject o, boolean total) {
        b.append("<tr").append(total ? " class=\"total\"" : "").append("><td>").append(escape(unit)).append("</td><td>")
                .append(escape(category)).append("</td><td>").append(o.getLong("received")).append("</td><td>")
                .append(o.getLong("handled")).append("</td><td>").append(o.getLong("returned")).append("</td><td>")
                .append(o.getLong("transferred")).append("</td><td>").append(percent(o.getDouble("firstDispatchCorrectRate")))
                .append("</td></tr>\n");
    }

    static String shorten(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max)) + "…";
    }
}
