package dev.shouli.feature.console;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/** {@code /desk/templates}: everyone reads the reply and result templates; supervisors write them. */
final class TemplatesHandlers {

    private final TemplateStore store;
    private final TemplatesPage page;
    private final Clock clock;

    TemplatesHandlers(TemplateStore store, Formats formats, Clock clock) {
        this.store = store;
        this.page = new TemplatesPage(formats);
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        String done = ctx.queryParams().get("done");
        Viewer v = Viewer.of(ctx);
        show(ctx, 200, "saved".equals(done) ? v.t().get("templates.saved") : "deleted".equals(done)
                ? v.t().get("templates.deleted") : null, null);
    }

    /** Creates a template, or replaces the texts of the one of that kind and name. */
    void save(RoutingContext ctx) {
        Viewer v = Viewer.of(ctx);
        if (!v.supervisor()) {
            ctx.fail(ConsoleProblem.forbidden("error.supervisorOnly"));
            return;
        }
        String kind = ctx.request().getFormAttribute("kind");
        String name = ctx.request().getFormAttribute("name");
        JsonObject bodies = new JsonObject();
        for (String lang : TemplatesPage.LANGUAGES) {
            String body = ctx.request().getFormAttribute(lang);
            if (body != null && !body.isBlank()) {
                bodies.put(lang, body.strip());
            }
        }
        if (!"reply".equals(kind) && !"result".equals(kind) || name == null || name.isBlank() || name.strip().length() > 60
                || !bodies.containsKey("zh-Hans") || bodies.stream().anyMatch(e -> ((String) e.getValue()).length() > 2000)) {
            show(ctx, 422, null, v.t().get("templates.invalid"));
            return;
        }
        store.save(kind, name.strip(), bodies, v.actor(), clock.instant()).onFailure(ctx::fail)
                .onSuccess(x -> ConsolePages.redirect(ctx, "/desk/templates?done=saved"));
    }

    void delete(RoutingContext ctx) {
        if (!Viewer.of(ctx).supervisor()) {
            ctx.fail(ConsoleProblem.forbidden("error.supervisorOnly"));
            return;
        }
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(ConsoleProblem.notFound());
            return;
        }
        store.delete(id).onFailure(ctx::fail).onSuccess(x -> ConsolePages.redirect(ctx, "/desk/templates?done=deleted"));
    }

    private void show(RoutingContext ctx, int status, String notice, String error) {
        store.all().onFailure(ctx::fail)
                .onSuccess(all -> ConsolePages.send(ctx, status, page.render(Viewer.of(ctx), all, notice, error)));
    }
}
