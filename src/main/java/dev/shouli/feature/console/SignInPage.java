package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

/** The sign-in form: user name, password, the pre-session anti-forgery value, and where to go afterwards. */
final class SignInPage {

    private SignInPage() {
    }

    /** @param problemKey null, or the text key of why the last attempt failed */
    static String render(Lang lang, String token, String next, String username, String problemKey) {
        Texts t = Texts.of(lang);
        StringBuilder b = new StringBuilder("<div class=\"card signin\">\n<h1>")
                .append(text(t.get("app.name"))).append("</h1>\n");
        if (problemKey != null) {
            b.append("<div class=\"notice error\" role=\"alert\" id=\"signin-error\">").append(text(t.get(problemKey)))
                    .append("</div>\n");
        }
        b.append("<form method=\"post\" action=\"/desk/sign-in?lang=").append(lang.tag()).append("\">\n")
                .append("<input type=\"hidden\" name=\"").append(ConsoleAuth.CSRF_FIELD).append("\" value=\"")
                .append(attr(token)).append("\">\n")
                .append("<input type=\"hidden\" name=\"next\" value=\"").append(attr(next)).append("\">\n")
                .append("<div><label for=\"username\">").append(text(t.get("signIn.username"))).append("</label>")
                .append("<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required")
                .append(" autocapitalize=\"none\" spellcheck=\"false\" value=\"").append(attr(username)).append('"')
                .append(problemKey != null ? " aria-describedby=\"signin-error\"" : "").append("></div>\n")
                .append("<div><label for=\"password\">").append(text(t.get("signIn.password"))).append("</label>")
                .append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\"")
                .append(" required></div>\n")
                .append("<button type=\"submit\">").append(text(t.get("signIn.submit"))).append("</button>\n</form>\n");
        b.append("<p class=\"langs\">");
        for (Lang l : Lang.values()) {
            b.append("<a href=\"/desk/sign-in?lang=").append(l.tag()).append("&amp;next=").append(attr(Html.url(next)))
                    .append("\" lang=\"").append(l.tag()).append('"')
                    .append(l == lang ? " aria-current=\"page\"" : "").append('>').append(text(l.nativeName()))
                    .append("</a>");
        }
        b.append("</p>\n</div>\n");
        return Layout.bare(lang, t.get("signIn.title"), b.toString());
    }
}
