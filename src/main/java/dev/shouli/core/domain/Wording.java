package dev.shouli.core.domain;

import java.util.Locale;

/**
 * Which of the three wordings a reader gets: simplified Chinese (the default), traditional Chinese or English,
 * from a language tag such as {@code zh-Hant}, {@code zh-TW} or {@code en-GB}.
 */
public enum Wording {
    HANS, HANT, EN;

    public static Wording of(String language) {
        String l = language == null ? "" : language.toLowerCase(Locale.ROOT);
        if (l.startsWith("zh-hant") || l.equals("zh-tw") || l.equals("zh-hk")) {
            return HANT;
        }
        return l.startsWith("en") ? EN : HANS;
    }

    /** The one of three wordings that is in this script. */
    public String pick(String hans, String hant, String en) {
        return switch (this) {
            case HANS -> hans;
            case HANT -> hant;
            case EN -> en;
        };
    }

    public String tag() {
        return switch (this) {
            case HANS -> "zh-CN";
            case HANT -> "zh-TW";
            case EN -> "en";
        };
    }
}
