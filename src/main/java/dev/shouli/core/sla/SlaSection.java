package dev.shouli.core.sla;

import dev.shouli.core.config.ConfigTree;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Urgency;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code sla:}: calendars (files), policy rules, warning share, monitor and supervisors. */
public final class SlaSection {

    private static final Set<String> MATCH_KEYS = Set.of("channel", "kind", "urgency", "calendar");

    private SlaSection() {
    }

    public static SlaConfig from(ConfigTree c) {
        String dir = c.optionalString("sla.calendarDir");
        Calendars calendars;
        try {
            calendars = CalendarLoader.load(dir == null ? null : Path.of(dir));
        } catch (RuntimeException e) {
            throw c.invalidEntry("sla.calendarDir", e.getMessage());
        }
        List<PolicyRule> rules = new ArrayList<>();
        List<?> items = c.list("sla.policies");
        for (int i = 0; i < items.size(); i++) {
            try {
                rules.add(rule(items.get(i)));
            } catch (RuntimeException e) {
                throw c.invalidEntry("sla.policies", "rule " + (i + 1) + ": " + e.getMessage());
            }
        }
        double warnShare = c.doubleValue("sla.warnAt", 0.01, 1.0);
        try {
            // Validates the rules against the calendars now, so a typo stops the start, not an intake.
            new SlaPlanner(calendars, rules, warnShare);
        } catch (RuntimeException e) {
            throw c.invalidEntry("sla.policies", e.getMessage());
        }
        return new SlaConfig(calendars, List.copyOf(rules), warnShare, c.duration("sla.monitorInterval"),
                c.intValue("sla.monitorBatch", 1, 10_000), ConfigTree.splitList(c.optionalString("sla.supervisors")));
    }

    private static PolicyRule rule(Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a mapping such as {urgency: urgent, calendar: office, "
                    + "firstResponse: 4h}");
        }
        Map<DeadlineKind, SlaAmount> allowances = new EnumMap<>(DeadlineKind.class);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (MATCH_KEYS.contains(key)) {
                continue;
            }
            DeadlineKind kind = DeadlineKind.parse(key).filter(k -> k.configKey().equals(key))
                    .orElseThrow(() -> new IllegalArgumentException("unknown key '" + key + "'; expected channel, "
                            + "kind, urgency, calendar, receipt, firstResponse, reply, resolution"));
            allowances.put(kind, SlaAmount.parse(String.valueOf(e.getValue())));
        }
        String kind = text(map.get("kind"));
        String urgency = text(map.get("urgency"));
        String calendar = text(map.get("calendar"));
        if (calendar == null) {
            throw new IllegalArgumentException("a rule needs a calendar");
        }
        return new PolicyRule(text(map.get("channel")),
                kind == null ? null : ComplaintKind.parse(kind)
                        .orElseThrow(() -> new IllegalArgumentException("unknown kind '" + kind + "'")),
                urgency == null ? null : Urgency.parse(urgency)
                        .orElseThrow(() -> new IllegalArgumentException("unknown urgency '" + urgency + "'")),
                calendar, allowances);
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
    }
}
