package dev.shouli.channel.form;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The form's texts, one UTF-8 properties file per language under {@code /form/}. Placeholders are {@code {0}},
 * {@code {1}}, replaced literally (not MessageFormat, whose quoting rules break English apostrophes).
 */
public final class Messages {

    private static final Map<FormLanguage, Messages> ALL = new EnumMap<>(FormLanguage.class);

    static {
        for (FormLanguage language : FormLanguage.values()) {
            ALL.put(language, new Messages(load(language)));
        }
    }

    private final Properties texts;

    private Messages(Properties texts) {
        this.texts = texts;
    }

    public static Messages of(FormLanguage language) {
        return ALL.get(language);
    }

    /** The text for {@code key}; a missing key is a bug caught by the tests, so it fails loudly. */
    public String get(String key, Object... args) {
        String text = texts.getProperty(key);
        if (text == null) {
            throw new IllegalStateException("no form message '" + key + "'");
        }
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /**
     * A text with a count: {@code key.one} for exactly one, else {@code key.other} ("1 working day", "2 working
     * days"); Chinese has one form, written under both keys.
     */
    public String plural(String key, long count) {
        return get(key + (count == 1 ? ".one" : ".other"), count);
    }

    /** Every key, so a test can check the three languages say the same things. */
    public java.util.Set<String> keys() {
        return texts.stringPropertyNames();
    }

    private static Properties load(FormLanguage language) {
        String path = "/form/messages_" + language.tag() + ".properties";
        try (InputStream in = Messages.class.getResourceAsStream(path)) {
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
