package dev.shouli.feature.console;

import dev.shouli.core.http.Routes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The desk console under {@code /desk}: server-rendered pages that work without JavaScript (htmx and a small
 * script make them livelier). Everything but sign-in and the static assets needs a session; every POST needs
 * the session's anti-forgery token. Failures under {@code /desk} are pages, not problem+json.
 */
final class ConsoleRoutes implements Routes {

    private static final long FORM_LIMIT = 64 * 1024;

    private final Console console;

    ConsoleRoutes(Console console) {
        this.console = console;
    }

    @Override
    public void register(Router router) {
        Console c = console;
        Assets assets = new Assets();
        ConsoleAuth auth = new ConsoleAuth(c.sessions(), c.extensions());
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
        router.get("/desk/go").handler(auth).handler(c.caseList()::go);
        router.get("/desk/cases/:reference/row").handler(auth).handler(c.caseList()::row);
        router.post("/desk/filters").handler(form).handler(auth).handler(c.caseList()::saveFilter);
        router.post("/desk/filters/:id/delete").handler(form).handler(auth).handler(c.caseList()::deleteFilter);
        router.get("/desk/cases/:reference").handler(auth).handler(c.cases()::show);
        router.get("/desk/cases/:reference/attachments/:id").handler(auth).handler(c.cases()::attachment);
        router.post("/desk/cases/:reference/actions/:action").handler(form).handler(auth).handler(c.caseActions()::action);
        router.post("/desk/cases/:reference/macro").handler(form).handler(auth).handler(c.caseActions()::macro);
        router.post("/desk/cases/:reference/notes").handler(form).handler(auth).handler(c.cases()::note);
        router.post("/desk/cases/:reference/reply").handler(form).handler(auth).handler(c.caseActions()::reply);
        router.post("/desk/cases/:reference/phone-reply").handler(form).handler(auth).handler(c.caseActions()::phoneReply);
        router.post("/desk/bulk").handler(form).handler(auth).handler(c.bulk()::confirm);
        router.post("/desk/bulk/start").handler(form).handler(auth).handler(c.bulk()::start);
        router.get("/desk/batches/:id").handler(auth).handler(c.bulk()::show);
        router.post("/desk/incidents/:id/actions/:action").handler(form).handler(auth).handler(c.bulk()::incident);
        router.get("/desk/templates").handler(auth).handler(c.templates()::list);
        router.post("/desk/templates").handler(form).handler(auth).handler(c.templates()::save);
        router.post("/desk/templates/:id/delete").handler(form).handler(auth).handler(c.templates()::delete);
        router.post("/desk/cases/:reference/unmerge").handler(form).handler(auth).handler(c.cases()::unmerge);
        router.post("/desk/cases/:reference/possible-duplicates/:id/:decision").handler(form).handler(auth)
                .handler(c.cases()::duplicate);
        router.get("/desk/events").handler(auth).handler(c.events()::stream);
        router.get("/desk/incidents").handler(auth).handler(c.operations()::incidents);
        router.get("/desk/incidents/:id").handler(auth).handler(c.operations()::incident);
        router.get("/desk/quarantine").handler(auth).handler(c.operations()::quarantine);
        router.get("/desk/quarantine/:id").handler(auth).handler(c.operations()::submission);
        router.post("/desk/quarantine/:id/rerun").handler(form).handler(auth).handler(c.operations()::rerun);
        router.get("/desk/outbox").handler(auth).handler(c.operations()::outbox);
        router.post("/desk/outbox/:id/retry").handler(form).handler(auth).handler(c.operations()::retry);
        router.get("/desk/dashboard").handler(auth).handler(c.dashboard()::show);
        router.get("/desk/reports").handler(auth).handler(c.reports()::show);
        router.get("/desk/reports/download").handler(auth).handler(c.reports()::download);
        router.get("/desk/users").handler(auth).handler(c.usersPage()::list);
        router.post("/desk/users").handler(form).handler(auth).handler(c.usersPage()::create);
        router.post("/desk/users/:username").handler(form).handler(auth).handler(c.usersPage()::change);
        router.post("/desk/users/:username/active").handler(form).handler(auth).handler(c.usersPage()::active);
        router.post("/desk/users/:username/password").handler(form).handler(auth).handler(c.usersPage()::password);
        c.extensions().mount(router, form, auth);
        // Anything else under /desk is a console 404 page rather than the API's problem+json.
        router.route("/desk/*").handler(ctx -> ctx.fail(ConsoleProblem.notFound()));
    }
}
