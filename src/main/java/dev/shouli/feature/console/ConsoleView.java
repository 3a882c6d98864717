package dev.shouli.feature.console;

import io.vertx.ext.web.RoutingContext;

/**
 * A signed-in desk user looking at a page a {@link ConsoleExtension} serves: who they are, their language, the
 * anti-forgery field every form must carry, the console's page shell and how pages are answered.
 */
public final class ConsoleView {

    private final Viewer viewer;

    ConsoleView(Viewer viewer) {
        this.viewer = viewer;
    }

    /** The user name, which the audit trail records as the actor. */
    public String username() {
        return viewer.actor();
    }

    public String displayName() {
        return viewer.session().displayName();
    }

    public boolean supervisor() {
        return viewer.supervisor();
    }

    /** The console language the page is shown in: {@code zh-CN} or {@code en}. */
    public String language() {
        return viewer.t().lang().tag();
    }

    /** The hidden anti-forgery field; every {@code <form method="post">} carries it. */
    public String csrfField() {
        return Layout.csrf(viewer);
    }

    /**
     * A whole page in the console's shell: head, navigation (the entry at {@code navPath} marked current), who is
     * signed in, the language switch; {@code body} goes into {@code <main>} as given.
     */
    public String page(String navPath, String title, String body) {
        return Layout.page(viewer, navPath, title, body);
    }

    /** Answers with a page and the console's headers (strict CSP, no framing, no caching). */
    public void send(RoutingContext ctx, int status, String html) {
        ConsolePages.send(ctx, status, html);
    }

    /** POST/redirect/GET after a change; only paths of the console itself. */
    public void redirect(RoutingContext ctx, String location) {
        ConsolePages.redirect(ctx, ConsolePages.safeNext(location));
    }

    /** Element text or a double-quoted attribute value, escaped as on every console page. */
    public static String escape(String s) {
        return Html.text(s);
    }

    /** A query-string value (then escaped for the attribute it goes into). */
    public static String url(String s) {
        return Html.url(s);
    }

    /** Fail a page with this to show the console's not-found page. */
    public static RuntimeException notFound() {
        return ConsoleProblem.notFound();
    }

    /** Fail a page with this to show the console's bad-request page with a detail meant for people. */
    public static RuntimeException badRequest(String detail) {
        return ConsoleProblem.badRequest(detail);
    }
}
