package dev.shouli.feature.console;

import java.util.Arrays;
import java.util.Optional;

/** The console's languages: simplified Chinese (default) and English. */
enum Lang {
    ZH_CN("zh-CN", "简体中文"),
    EN("en", "English");

    private final String tag;
    private final String nativeName;

    Lang(String tag, String nativeName) {
        this.tag = tag;
        this.nativeName = nativeName;
    }

    String tag() {
        return tag;
    }

    String nativeName() {
        return nativeName;
    }

    static Optional<Lang> parse(String tag) {
        return Arrays.stream(values()).filter(l -> l.tag.equalsIgnoreCase(tag == null ? "" : tag.strip())).findFirst();
    }
}
