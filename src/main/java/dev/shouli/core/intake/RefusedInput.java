package dev.shouli.core.intake;

import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.domain.Hashes;
import dev.shouli.core.domain.Submission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much of refused input is kept. Kept verbatim without a limit, one anonymous client's 1 MB bodies added 376 MB
 * to the database in 5 s. A refused body is now stored up to its first {@code keptBytes}, with its full size and
 * SHA-256 in the stored headers, and refused bodies stored per day are bounded by {@code dailyBytes} across every
 * instance ({@code refused_input_day}); past it, refused input is only counted. Only refused input is cut: what a
 * source was told was accepted (created, merged, appended, quarantined, …) is always kept whole.
 */
final class RefusedInput {

    static final String HEADER_SIZE = "x-shouli-body-size";
    static final String HEADER_SHA256 = "x-shouli-body-sha256";
    static final String HEADER_KEPT = "x-shouli-body-kept";

    private final CoreConfig.RefusedInput limits;
    private final ZoneId zone;
    private final MeterRegistry registry;

    RefusedInput(CoreConfig.RefusedInput limits, ZoneId zone, MeterRegistry registry) {
        this.limits = limits;
        this.zone = zone;
        this.registry = registry;
    }

    /** The submission as it may be stored: its body cut to the kept bytes, its full size and hash in its headers. */
    Submission cut(Submission s) {
        byte[] body = s.body();
        Map<String, String> headers = new LinkedHashMap<>(s.headers());
        headers.put(HEADER_SIZE, String.valueOf(body.length));
        headers.put(HEADER_SHA256, Hashes.sha256Hex(body));
        if (body.length > limits.keptBytes()) {
            headers.put(HEADER_KEPT, "the first " + limits.keptBytes() + " bytes");
            body = Arrays.copyOf(body, limits.keptBytes());
        }
        return new Submission(s.channel(), s.transport(), s.externalId(), s.receivedAt(), s.contentType(), headers,
                body);
    }

    /**
     * Counts {@code stored} against today's quota in the caller's transaction.
     *
     * @return false when it does not fit: the submission must not be stored
     */
    Future<Boolean> reserve(IntakeStore store, SqlConnection conn, Submission stored, Instant now) {
        if (stored.body().length > limits.dailyBytes()) {
            return Future.succeededFuture(false); // the day's first row would take it whatever the quota
        }
        return store.reserveRefused(conn, LocalDate.ofInstant(now, zone), stored.body().length, limits.dailyBytes());
    }

    /** One refused submission, by how much of it was kept. */
    void count(Submission original, Submission stored, boolean kept) {
        String how = !kept ? "dropped" : stored.body().length < original.body().length ? "cut" : "whole";
        Counter.builder("shouli.refused.input").description("Refused submissions, by how much of them was stored")
                .tag("channel", original.channel()).tag("kept", how).register(registry).increment();
        bytes(original.channel(), "received").increment(original.body().length);
        if (kept) {
            bytes(original.channel(), "stored").increment(stored.body().length);
        }
    }

    private Counter bytes(String channel, String what) {
        return Counter.builder("shouli.refused.input.bytes").description("Bytes of refused bodies received and stored")
                .tag("channel", channel).tag("what", what).register(registry);
    }
}
