package dev.shouli.feature.console;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /desk/users}: supervisors add desk users, change their role and display name, deactivate them (their
 * sessions end at once) and set new passwords. A supervisor cannot deactivate themselves or give up their own
 * supervisor role, so the desk is never left without one by a slip.
 */
final class UsersHandlers {

    private final DeskUsers users;

    UsersHandlers(DeskUsers users) {
        this.users = users;
    }

    void list(RoutingContext ctx) {
        if (refused(ctx)) {
            return;
        }
        String done = ctx.queryParams().get("done");
        String notice = done == null || !done.matches("[a-z]{2,20}") ? null : Viewer.of(ctx).t().code("usersDone", done);
        show(ctx, 200, notice, null);
    }

    void create(RoutingContext ctx) {
        if (refused(ctx)) {
            return;
        }
        answer(ctx, users.create(form(ctx, "username"), form(ctx, "displayName"), form(ctx, "role"),
                ctx.request().getFormAttribute("password")), "created");
    }

    void change(RoutingContext ctx) {
        if (refused(ctx)) {
            return;
        }
        String username = ctx.pathParam("username");
        String role = form(ctx, "role");
        if (self(ctx, username) && role != null && !"supervisor".equals(role)) {
            show(ctx, 422, null, Viewer.of(ctx).t().get("users.notYourself"));
            return;
        }
        answer(ctx, users.change(username, form(ctx, "displayName"), role, null).map(this::found), "changed");
    }

    void active(RoutingContext ctx) {
        if (refused(ctx)) {
            return;
        }
        String username = ctx.pathParam("username");
        boolean active = Boolean.parseBoolean(form(ctx, "active"));
        if (self(ctx, username) && !active) {
            show(ctx, 422, null, Viewer.of(ctx).t().get("users.notYourself"));
            return;
        }
        answer(ctx, users.change(username, null, null, active).map(this::found), active ? "activated" : "deactivated");
    }

    void password(RoutingContext ctx) {
        if (refused(ctx)) {
            return;
        }
        answer(ctx, users.resetPassword(ctx.pathParam("username"), ctx.request().getFormAttribute("password"))
                .map(this::found), "password");
    }

    private Void found(boolean exists) {
        if (!exists) {
            throw ConsoleProblem.notFound();
        }
        return null;
    }

    private void answer(RoutingContext ctx, Future<Void> done, String what) {
        done.onSuccess(v -> ConsolePages.redirect(ctx, "/desk/users?done=" + what)).onFailure(e -> {
            if (e instanceof DeskUsers.Invalid bad) {
                show(ctx, 422, null, Viewer.of(ctx).t().get("users.invalid." + bad.code()));
            } else {
                ctx.fail(e);
            }
        });
    }

    private void show(RoutingContext ctx, int status, String notice, String error) {
        users.all().onFailure(ctx::fail)
                .onSuccess(all -> ConsolePages.send(ctx, status, UsersPage.render(Viewer.of(ctx), all, notice, error)));
    }

    private static boolean refused(RoutingContext ctx) {
        if (!Viewer.of(ctx).supervisor()) {
            ctx.fail(ConsoleProblem.forbidden("error.supervisorOnly"));
            return true;
        }
        return false;
    }

    private static boolean self(RoutingContext ctx, String username) {
        return Viewer.of(ctx).actor().equals(username);
    }

    private static String form(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
