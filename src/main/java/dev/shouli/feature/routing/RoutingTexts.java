package dev.shouli.feature.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The routing pages' words in the console's languages, one UTF-8 properties file per language under
 * {@code /routing/}. A missing key fails loudly; the tests render every page in both languages.
 */
final class RoutingTexts {

    static final Set<String> LANGUAGES = Set.of("zh-CN", "en");
    private static final Map<String, RoutingTexts> ALL = Map.of("zh-CN", load("zh-CN"), "en", load("en"));

    private final String language;
    private final Properties texts;

    private RoutingTexts(String language, Properties texts) {
        this.language = language;
        this.texts = texts;
    }

    static RoutingTexts of(String language) {
        RoutingTexts t = ALL.get(language);
        return t != null ? t : ALL.get("zh-CN");
    }

    String language() {
        return language;
    }

    String get(String key, Object... args) {
        String text = texts.getProperty(key);
        if (text == null) {
            throw new IllegalStateException("no routing text '" + key + "' in " + language);
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    Set<String> keys() {
        return texts.stringPropertyNames();
    }

    private static RoutingTexts load(String language) {
        String path = "/routing/messages_" + language + ".properties";
        try (InputStream in = RoutingTexts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new RoutingTexts(language, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
