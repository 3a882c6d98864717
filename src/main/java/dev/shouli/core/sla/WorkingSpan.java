package dev.shouli.core.sla;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One working interval of a day, in seconds since local midnight: [start, end). {@code end} may be 86 400
 * ("24:00"), so a 24/7 day is one span and midnight is not a break.
 */
record WorkingSpan(int start, int end) {

    private static final Pattern SPAN = Pattern.compile("(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");
    static final int DAY = 86_400;

    WorkingSpan {
        if (start < 0 || end > DAY || start >= end) {
            throw new IllegalArgumentException("a working interval must start before it ends, within one day");
        }
    }

    int length() {
        return end - start;
    }

    /** Parses "09:00-12:00, 13:30-18:00" (empty = no working time), checking order and overlap. */
    static List<WorkingSpan> parseList(String text) {
        List<WorkingSpan> spans = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return spans;
        }
        for (String part : text.split(",")) {
            Matcher m = SPAN.matcher(part.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not an interval like 09:00-12:00");
            }
            WorkingSpan span = new WorkingSpan(seconds(m.group(1), m.group(2)), seconds(m.group(3), m.group(4)));
            if (!spans.isEmpty() && spans.get(spans.size() - 1).end() > span.start()) {
                throw new IllegalArgumentException("intervals must be in order and must not overlap: " + text);
            }
            spans.add(span);
        }
        return List.copyOf(spans);
    }

    private static int seconds(String hours, String minutes) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        if (h > 24 || m > 59 || h == 24 && m != 0) {
            throw new IllegalArgumentException(hours + ":" + minutes + " is not a time of day");
        }
        return h * 3600 + m * 60;
    }
}
