package dev.shouli.core.domain;

import java.util.Optional;

/** What the complainant is doing: the six matter types used by 12345 platforms (GB/T 33358). */
public enum ComplaintKind implements BilingualCode {
    COMPLAINT("complaint", "投诉"),
    REPORT("report", "举报"),
    INQUIRY("inquiry", "咨询"),
    SUGGESTION("suggestion", "建议"),
    HELP("help", "求助"),
    PRAISE("praise", "表扬");

    private final String code;
    private final String chinese;

    ComplaintKind(String code, String chinese) {
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

    /** Accepts the English code or the Chinese name, so hotline and form values both map. */
    public static Optional<ComplaintKind> parse(String value) {
        return BilingualCode.parse(ComplaintKind.class, value);
    }
}
