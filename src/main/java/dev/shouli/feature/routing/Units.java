package dev.shouli.feature.routing;

import dev.shouli.core.sla.Calendars;
import dev.shouli.core.sla.SlaAmount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The units cases are routed to (承办单位, the desk's teams) and triage (分拣), where cases wait that no rule
 * routed. Members are managed in the console; what is configured is each unit's names, how it assigns (none,
 * round-robin among members on duty, fewest open cases), the business calendar its members are on duty on, and
 * optionally its own time limit for a case (承办时限).
 */
final class Units {

    enum Policy {
        NONE("none"), ROUND_ROBIN("round_robin"), FEWEST_OPEN("fewest_open");

        private final String code;

        Policy(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }

        static Optional<Policy> parse(String code) {
            return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
        }

        static String codes() {
            return Arrays.stream(values()).map(Policy::code).toList().toString();
        }
    }

    /** @param deadline the unit's own time limit for a case; for triage its deadline; may be null */
    record Unit(String code, Map<String, String> names, Policy policy, String calendar, SlaAmount deadline,
                boolean triage) {

        String name(String language) {
            String name = names.get(language);
            return name != null ? name : names.getOrDefault("zh-CN", code);
        }
    }

    private final Map<String, Unit> byCode;
    private final String triage;

    private Units(Map<String, Unit> byCode, String triage) {
        this.byCode = byCode;
        this.triage = triage;
    }

    /**
     * @param triage {@code {code, policy, calendar, deadline}}
     * @param units  {@code [{code, names, policy, calendar, deadline}]}
     */
    static Units parse(Map<?, ?> triage, List<?> units, Calendars calendars) {
        Map<String, Unit> out = new LinkedHashMap<>();
        Yamls.onlyKeys(triage, "triage", "code", "policy", "calendar", "deadline");
        String triageCode = Yamls.requiredString(triage, "code", "triage");
        out.put(triageCode, unit(triage, "triage", calendars, true, Map.of("zh-CN", "分拣", "zh-TW", "分揀",
                "en", "Triage")));
        for (int i = 0; i < units.size(); i++) {
            String at = "units[" + i + "]";
            Map<?, ?> u = Yamls.map(units.get(i), at);
            Yamls.onlyKeys(u, at, "code", "names", "policy", "calendar", "deadline");
            Map<String, String> names = new LinkedHashMap<>();
            if (u.get("names") != null) {
                Yamls.map(u.get("names"), at + ".names").forEach((k, v) -> names.put(String.valueOf(k),
                        String.valueOf(v).strip()));
            }
            Unit unit = unit(u, at, calendars, false, names);
            if (out.containsKey(unit.code())) {
                throw new IllegalArgumentException(at + ".code: unit '" + unit.code() + "' is defined twice"
                        + (unit.code().equals(triageCode) ? " (it is the triage unit)" : ""));
            }
            out.put(unit.code(), unit);
        }
        return new Units(out, triageCode);
    }

    private static Unit unit(Map<?, ?> u, String at, Calendars calendars, boolean triage, Map<String, String> names) {
        String code = Yamls.requiredString(u, "code", at);
        if (!code.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException(at + ".code: '" + code + "' must be 1–40 letters, digits, '_', '.' "
                    + "or '-' (it is part of console addresses)");
        }
        String policyCode = Yamls.optionalString(u, "policy", at);
        Policy policy = policyCode == null ? Policy.NONE : Policy.parse(policyCode).orElseThrow(
                () -> new IllegalArgumentException(at + ".policy: '" + policyCode + "' is not one of " + Policy.codes()));
        String calendar = Yamls.optionalString(u, "calendar", at);
        calendar = calendar == null ? "office" : calendar;
        if (!calendars.has(calendar)) {
            throw new IllegalArgumentException(at + ".calendar: no business calendar '" + calendar + "'; there are "
                    + calendars.names());
        }
        SlaAmount deadline = amount(Yamls.optionalString(u, "deadline", at), at + ".deadline", calendars);
        return new Unit(code, Map.copyOf(names), policy, calendar, deadline, triage);
    }

    static SlaAmount amount(String text, String at, Calendars calendars) {
        if (text == null) {
            return null;
        }
        try {
            SlaAmount amount = SlaAmount.parse(text);
            if (amount.calendar() != null && !calendars.has(amount.calendar())) {
                throw new IllegalArgumentException("no business calendar '" + amount.calendar() + "'");
            }
            return amount;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage());
        }
    }

    Optional<Unit> get(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    Unit triage() {
        return byCode.get(triage);
    }

    /** Triage first, then the handling units in configuration order. */
    List<Unit> all() {
        return new ArrayList<>(byCode.values());
    }

    String describe() {
        return "units are " + byCode.keySet();
    }
}
