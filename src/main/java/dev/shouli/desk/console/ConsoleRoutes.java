package dev.shouli.desk.console;

import dev.shouli.http.Routes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The desk console under {@code /desk}: server-rendered pages that work without JavaScript (htmx and a small
 * script make them livelier). Everything but sign-in and the static assets needs a session; every POST needs
 * the session's anti-forgery token. Failures under {@code /desk} are pages, not problem+json.
 */
public final class ConsoleRoutes implements Routes {

    private static final long FORM_LIMIT = 64 * 1024;

    private final Console console;

    public ConsoleRoutes(Console console) {
        this.console = console;
    }

    @Override
    public void register(Router router) {
        Console c = console;
        Assets assets = new Assets();
        ConsoleAuth auth = new ConsoleAuth(c.sessions());
        BodyHandler form = BodyHandler.create(false).setBodyLimit(FORM_LIMIT);
        router.route("/desk*").failureHandler(new ConsoleFailureHandler(c.retryAfterSeconds()));
        router.get("/desk/assets/:name").handler(assets::serve);
        router.get("/desk").handler(ctx -> ConsolePages.redirect(ctx, "/desk/cases"));
        router.get("/desk/").handler(ctx -> ConsolePages.redirect(ctx, "/desk/cases"));
        router.get("/desk/sign-in").handler(c.signIn()::form);
        router.post("/desk/sign-in").handler(form).handler(c.signIn()::submit);

        router.post("/desk/sign-out").handler(form).handler(auth).handler(c.signIn()::signOut);
        router.post("/desk/language").handler(form).handler(auth).handler(c.signIn()::switchLanguage);
        router.get("/desk/cases").handler(auth).handler(c.caseList()::list);
        router.get("/desk/cases/:reference/row").handler(auth).handler(c.caseList()::row);
        // Anything else under /desk is a console 404 page rather than the API's problem+json.
        router.route("/desk/*").handler(ctx -> ctx.fail(ConsoleProblem.notFound()));
    }
}
