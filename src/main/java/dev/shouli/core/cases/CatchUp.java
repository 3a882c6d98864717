package dev.shouli.core.cases;

import dev.shouli.core.domain.CaseStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The desk's transitions that take a case from one status to a later one, and what each step is given. */
final class CatchUp {

    private static final Map<CaseStatus, Integer> ORDER = Map.of(CaseStatus.NEW, 0, CaseStatus.ACKNOWLEDGED, 1,
            CaseStatus.IN_PROGRESS, 2, CaseStatus.RESOLVED, 3, CaseStatus.CLOSED, 4);
    private static final Set<CaseStatus> OPEN = Set.of(CaseStatus.NEW, CaseStatus.ACKNOWLEDGED, CaseStatus.IN_PROGRESS);

    private CatchUp() {
    }

    /** The actions from {@code from} to {@code to}; none when the case is there already, past it, or merged. */
    static List<DeskAction> path(CaseStatus from, CaseStatus to) {
        if (to == CaseStatus.RETURNED) {
            return OPEN.contains(from) ? List.of(DeskAction.RETURN) : List.of();
        }
        Integer f = ORDER.get(from);
        Integer t = ORDER.get(to);
        if (f == null || t == null || f >= t) {
            return List.of();
        }
        return switch (to) {
            case ACKNOWLEDGED -> List.of(DeskAction.ACKNOWLEDGE);
            case IN_PROGRESS -> List.of(DeskAction.START);
            case RESOLVED -> from == CaseStatus.NEW ? List.of(DeskAction.ACKNOWLEDGE, DeskAction.RESOLVE)
                    : List.of(DeskAction.RESOLVE);
            case CLOSED -> from == CaseStatus.NEW ? List.of(DeskAction.ACKNOWLEDGE, DeskAction.RESOLVE, DeskAction.CLOSE)
                    : from == CaseStatus.RESOLVED ? List.of(DeskAction.CLOSE)
                    : List.of(DeskAction.RESOLVE, DeskAction.CLOSE);
            default -> List.of();
        };
    }

    /**
     * What one step takes from the standing texts: a resolve its result, a return its reason; the last step the
     * public note (told when asked) and the request key, which makes the whole catch-up happen once.
     */
    static JsonObject parameters(DeskAction step, JsonObject standing, String assignee, boolean last) {
        JsonObject p = new JsonObject();
        switch (step) {
            case ASSIGN -> p.put("assignee", assignee);
            case RESOLVE -> copy(standing, p, "result");
            case RETURN -> {
                copy(standing, p, "reason");
                copy(standing, p, "reasonCode");
            }
            default -> { }
        }
        String key = standing.getString(ActionParameters.REQUEST_KEY);
        if (key != null) {
            p.put(ActionParameters.REQUEST_KEY, last ? key : key + "#" + step.code());
        }
        if (last) {
            for (String field : standing.fieldNames()) {
                if (field.equals(ActionParameters.PUBLIC_NOTE) || field.startsWith(ActionParameters.PUBLIC_NOTE + "@")
                        || field.equals(ActionParameters.NOTIFY)
                        || step == DeskAction.RESOLVE && field.startsWith("result@")) {
                    p.put(field, standing.getValue(field));
                }
            }
        }
        return p;
    }

    static boolean hasPublicNote(JsonObject standing) {
        return standing.fieldNames().stream().anyMatch(f -> f.equals(ActionParameters.PUBLIC_NOTE)
                || f.startsWith(ActionParameters.PUBLIC_NOTE + "@"));
    }

    private static void copy(JsonObject from, JsonObject to, String field) {
        if (from.getValue(field) != null) {
            to.put(field, from.getValue(field));
        }
    }
}
