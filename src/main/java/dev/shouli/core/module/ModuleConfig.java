package dev.shouli.core.module;

import dev.shouli.core.config.ConfigTree;
import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.sla.SlaConfig;
import java.util.List;
import java.util.Map;

/**
 * What a module may read when it configures itself: its own keys of the layered tree, its secrets from the
 * environment, and the core's sections it builds on (the time zone, the calendars).
 *
 * @param warnings where a module notes a setting that works but should be changed (a moved key, an unset public
 *                 address); start-up logs them and {@code check-config} prints them
 */
public record ModuleConfig(ConfigTree tree, Map<String, String> env, CoreConfig core, SlaConfig sla,
                           List<String> warnings) {

    public void warn(String warning) {
        warnings.add(warning);
    }
}
