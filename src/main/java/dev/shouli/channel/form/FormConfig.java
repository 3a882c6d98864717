package dev.shouli.channel.form;

import dev.shouli.core.config.ConfigTree;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The web form ({@code form:} in config/shouli.yaml).
 *
 * @param secret HMAC key for form tokens ({@code SHOULI_FORM_SECRET}); null means "generate one and share it
 *               through the database"
 */
public record FormConfig(String defaultLanguage, Duration tokenTtl, String secret) {

    @Override
    public String toString() {
        return "FormConfig[defaultLanguage=" + defaultLanguage + ", tokenTtl=" + tokenTtl + ", secret="
                + (secret == null ? "unset" : "set") + "]";
    }

    public static FormConfig from(ConfigTree c, Map<String, String> env) {
        String secret = env.get("SHOULI_FORM_SECRET");
        return new FormConfig(c.oneOf("form.defaultLanguage", List.of("zh-CN", "zh-TW", "en")),
                c.duration("form.tokenTtl"), secret == null || secret.isBlank() ? null : secret.strip());
    }
}
