package dev.shouli;

import dev.shouli.core.config.ConfigTree;
import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.module.ConfiguredModule;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.sla.SlaConfig;
import dev.shouli.core.sla.SlaSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, read once at start-up: the core's sections, then every module's own section, each read
 * by its module. Only {@link Gateway} (and {@code check-config}) sees all of it; each module is given its own.
 * Non-secret defaults live in {@code config/shouli.yaml}; secrets come only from the environment.
 *
 * @param warnings settings that work but should change (a moved key, an unset public address)
 */
public record ShouliConfig(CoreConfig core, SlaConfig sla, List<ConfiguredModule<?>> modules, List<String> warnings) {

    /** Loads the built-in defaults, then {@code overrideFile} (may be null), then the environment. */
    public static ShouliConfig load(Path overrideFile, Map<String, String> env) {
        ConfigTree tree = ConfigTree.load(overrideFile, env);
        CoreConfig core = CoreConfig.from(tree, env);
        SlaConfig sla = SlaSection.from(tree);
        List<String> warnings = new ArrayList<>(tree.warnings());
        ModuleConfig sections = new ModuleConfig(tree, env, core, sla, warnings);
        List<ConfiguredModule<?>> modules = new ArrayList<>();
        for (Module<?> module : Gateway.modules()) {
            modules.add(ConfiguredModule.configure(module, sections));
        }
        return new ShouliConfig(core, sla, List.copyOf(modules), List.copyOf(warnings));
    }

    /** One module's configuration, by its type (for tests and tools). */
    public <C> C section(Class<C> type) {
        return modules.stream().map(ConfiguredModule::config).filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no module is configured by " + type.getSimpleName()));
    }

    public CoreConfig.HttpConfig http() {
        return core.http();
    }

    public CoreConfig.DatabaseConfig database() {
        return core.database();
    }

    public Path dataDir() {
        return core.dataDir();
    }

    public CoreConfig.IntakeConfig intake() {
        return core.intake();
    }

    public CoreConfig.DeskConfig desk() {
        return core.desk();
    }
}
