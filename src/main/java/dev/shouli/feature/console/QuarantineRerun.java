package dev.shouli.feature.console;

import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.SubmissionReplay;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Takes a quarantined submission in again after a fix, through the one intake path: its stored bytes go
 * through the channel's own reading (each channel that can provides a {@link SubmissionReplay}), under the
 * redelivery key {@code <original key>#rerun-<id>}, so the original row stays exactly as it arrived and a
 * second re-run is answered like a redelivery. Who did it and what came of it is recorded (submission_rerun,
 * and {@code rerun_from} in the history of the case it made or joined).
 */
final class QuarantineRerun {

    private final Supplier<List<SubmissionReplay>> replays;
    private final RerunStore store;
    private final Clock clock;

    QuarantineRerun(Supplier<List<SubmissionReplay>> replays, RerunStore store, Clock clock) {
        this.replays = replays;
        this.store = store;
        this.clock = clock;
    }

    boolean supports(String channel) {
        return replay(channel).isPresent();
    }

    private Optional<SubmissionReplay> replay(String channel) {
        return replays.get().stream().filter(r -> r.channel().equals(channel)).findFirst();
    }

    /** @param original the stored submission as the desk API shows it (bodyBase64, headers, externalId, …) */
    Future<IntakeResult> rerun(JsonObject original, String actor) {
        long id = original.getLong("id");
        String channel = original.getString("channel");
        Optional<SubmissionReplay> replay = replay(channel);
        if (replay.isEmpty()) {
            return Future.failedFuture(ConsoleProblem.badRequest(null));
        }
        String key = (original.getString("externalId") == null ? "quarantined-" + id : original.getString("externalId"))
                + "#rerun-" + id;
        Map<String, String> headers = new HashMap<>();
        original.getJsonObject("headers", new JsonObject())
                .forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
        SubmissionReplay.Stored stored = new SubmissionReplay.Stored(id, channel,
                Instant.parse(original.getString("receivedAt")), original.getString("contentType"), headers,
                Base64.getDecoder().decode(original.getString("bodyBase64")));
        return replay.get().replay(stored, key).compose(r -> store.record(id, channel, key, actor, clock.instant(),
                r.outcome().code(), r.reference(), r.reason()).map(r));
    }
}
