package dev.shouli.core.sla;

import java.util.Arrays;
import java.util.Optional;

/** The clocks of a case (docs/sla.md), in the order they normally run out. */
public enum DeadlineKind {
    /** The automatic receipt to the complainant. */
    RECEIPT("receipt", "receipt"),
    /** Sign-for (签收) of a hotline ticket, or the desk's first response. */
    FIRST_RESPONSE("first_response", "firstResponse"),
    /** The reply (回复) to the complainant. */
    REPLY("reply", "reply"),
    /** Resolution (办结). */
    RESOLUTION("resolution", "resolution");

    private final String code;
    private final String configKey;

    DeadlineKind(String code, String configKey) {
        this.code = code;
        this.configKey = configKey;
    }

    /** The value stored in sla_deadline.kind and shown in the API. */
    public String code() {
        return code;
    }

    /** The key naming this deadline in a policy rule. */
    public String configKey() {
        return configKey;
    }

    public static Optional<DeadlineKind> parse(String value) {
        return Arrays.stream(values()).filter(k -> k.code.equals(value) || k.configKey.equals(value)).findFirst();
    }
}
