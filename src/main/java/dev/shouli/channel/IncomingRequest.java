package dev.shouli.channel;

import java.time.Instant;
import java.util.Map;

/** A request as a channel adapter sees it: no Vert.x types, so adapters are plain code to test. */
public record IncomingRequest(Instant receivedAt, String contentType, Map<String, String> headers, byte[] body) {

    /** Header lookup ignoring case, as HTTP requires. */
    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
