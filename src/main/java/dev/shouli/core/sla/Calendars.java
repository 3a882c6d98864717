package dev.shouli.core.sla;

import java.util.Map;
import java.util.Set;

/** The named calendars the gateway knows (e.g. {@code office}, {@code always}). */
public final class Calendars {

    private final Map<String, BusinessCalendar> byName;

    Calendars(Map<String, BusinessCalendar> byName) {
        this.byName = Map.copyOf(byName);
    }

    public BusinessCalendar get(String name) {
        BusinessCalendar calendar = byName.get(name);
        if (calendar == null) {
            throw new IllegalArgumentException("no calendar named '" + name + "'; known: " + byName.keySet());
        }
        return calendar;
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
