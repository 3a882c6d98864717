package dev.shouli.core.domain;

import java.time.Instant;

/** The first clocks of a case: receipt (acknowledgement), first response, resolution. */
public record Deadlines(Instant acknowledgeBy, Instant firstResponseBy, Instant resolveBy) {
}
