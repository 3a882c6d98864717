package dev.shouli.feature.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The console's words, one UTF-8 properties file per language under {@code /console/}. {@code {0}} … are
 * replaced literally. A missing key fails loudly: the tests render every page in both languages.
 */
final class Texts {

    private static final Map<Lang, Texts> ALL = new EnumMap<>(Lang.class);

    static {
        for (Lang lang : Lang.values()) {
            ALL.put(lang, new Texts(lang, load(lang)));
        }
    }

    private final Lang lang;
    private final Properties texts;

    private Texts(Lang lang, Properties texts) {
        this.lang = lang;
        this.texts = texts;
    }

    static Texts of(Lang lang) {
        return ALL.get(lang);
    }

    Lang lang() {
        return lang;
    }

    String get(String key, Object... args) {
        String text = texts.getProperty(key);
        if (text == null) {
            throw new IllegalStateException("no console text '" + key + "' in " + lang.tag());
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /** The text for a code (a status, a kind) when there is one, else the code itself. */
    String code(String group, String code) {
        if (code == null) {
            return "";
        }
        String text = texts.getProperty(group + "." + code);
        return text == null ? code : text;
    }

    Set<String> keys() {
        return texts.stringPropertyNames();
    }

    private static Properties load(Lang lang) {
        String path = "/console/messages_" + lang.tag() + ".properties";
        try (InputStream in = Texts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
