package dev.shouli.feature.console;

import dev.shouli.feature.console.DeskUserStore.DeskUser;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/** Sign-in (GET form, POST credentials), sign-out, and the language switch. */
final class SignInHandlers {

    private final DeskUsers users;
    private final ConsoleSessions sessions;
    private final ConsoleConfig config;

    SignInHandlers(DeskUsers users, ConsoleSessions sessions, ConsoleConfig config) {
        this.users = users;
        this.sessions = sessions;
        this.config = config;
    }

    void form(RoutingContext ctx) {
        Lang lang = language(ctx);
        String next = ConsolePages.safeNext(ctx.queryParams().get("next"));
        ConsolePages.send(ctx, SignInPage.render(lang, sessions.signInToken(ctx), next, "", null));
    }

    void submit(RoutingContext ctx) {
        Lang lang = language(ctx);
        String next = ConsolePages.safeNext(ctx.request().getFormAttribute("next"));
        String username = value(ctx, "username");
        Cookie expected = ctx.request().getCookie(ConsoleSessions.SIGN_IN_COOKIE);
        if (expected == null || !ConsoleSessions.sameToken(expected.getValue(),
                ctx.request().getFormAttribute(ConsoleAuth.CSRF_FIELD))) {
            // A sign-in posted from elsewhere (login CSRF), or a form older than the cookie: show a fresh one.
            ConsolePages.send(ctx, 403, SignInPage.render(lang, sessions.signInToken(ctx), next, username,
                    "signIn.expired"));
            return;
        }
        String client = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().host();
        users.signIn(username, value(ctx, "password"), client).onFailure(ctx::fail).onSuccess(answer -> {
            if (answer instanceof DeskUsers.SignIn.Accepted accepted) {
                openSession(ctx, accepted.user(), lang, next);
            } else if (answer instanceof DeskUsers.SignIn.Throttled) {
                ctx.response().putHeader("Retry-After", String.valueOf(config.failureWindow().toSeconds()));
                ConsolePages.send(ctx, 429, SignInPage.render(lang, sessions.signInToken(ctx), next, username,
                        "signIn.throttled"));
            } else {
                ConsolePages.send(ctx, 401, SignInPage.render(lang, sessions.signInToken(ctx), next, username,
                        "signIn.refused"));
            }
        });
    }

    private void openSession(RoutingContext ctx, DeskUser user, Lang lang, String next) {
        sessions.open(ctx, user, lang)
                .onSuccess(v -> ConsolePages.redirect(ctx, next))
                .onFailure(ctx::fail);
    }

    void signOut(RoutingContext ctx) {
        sessions.close(ctx).onSuccess(v -> ConsolePages.redirect(ctx, "/desk/sign-in")).onFailure(ctx::fail);
    }

    void switchLanguage(RoutingContext ctx) {
        Lang lang = Lang.parse(ctx.request().getFormAttribute("lang")).orElse(Lang.ZH_CN);
        String back = ctx.request().getHeader("Referer");
        String next = "/desk/cases";
        if (back != null) {
            int path = back.indexOf("/desk");
            next = ConsolePages.safeNext(path < 0 ? null : back.substring(path));
        }
        String target = next;
        sessions.setLanguage(ctx, lang).onSuccess(v -> ConsolePages.redirect(ctx, target)).onFailure(ctx::fail);
    }

    private Lang language(RoutingContext ctx) {
        return Lang.parse(ctx.queryParams().get("lang"))
                .orElse(Lang.parse(config.defaultLanguage()).orElse(Lang.ZH_CN));
    }

    private static String value(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null ? "" : v;
    }
}
