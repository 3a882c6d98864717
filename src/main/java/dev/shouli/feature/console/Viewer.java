package dev.shouli.feature.console;

import dev.shouli.feature.console.DeskUserStore.Session;
import io.vertx.ext.web.RoutingContext;

/** The signed-in desk user looking at a page, with their language. */
record Viewer(Session session, Texts t) {

    private static final String KEY = "shouli.console.viewer";

    static Viewer of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    void attach(RoutingContext ctx) {
        ctx.put(KEY, this);
    }

    /** The name the audit trail records for what this user does. */
    String actor() {
        return session.username();
    }

    boolean supervisor() {
        return "supervisor".equals(session.role());
    }

    String csrf() {
        return session.csrfToken();
    }
}
