package dev.shouli.channel.hotline;

import dev.shouli.core.domain.BilingualCode;
import java.util.Optional;

/** What a message about a work order is: the first dispatch, or a later message about the same ticket. */
public enum MessageKind implements BilingualCode {
    NEW("new", "新建"),
    SUPPLEMENT("supplement", "补充"),
    URGE("urge", "催办"),
    REVOKE("revoke", "撤单"),
    REASSIGN("reassign", "改派"),
    /** The platform's 回访 result: the caller's verdict, and whether the platform sends the ticket back. */
    EVALUATION("evaluation", "回访");

    private final String code;
    private final String chinese;

    MessageKind(String code, String chinese) {
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

    public static Optional<MessageKind> parse(String value) {
        return BilingualCode.parse(MessageKind.class, value);
    }
}
