package dev.shouli.core.domain;

import java.util.Optional;

/** 一般 / 紧急 / 特急. */
public enum Urgency implements BilingualCode {
    NORMAL("normal", "一般"),
    URGENT("urgent", "紧急"),
    CRITICAL("critical", "特急");

    private final String code;
    private final String chinese;

    Urgency(String code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String chinese() {
        return chinese;
    }

    public static Optional<Urgency> parse(String value) {
        return BilingualCode.parse(Urgency.class, value);
    }
}
