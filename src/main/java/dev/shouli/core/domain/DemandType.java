package dev.shouli.core.domain;

import java.util.Optional;

/** Normalised kinds of 诉求 (what the complainant wants done). */
public enum DemandType implements BilingualCode {
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

    @Override
    public String code() {
        return code;
    }

    @Override
    public String chinese() {
        return chinese;
    }

    public static Optional<DemandType> parse(String value) {
        return BilingualCode.parse(DemandType.class, value);
    }
}
