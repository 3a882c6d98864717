package dev.shouli.feature.console;

import dev.shouli.feature.console.DeskUserStore.Session;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The signed-in desk user looking at a page, with their language.
 *
 * @param extraNav the navigation entries other modules add ({@link ConsoleExtension})
 */
record Viewer(Session session, Texts t, List<ConsoleExtension.NavEntry> extraNav) {

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
