package dev.shouli.core.module;

import io.vertx.core.Future;

/**
 * A channel or a feature, whole: it reads its own section of the configuration, then builds its parts on the
 * running core and contributes them through its {@link ModuleContext} (matchers and intake hooks with a declared
 * phase, case-action hooks, notice senders and outbox handlers, routes, periodic jobs, services other modules use).
 * {@code Gateway} lists the modules; nothing else knows them all. See docs/architecture.md, "Modules".
 *
 * @param <C> this module's own configuration
 */
public interface Module<C> {

    /** A short name for logs and start-up errors, e.g. {@code email}, {@code survey}. */
    String name();

    /**
     * Reads and checks this module's section. Start-up and {@code check-config} both call it before anything
     * runs; an invalid value throws a {@link dev.shouli.core.config.ConfigException} naming the key.
     */
    C configure(ModuleConfig config);

    /**
     * Builds the module's parts and contributes them; nothing takes traffic yet. Asynchronous for the modules
     * that read something first (a key shared by every instance through the database).
     */
    Future<Void> install(C config, ModuleContext context);
}
