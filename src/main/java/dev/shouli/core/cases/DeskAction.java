package dev.shouli.core.cases;

import dev.shouli.core.domain.CaseStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The desk's actions on a case and the statuses each is allowed from. {@code target} null means the status
 * stays as it is (assign, pause, resume, extend, reply, phone-reply, note).
 */
public enum DeskAction {
    ACKNOWLEDGE("acknowledge", EnumSet.of(CaseStatus.NEW), CaseStatus.ACKNOWLEDGED),
    ASSIGN("assign", EnumSet.of(CaseStatus.NEW, CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS), null),
    START("start", EnumSet.of(CaseStatus.NEW, CaseStatus.ACKNOWLEDGED), CaseStatus.IN_PROGRESS),
    PAUSE("pause", EnumSet.of(CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS), null),
    RESUME("resume", EnumSet.of(CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS), null),
    EXTEND("extend", EnumSet.of(CaseStatus.NEW, CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS), null),
    RETURN("return", EnumSet.of(CaseStatus.NEW, CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS), CaseStatus.RETURNED),
    RESOLVE("resolve", EnumSet.of(CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS), CaseStatus.RESOLVED),
    CLOSE("close", EnumSet.of(CaseStatus.RESOLVED), CaseStatus.CLOSED),
    REOPEN("reopen", EnumSet.of(CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.RETURNED), CaseStatus.IN_PROGRESS),
    /** 答复: a reply written to the complainant, sent through their own channel (outbox kind {@code reply}). */
    REPLY("reply", EnumSet.of(CaseStatus.NEW, CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED),
            null),
    /** 电话回复: the desk answered the complainant by phone; who called, when, and what was said. */
    PHONE_REPLY("phone-reply", EnumSet.of(CaseStatus.NEW, CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS,
            CaseStatus.RESOLVED), null),
    /** 说明: a public note (and/or an internal one) without changing anything else — "we are on it". */
    NOTE("note", EnumSet.of(CaseStatus.NEW, CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED,
            CaseStatus.CLOSED, CaseStatus.RETURNED), null);

    private final String code;
    private final Set<CaseStatus> from;
    private final CaseStatus target;

    DeskAction(String code, Set<CaseStatus> from, CaseStatus target) {
        this.code = code;
        this.from = from;
        this.target = target;
    }

    public String code() {
        return code;
    }

    public Set<CaseStatus> allowedFrom() {
        return from;
    }

    /** The status after the action, given the status before it. */
    public CaseStatus targetFrom(CaseStatus current) {
        return target == null ? current : target;
    }

    public static Optional<DeskAction> parse(String value) {
        return Arrays.stream(values()).filter(a -> a.code.equals(value)).findFirst();
    }
}
