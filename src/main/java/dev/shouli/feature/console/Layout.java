package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import java.util.List;

/**
 * The console's page shell: language, the one stylesheet and script (served by the gateway, allowed by the
 * CSP), a skip link, the navigation, who is signed in, the language switch and sign-out — both small forms
 * that work without JavaScript.
 */
final class Layout {

    /** Navigation entries: path, text key. */
    private static final List<String[]> NAV = List.of(
            new String[] {"/desk/cases", "nav.cases"},
            new String[] {"/desk/incidents", "nav.incidents"},
            new String[] {"/desk/quarantine", "nav.quarantine"},
            new String[] {"/desk/outbox", "nav.outbox"},
            new String[] {"/desk/dashboard", "nav.dashboard"},
            new String[] {"/desk/reports", "nav.reports"},
            new String[] {"/desk/templates", "nav.templates"});
    /** Supervisors' entries, after the others. */
    private static final List<String[]> SUPERVISOR_NAV = List.<String[]>of(
            new String[] {"/desk/users", "nav.users"});

    private Layout() {
    }

    /**
     * A page for a signed-in user; {@code section} is the navigation entry it belongs to; {@code skips} are more
     * skip links after "to the content" ({@code {"#id", "text"}}), for the keyboard: to a list's results, to a
     * case's actions.
     */
    static String page(Viewer v, String section, String title, String body, String[]... skips) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder(body.length() + 4096);
        head(b, t.lang(), title + " — " + t.get("app.name"));
        b.append("<body>\n<a class=\"skip\" href=\"#main\">").append(text(t.get("nav.skip"))).append("</a>\n");
        for (String[] skip : skips) {
            b.append("<a class=\"skip\" href=\"").append(attr(skip[0])).append("\">").append(text(skip[1])).append("</a>\n");
        }
        b.append("<header class=\"top\">\n<a class=\"brand\" href=\"/desk/cases\">").append(text(t.get("app.name")))
                .append("</a>\n<nav aria-label=\"").append(attr(t.get("nav.label"))).append("\"><ul>");
        List<String[]> entries = new java.util.ArrayList<>(NAV);
        if (v.supervisor()) {
            entries.addAll(SUPERVISOR_NAV);
        }
        for (String[] entry : entries) {
            navItem(b, entry[0], t.get(entry[1]), section);
        }
        for (ConsoleExtension.NavEntry entry : v.extraNav()) {
            if (!entry.supervisorOnly() || v.supervisor()) {
                navItem(b, entry.path(), entry.label(t.lang().tag()), section);
            }
        }
        b.append("</ul></nav>\n");
        // Go straight to a case by its reference, from any page (a phone call starts with one).
        b.append("<form method=\"get\" action=\"/desk/go\" class=\"inline goto\" role=\"search\">")
                .append("<label for=\"goto-reference\" class=\"visually-hidden\">")
                .append(text(t.get("nav.goto.label"))).append("</label>")
                .append("<input id=\"goto-reference\" name=\"reference\" size=\"20\" maxlength=\"40\" ")
                .append("autocomplete=\"off\" spellcheck=\"false\" placeholder=\"")
                .append(attr(t.get("nav.goto.placeholder"))).append("\">")
                .append("<button type=\"submit\">").append(text(t.get("nav.goto.button"))).append("</button></form>\n");
        b.append("<div class=\"who\">\n<span>").append(text(v.session().displayName()))
                .append(" <span class=\"role\">").append(text(t.code("role", v.session().role()))).append("</span></span>\n");
        Lang other = t.lang() == Lang.ZH_CN ? Lang.EN : Lang.ZH_CN;
        b.append("<form method=\"post\" action=\"/desk/language\" class=\"inline\">")
                .append(csrf(v))
                .append("<input type=\"hidden\" name=\"lang\" value=\"").append(other.tag()).append("\">")
                .append("<button type=\"submit\" class=\"link\" lang=\"").append(other.tag()).append("\">")
                .append(text(other.nativeName())).append("</button></form>\n")
                .append("<form method=\"post\" action=\"/desk/sign-out\" class=\"inline\">").append(csrf(v))
                .append("<button type=\"submit\" class=\"link\">").append(text(t.get("nav.signOut")))
                .append("</button></form>\n</div>\n</header>\n");
        b.append("<main id=\"main\" tabindex=\"-1\">\n").append(body).append("</main>\n");
        b.append("<script src=\"/desk/assets/htmx.min.js\" defer></script>\n")
                .append("<script src=\"/desk/assets/console.js\" defer></script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void navItem(StringBuilder b, String path, String label, String section) {
        b.append("<li><a href=\"").append(attr(path)).append('"')
                .append(path.equals(section) ? " aria-current=\"page\"" : "").append('>')
                .append(text(label)).append("</a></li>");
    }

    /** A page without a session: sign-in and its refusals. */
    static String bare(Lang lang, String title, String body) {
        StringBuilder b = new StringBuilder();
        head(b, lang, title + " — " + Texts.of(lang).get("app.name"));
        b.append("<body class=\"bare\">\n<main id=\"main\">\n").append(body).append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** The anti-forgery field every console form carries. */
    static String csrf(Viewer v) {
        return "<input type=\"hidden\" name=\"" + ConsoleAuth.CSRF_FIELD + "\" value=\"" + attr(v.csrf()) + "\">";
    }

    private static void head(StringBuilder b, Lang lang, String title) {
        b.append("<!DOCTYPE html>\n<html lang=\"").append(lang.tag()).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // htmx without eval, inline scripts or injected styles: the CSP allows none of them.
                .append("<meta name=\"htmx-config\" content=\"{&quot;includeIndicatorStyles&quot;:false,")
                .append("&quot;allowEval&quot;:false,&quot;allowScriptTags&quot;:false}\">\n")
                .append("<title>").append(text(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/desk/assets/console.css\">\n</head>\n");
    }
}
