package dev.shouli.core.intake;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;

/**
 * Takes a stored submission in again through its channel's own reading and the one intake path — after a parser
 * fix, for a quarantined submission. Each channel that can read its stored bytes again provides one.
 */
public interface SubmissionReplay {

    /** The channel of the submissions this replays, e.g. {@code email}. */
    String channel();

    /**
     * @param key the redelivery key of the re-run, so the original row stays as it arrived and a second re-run is
     *            answered like a redelivery
     */
    Future<IntakeResult> replay(Stored submission, String key);

    /** A submission as it was stored: its bytes, headers and when it arrived. */
    record Stored(long id, String channel, Instant receivedAt, String contentType, Map<String, String> headers,
                  byte[] body) {
    }
}
