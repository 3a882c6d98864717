package dev.shouli.domain;

import java.util.Arrays;
import java.util.Optional;

/** Normalised kinds of 诉求 (what the complainant wants done). */
public enum DemandType {
    REFUND("refund", "退款"),
    RETURN("return", "退货"),
    REPLACE("replace", "换货"),
    REPAIR("repair", "维修"),
    COMPENSATION("compensation", "赔偿"),
    APOLOGY("apology", "道歉"),
    EXPLANATION("explanation", "解释"),
    PUNISH("punish", "处理责任人"),
    OTHER("other", "其他");

    private final String code;
    private final String chinese;

    DemandType(String code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    public String code() {
        return code;
    }

    public String chinese() {
        return chinese;
    }

    public static Optional<DemandType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        return Arrays.stream(values())
                .filter(t -> t.code.equalsIgnoreCase(v) || t.chinese.equals(v))
                .findFirst();
    }
}
