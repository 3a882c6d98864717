package dev.shouli.feature.console;

import dev.shouli.feature.console.ConsoleExtension.NavEntry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The console extensions other modules provide: their navigation, their pages, their case-page sections. */
final class ConsoleExtensions {

    private final Supplier<List<ConsoleExtension>> all;
    private volatile List<NavEntry> navigation;

    ConsoleExtensions(Supplier<List<ConsoleExtension>> all) {
        this.all = all;
    }

    /** Read once, at the first page: every module has installed before anything takes traffic. */
    List<NavEntry> navigation() {
        List<NavEntry> entries = navigation;
        if (entries == null) {
            List<NavEntry> collected = new ArrayList<>();
            all.get().forEach(e -> collected.addAll(e.navigation()));
            entries = List.copyOf(collected);
            navigation = entries;
        }
        return entries;
    }

    /** Mounts every extension's pages behind the session check; call before the console's not-found route. */
    void mount(Router router, Handler<RoutingContext> form, Handler<RoutingContext> auth) {
        ConsoleExtension.Pages pages = new ConsoleExtension.Pages() {
            @Override
            public void get(String path, boolean supervisorOnly, ConsoleExtension.Page page) {
                guarded(router.get(checked(path)).handler(auth), supervisorOnly, page);
            }

            @Override
            public void post(String path, boolean supervisorOnly, ConsoleExtension.Page page) {
                guarded(router.post(checked(path)).handler(form).handler(auth), supervisorOnly, page);
            }
        };
        all.get().forEach(e -> e.pages(pages));
    }

    private static void guarded(Route route, boolean supervisorOnly, ConsoleExtension.Page page) {
        route.handler(ctx -> {
            Viewer viewer = Viewer.of(ctx);
            if (supervisorOnly && !viewer.supervisor()) {
                ctx.fail(ConsoleProblem.forbidden("error.supervisorOnly"));
                return;
            }
            page.handle(ctx, new ConsoleView(viewer));
        });
    }

    private static String checked(String path) {
        if (!path.startsWith("/desk/") || path.startsWith("/desk/assets/") || path.startsWith("/desk/sign-")) {
            throw new IllegalArgumentException("a console extension's page must be under /desk/ and not the "
                    + "console's own assets or sign-in: " + path);
        }
        return path;
    }

    /** The extensions' sections for a case page, in the order the modules are listed. */
    Future<String> caseSections(Viewer viewer, JsonObject record) {
        List<Future<String>> sections = all.get().stream()
                .map(e -> e.caseSection(new ConsoleView(viewer), record))
                .toList();
        return Future.all(sections).map(done -> {
            StringBuilder b = new StringBuilder();
            sections.forEach(s -> b.append(s.result() == null ? "" : s.result()));
            return b.toString();
        });
    }
}
