package dev.shouli.feature.console;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards every console page but sign-in and the static assets: a live session is required (a page request
 * without one is sent to sign-in and back), and every POST must carry the session's anti-forgery token in the
 * {@code _csrf} field (or the {@code X-CSRF-Token} header, which htmx requests send). A forged POST is 403.
 */
final class ConsoleAuth implements Handler<RoutingContext> {

    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final ConsoleSessions sessions;
    private final ConsoleExtensions extensions;

    ConsoleAuth(ConsoleSessions sessions, ConsoleExtensions extensions) {
        this.sessions = sessions;
        this.extensions = extensions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        sessions.current(ctx).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                if (ctx.request().method() == HttpMethod.GET) {
                    String next = ctx.request().uri();
                    ctx.response().setStatusCode(303)
                            .putHeader("Location", "/desk/sign-in?next=" + Html.url(next))
                            .putHeader("Cache-Control", "no-store")
                            .end();
                } else {
                    ctx.fail(ConsoleProblem.forbidden("error.sessionExpired"));
                }
                return;
            }
            Viewer viewer = new Viewer(found.get(), Texts.of(Lang.parse(found.get().language()).orElse(Lang.ZH_CN)),
                    extensions.navigation());
            viewer.attach(ctx);
            if (ctx.request().method() == HttpMethod.POST) {
                String given = ctx.request().getFormAttribute(CSRF_FIELD);
                if (given == null) {
                    given = ctx.request().getHeader(CSRF_HEADER);
                }
                if (!ConsoleSessions.sameToken(viewer.csrf(), given)) {
                    ctx.fail(ConsoleProblem.forbidden("error.csrf"));
                    return;
                }
            }
            ctx.next();
        });
    }
}
