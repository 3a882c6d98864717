package dev.shouli.feature.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * What another module adds to the desk console, without the console knowing the module: entries in the
 * navigation, pages under {@code /desk/…} and a section on the case page. A module offers one with
 * {@code context.provide(ConsoleExtension.class, …)}; the console finds every one with
 * {@code context.services(ConsoleExtension.class)} once all modules installed.
 *
 * <p>Pages are served as the console's own are: behind its session check (a page request without a session goes
 * to sign-in and back), every POST checked against the session's anti-forgery token, mounted before the console's
 * not-found page, failures shown as the console's error pages in the user's language. A page renders its HTML in
 * the console's shell with {@link ConsoleView#page}; every value from a case or a user goes through
 * {@link ConsoleView#escape}.
 */
public interface ConsoleExtension {

    /**
     * An entry in the navigation, after the console's own.
     *
     * @param path           where it leads, under {@code /desk/}; also the {@code navPath} its pages pass to
     *                       {@link ConsoleView#page} so the entry is marked current
     * @param labels         the text per console language ({@code zh-CN}, {@code en}); a missing language shows
     *                       the {@code zh-CN} text
     * @param supervisorOnly shown to supervisors only (guard the pages too: {@link Pages#get(String, boolean, Page)})
     */
    record NavEntry(String path, Map<String, String> labels, boolean supervisorOnly) {

        public NavEntry {
            labels = Map.copyOf(labels);
        }

        public String label(String language) {
            String label = labels.get(language);
            return label != null ? label : labels.getOrDefault("zh-CN", path);
        }
    }

    /** One page: answers one request of a signed-in desk user. Fail the context to show an error page. */
    @FunctionalInterface
    interface Page {
        void handle(RoutingContext ctx, ConsoleView view);
    }

    /** Where an extension mounts its pages. Paths are Vert.x route paths under {@code /desk/}. */
    interface Pages {

        /**
         * @param supervisorOnly others get the console's "only supervisors" page (403)
         */
        void get(String path, boolean supervisorOnly, Page page);

        /** A form post: its urlencoded fields are read with {@code ctx.request().getFormAttribute}. */
        void post(String path, boolean supervisorOnly, Page page);
    }

    default List<NavEntry> navigation() {
        return List.of();
    }

    default void pages(Pages pages) {
    }

    /**
     * HTML for the case page's side column (a {@code <section class="card">} with a heading), or an empty string.
     *
     * @param caseRecord the case as the desk API shows it, the modules' members included
     */
    default Future<String> caseSection(ConsoleView view, JsonObject caseRecord) {
        return Future.succeededFuture("");
    }
}
