package dev.shouli.domain;

import java.util.Arrays;
import java.util.Optional;

/** 一般 / 紧急 / 特急. */
public enum Urgency {
    NORMAL("normal", "一般"),
    URGENT("urgent", "紧急"),
    CRITICAL("critical", "特急");

    private final String code;
    private final String chinese;

    Urgency(String code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    public String code() {
        return code;
    }

    public static Optional<Urgency> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        return Arrays.stream(values())
                .filter(u -> u.code.equalsIgnoreCase(v) || u.chinese.equals(v))
                .findFirst();
    }
}
