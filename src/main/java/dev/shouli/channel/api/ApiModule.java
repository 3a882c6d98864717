package dev.shouli.channel.api;

import dev.shouli.channel.AdapterReplay;
import dev.shouli.channel.IntakeRoutes;
import dev.shouli.channel.PartnerKey;
import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.intake.SubmissionReplay;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import io.vertx.core.Future;
import java.util.List;

/**
 * The JSON API channel, {@code POST /api/v1/complaints}. Its configuration is the partners' keys
 * ({@code SHOULI_API_PARTNER_KEYS}, {@code name:key,name:key}, each at least 16 characters).
 */
public final class ApiModule implements Module<ApiModule.Settings> {

    public record Settings(List<PartnerKey> partners) {
    }

    @Override
    public String name() {
        return "api";
    }

    @Override
    public Settings configure(ModuleConfig config) {
        return new Settings(partnerKeys(config.env().get("SHOULI_API_PARTNER_KEYS")));
    }

    static List<PartnerKey> partnerKeys(String value) {
        return CoreConfig.namedSecrets("SHOULI_API_PARTNER_KEYS", "partner", "key", value).stream()
                .map(s -> new PartnerKey(s.getKey(), s.getValue())).toList();
    }

    @Override
    public Future<Void> install(Settings settings, ModuleContext context) {
        JsonApiAdapter adapter = new JsonApiAdapter(context.config().intake(), context.phones());
        context.routes(router -> new IntakeRoutes(context.intake(), context.clock(),
                context.config().http().bodyLimitBytes(), settings.partners(), context.clientLimiter())
                .register(router, List.of(adapter)));
        context.provide(SubmissionReplay.class, new AdapterReplay(adapter, context.intake()));
        return Future.succeededFuture();
    }
}
