package dev.shouli.channel;

import dev.shouli.core.http.HttpProblem;
import java.util.List;

/**
 * One source of complaints behind a small interface: where it listens, what it accepts, and how its bytes
 * become a draft. Adapters only translate and verify; they never touch SQL. Intake does the rest.
 */
public interface ChannelAdapter {

    /** The channel name stored with every submission, e.g. {@code api}. */
    String channel();

    /** The HTTP path it is served at. */
    String path();

    /** Media types accepted (without parameters); anything else is a 415. */
    List<String> contentTypes();

    /**
     * Reads and validates a request.
     *
     * @throws HttpProblem a 4xx telling the caller what to fix; the raw input is still recorded
     */
    ParsedSubmission parse(IncomingRequest request);
}
