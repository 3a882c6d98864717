package dev.shouli.core.domain;

import java.util.Optional;

/** The answer to 回访: 满意, 基本满意 or 不满意, with the digit an SMS reply uses for it. */
public enum Verdict implements BilingualCode {
    SATISFIED("satisfied", "满意", "1"),
    BASICALLY_SATISFIED("basically_satisfied", "基本满意", "2"),
    DISSATISFIED("dissatisfied", "不满意", "3");

    private final String code;
    private final String chinese;
    private final String digit;

    Verdict(String code, String chinese, String digit) {
        this.code = code;
        this.chinese = chinese;
        this.digit = digit;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String chinese() {
        return chinese;
    }

    public String digit() {
        return digit;
    }

    /** The code, the Chinese word (simplified or traditional) or the digit. */
    public static Optional<Verdict> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().replace('滿', '满');
        for (Verdict verdict : values()) {
            if (verdict.digit.equals(v)) {
                return Optional.of(verdict);
            }
        }
        return BilingualCode.parse(Verdict.class, v);
    }
}
