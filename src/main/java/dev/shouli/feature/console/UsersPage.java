package dev.shouli.feature.console;

import static dev.shouli.feature.console.Html.attr;
import static dev.shouli.feature.console.Html.text;

import dev.shouli.feature.console.DeskUserStore.DeskUser;
import java.util.List;

/**
 * The supervisors' page of desk users: add one, change a role or display name, deactivate or activate, set a new
 * password. Every form posts on its own, so the page works without JavaScript.
 */
final class UsersPage {

    private UsersPage() {
    }

    static String render(Viewer v, List<DeskUser> users, String notice, String error) {
        Texts t = v.t();
        StringBuilder b = new StringBuilder("<h1>").append(text(t.get("users.title"))).append("</h1>\n");
        if (notice != null) {
            b.append("<p class=\"notice ok\" role=\"status\">").append(text(notice)).append("</p>\n");
        }
        if (error != null) {
            b.append("<div class=\"notice error\" role=\"alert\">").append(text(error)).append("</div>\n");
        }
        b.append("<section class=\"card\" aria-labelledby=\"h-new-user\"><h2 id=\"h-new-user\">")
                .append(text(t.get("users.add"))).append("</h2>\n<form method=\"post\" action=\"/desk/users\" class=\"filters\">")
                .append(Layout.csrf(v))
                .append(input(t, "new-username", "username", "users.username", "text", " required maxlength=\"40\""
                        + " autocapitalize=\"none\" spellcheck=\"false\" pattern=\"[A-Za-z0-9][A-Za-z0-9._-]{1,39}\""))
                .append(input(t, "new-display", "displayName", "users.displayName", "text", " maxlength=\"100\""))
                .append("<div><label for=\"new-role\">").append(text(t.get("users.role"))).append("</label>")
                .append(roles(t, "new-role", "agent")).append("</div>\n")
                .append(input(t, "new-password", "password", "users.password", "password",
                        " required minlength=\"" + DeskUsers.MIN_PASSWORD + "\" autocomplete=\"new-password\""))
                .append("<div class=\"actions\"><button type=\"submit\">").append(text(t.get("users.addButton")))
                .append("</button></div>\n</form>\n<p class=\"small muted\">").append(text(t.get("users.rules")))
                .append("</p>\n</section>\n");
        b.append("<div class=\"tablewrap\"><table>\n<caption class=\"visually-hidden\">").append(text(t.get("users.title")))
                .append("</caption>\n<thead><tr>");
        for (String h : List.of("users.username", "users.displayName", "users.role", "users.state", "users.actions")) {
            b.append("<th scope=\"col\">").append(text(t.get(h))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (DeskUser u : users) {
            row(b, v, u);
        }
        b.append("</tbody>\n</table></div>\n");
        return Layout.page(v, "/desk/users", t.get("users.title"), b.toString());
    }

    private static void row(StringBuilder b, Viewer v, DeskUser u) {
        Texts t = v.t();
        String id = Html.id("u-", u.username());
        String action = "/desk/users/" + Html.url(u.username());
        b.append("<tr id=\"").append(id).append("\"><td class=\"ref\">").append(text(u.username())).append("</td><td>")
                .append(text(u.displayName())).append("</td><td>").append(text(t.code("role", u.role())))
                .append("</td><td><span class=\"badge\">").append(text(t.get(u.active() ? "users.active" : "users.inactive")))
                .append("</span></td><td>\n");
        b.append("<details class=\"action\"><summary>").append(text(t.get("users.edit"))).append("<span class=\"visually-hidden\"> ")
                .append(text(u.username())).append("</span></summary>\n")
                .append("<form method=\"post\" action=\"").append(attr(action)).append("\">").append(Layout.csrf(v))
                .append(input(t, id + "-display", "displayName", "users.displayName", "text",
                        " maxlength=\"100\" value=\"" + attr(u.displayName()) + "\""))
                .append("<div><label for=\"").append(id).append("-role\">").append(text(t.get("users.role"))).append("</label>")
                .append(roles(t, id + "-role", u.role())).append("</div>\n<div><button type=\"submit\">")
                .append(text(t.get("users.save"))).append("</button></div></form>\n")
                .append("<form method=\"post\" action=\"").append(attr(action)).append("/password\">").append(Layout.csrf(v))
                .append(input(t, id + "-password", "password", "users.newPassword", "password",
                        " required minlength=\"" + DeskUsers.MIN_PASSWORD + "\" autocomplete=\"new-password\""))
                .append("<div><button type=\"submit\" class=\"secondary\">").append(text(t.get("users.resetPassword")))
                .append("</button></div></form>\n")
                .append("<form method=\"post\" action=\"").append(attr(action)).append("/active\">").append(Layout.csrf(v))
                .append("<input type=\"hidden\" name=\"active\" value=\"").append(!u.active()).append("\">")
                .append("<button type=\"submit\" class=\"").append(u.active() ? "danger" : "secondary").append("\">")
                .append(text(t.get(u.active() ? "users.deactivate" : "users.activate"))).append("</button></form>\n")
                .append("</details>\n</td></tr>\n");
    }

    private static String roles(Texts t, String id, String chosen) {
        StringBuilder b = new StringBuilder("<select id=\"").append(id).append("\" name=\"role\">");
        for (String role : DeskUsers.ROLES) {
            b.append("<option value=\"").append(role).append('"').append(role.equals(chosen) ? " selected" : "")
                    .append('>').append(text(t.code("role", role))).append("</option>");
        }
        return b.append("</select>").toString();
    }

    private static String input(Texts t, String id, String name, String labelKey, String type, String extra) {
        return "<div><label for=\"" + id + "\">" + text(t.get(labelKey)) + "</label><input type=\"" + type + "\" id=\""
                + id + "\" name=\"" + name + "\"" + extra + "></div>\n";
    }
}
