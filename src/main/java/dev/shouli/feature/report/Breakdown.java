package dev.shouli.feature.report;

import dev.shouli.feature.report.ReportStore.Dimensions;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a report is broken down by. Every case falls in exactly one group of each, so the groups' counts add
 * up to the period's total: a case without a category, respondent or assignee has its own group.
 */
public enum Breakdown {
    NONE("none", "全部"),
    CHANNEL("channel", "渠道"),
    KIND("kind", "类型"),
    CATEGORY("category", "分类"),
    RESPONDENT("respondent", "被投诉方"),
    ASSIGNEE("assignee", "承办人");

    /** The key of the "no value" group: no category, unknown respondent, not assigned. */
    public static final String NONE_KEY = "";
    public static final String ALL_KEY = "*";

    private final String code;
    private final String chinese;

    Breakdown(String code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    public String code() {
        return code;
    }

    public String chinese() {
        return chinese;
    }

    public static Optional<Breakdown> parse(String value) {
        return Arrays.stream(values()).filter(b -> b.code.equals(value)).findFirst();
    }

    /** The group a case is counted in: the channel name, kind code, GB/T 39666 code, respondent key, assignee. */
    public String key(Dimensions d) {
        return switch (this) {
            case NONE -> ALL_KEY;
            case CHANNEL -> d.channel();
            case KIND -> d.kind();
            case CATEGORY -> d.category();
            case RESPONDENT -> d.respondent();
            case ASSIGNEE -> d.assignee();
        };
    }

    /**
     * What the group is called in a report: the respondent by a name it was written as, the assignee by their
     * display name ({@code name}, when known).
     */
    public String label(String key, String name) {
        if (this == NONE) {
            return "合计";
        }
        if (NONE_KEY.equals(key)) {
            return switch (this) {
                case CATEGORY -> "（未分类）";
                case RESPONDENT -> "（未知）";
                case ASSIGNEE -> "（未分派）";
                default -> "（无）";
            };
        }
        return (this == RESPONDENT || this == ASSIGNEE) && name != null ? name : key;
    }
}
