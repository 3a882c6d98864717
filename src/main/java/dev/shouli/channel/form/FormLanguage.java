package dev.shouli.channel.form;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The form's three languages, chosen by {@code ?lang=}, else the browser's Accept-Language, else config. */
public enum FormLanguage {
    ZH_CN("zh-CN", "简体中文"),
    ZH_TW("zh-TW", "繁體中文"),
    EN("en", "English");

    private final String tag;
    private final String nativeName;

    FormLanguage(String tag, String nativeName) {
        this.tag = tag;
        this.nativeName = nativeName;
    }

    public String tag() {
        return tag;
    }

    /** Each language is offered in its own script, so a reader finds theirs whatever the page shows. */
    public String nativeName() {
        return nativeName;
    }

    public static Optional<FormLanguage> ofTag(String tag) {
        return Arrays.stream(values()).filter(l -> l.tag.equalsIgnoreCase(tag == null ? "" : tag.strip())).findFirst();
    }

    public static FormLanguage choose(String param, String acceptLanguage, String configured) {
        return ofTag(param)
                .or(() -> fromAcceptLanguage(acceptLanguage))
                .or(() -> ofTag(configured))
                .orElse(ZH_CN);
    }

    /** The first range in the browser's preference order that one of ours serves. */
    static Optional<FormLanguage> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (Locale.LanguageRange range : ranges) {
            Optional<FormLanguage> match = forRange(range.getRange().toLowerCase(Locale.ROOT));
            if (match.isPresent() && range.getWeight() > 0) {
                return match;
            }
        }
        return Optional.empty();
    }

    private static Optional<FormLanguage> forRange(String range) {
        if (range.equals("en") || range.startsWith("en-")) {
            return Optional.of(EN);
        }
        // Traditional script: Taiwan, Hong Kong, Macao, or an explicit Hant script subtag.
        if (range.startsWith("zh-tw") || range.startsWith("zh-hk") || range.startsWith("zh-mo")
                || range.startsWith("zh-hant")) {
            return Optional.of(ZH_TW);
        }
        if (range.equals("zh") || range.startsWith("zh-")) {
            return Optional.of(ZH_CN);
        }
        return Optional.empty();
    }
}
