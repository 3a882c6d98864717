package dev.shouli.channel.hotline;

import java.util.Arrays;
import java.util.Optional;

/** What a message about a work order is: the first dispatch, or a later message about the same ticket. */
public enum MessageKind {
    NEW("new", "新建"),
    SUPPLEMENT("supplement", "补充"),
    URGE("urge", "催办"),
    REVOKE("revoke", "撤单"),
    REASSIGN("reassign", "改派");

    private final String code;
    private final String chinese;

    MessageKind(String code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    public String code() {
        return code;
    }

    public String chinese() {
        return chinese;
    }

    public static Optional<MessageKind> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        return Arrays.stream(values()).filter(k -> k.code.equalsIgnoreCase(v) || k.chinese.equals(v)).findFirst();
    }
}
