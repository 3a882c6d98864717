package dev.shouli.core.sla;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A case's deadlines as the desk sees them, with the business time left on each calendar. */
public final class SlaView {

    private final Calendars calendars;
    private final Clock clock;

    public SlaView(Calendars calendars, Clock clock) {
        this.calendars = calendars;
        this.clock = clock;
    }

    public JsonArray render(List<SlaDeadline> deadlines) {
        Instant now = clock.instant();
        JsonArray out = new JsonArray();
        for (SlaDeadline d : deadlines) {
            JsonObject json = new JsonObject()
                    .put("kind", d.kind().code())
                    .put("state", d.state())
                    .put("calendar", d.calendar())
                    .put("source", d.source())
                    .put("startedAt", text(d.startedAt()))
                    .put("dueAt", text(d.dueAt()))
                    .put("originalDueAt", text(d.originalDueAt()))
                    .put("warnAt", text(d.warnAt()))
                    .put("warnedAt", text(d.warnedAt()))
                    .put("breachedAt", text(d.breachedAt()))
                    .put("metAt", text(d.metAt()))
                    .put("pausedSince", text(d.pausedSince()))
                    .put("pausedBusinessSeconds", d.pausedSeconds())
                    .put("extensions", d.extensions())
                    .put("extensionReason", d.extensionReason())
                    .put("extendedAt", text(d.extendedAt()))
                    .put("extendedBy", d.extendedBy());
            if (d.isOpen() && calendars.has(d.calendar())) {
                Duration left = d.remaining(now, calendars.get(d.calendar()));
                json.put("remainingBusinessSeconds", left.getSeconds()).put("remaining", left.toString());
            }
            out.add(json);
        }
        return out;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
