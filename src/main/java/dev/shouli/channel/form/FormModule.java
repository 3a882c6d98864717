package dev.shouli.channel.form;

import dev.shouli.core.cases.CitizenView;
import dev.shouli.core.db.RateLimitStore;
import dev.shouli.core.http.BrowserPages;
import dev.shouli.core.module.MatcherPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import io.vertx.core.Future;

/**
 * The web form ({@code GET /}, {@code POST /form}, its receipt page) and the citizen status page
 * ({@code /status}, {@code POST /api/v1/status}); also the HTML pages browsers get for addresses nobody serves.
 * Sections {@code form:} and {@code status:}.
 */
public final class FormModule implements Module<FormModule.Settings> {

    public record Settings(FormConfig form, StatusConfig status) {
    }

    @Override
    public String name() {
        return "form";
    }

    @Override
    public Settings configure(ModuleConfig config) {
        return new Settings(FormConfig.from(config.tree(), config.env()), StatusConfig.from(config.tree()));
    }

    @Override
    public Future<Void> install(Settings settings, ModuleContext context) {
        context.provide(BrowserPages.class, FormRoutes.browserPages(settings.form(), context.sla()));
        StatusStore statuses = new StatusStore(context.pool());
        // What a person adds from the status page joins the case they proved is theirs, before anything else.
        context.matcher(MatcherPhase.ANSWER, new StatusFollowUpMatcher(statuses));
        return context.storedKey("form.secret", settings.form().secret()).map(key -> {
            ProofToken proofs = new ProofToken(key);
            context.routes(new StatusRoutes(settings.status(), settings.form(), context.config(), context.sla(),
                    statuses, new RateLimitStore(context.pool()), context.phones(), context.services(CitizenView.class),
                    proofs, context.clock()));
            context.routes(new StatusAdditions(context.intake(), context.config().intake(),
                    context.config().dataDir().resolve("uploads").toString(), proofs,
                    new StatusPage(context.config().intake().timeZone()), context.clock()));
            context.routes(new FormRoutes(context.intake(), settings.form(), context.config(), context.sla(),
                    context.noticeDelivery(), context.phones(), context.clock(), key, new FormStore(context.pool()),
                    context.clientLimiter()));
            return null;
        });
    }
}
