package dev.shouli.core.module;

import io.vertx.core.Future;

/** A module with the configuration it read, ready to install. */
public record ConfiguredModule<C>(Module<C> module, C config) {

    public static <C> ConfiguredModule<C> configure(Module<C> module, ModuleConfig config) {
        return new ConfiguredModule<>(module, module.configure(config));
    }

    public String name() {
        return module.name();
    }

    Future<Void> install(ModuleContext context) {
        return module.install(config, context);
    }
}
