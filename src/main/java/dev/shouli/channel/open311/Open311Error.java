package dev.shouli.channel.open311;

import java.util.List;

/**
 * A GeoReport error: the HTTP status (404 for what does not exist, 403 for a missing or wrong api_key,
 * 400 for anything else the client must fix) and one or more {@code {code, description}} entries.
 */
public final class Open311Error extends RuntimeException {

    /** One entry of the errors array. */
    public record Entry(int code, String description) {
    }

    private final int status;
    private final List<Entry> entries;

    public Open311Error(int status, String description) {
        this(status, List.of(new Entry(status, description)));
    }

    public Open311Error(int status, List<Entry> entries) {
        super(entries.isEmpty() ? "error" : entries.get(0).description(), null, false, false);
        this.status = status;
        this.entries = List.copyOf(entries);
    }

    public int status() {
        return status;
    }

    public List<Entry> entries() {
        return entries;
    }
}
