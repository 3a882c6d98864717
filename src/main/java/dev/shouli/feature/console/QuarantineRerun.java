package dev.shouli.feature.console;

import dev.shouli.channel.ChannelAdapter;
import dev.shouli.channel.IncomingRequest;
import dev.shouli.channel.ParsedSubmission;
import dev.shouli.channel.email.EmailIntake;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes a quarantined submission in again after a fix, through the one intake path: its stored bytes go
 * through the channel's own adapter (the email adapter, the JSON API adapter) and {@link IntakeService}, under
 * the redelivery key {@code <original key>#rerun-<id>}, so the original row stays exactly as it arrived and a
 * second re-run is answered like a redelivery. Who did it and what came of it is recorded (submission_rerun,
 * and {@code rerun_from} in the history of the case it made or joined).
 */
final class QuarantineRerun {

    private final IntakeService intake;
    private final EmailIntake email;
    private final Map<String, ChannelAdapter> adapters = new HashMap<>();
    private final RerunStore store;
    private final Clock clock;

    QuarantineRerun(IntakeService intake, EmailIntake email, List<ChannelAdapter> adapters, RerunStore store,
                    Clock clock) {
        this.intake = intake;
        this.email = email;
        adapters.forEach(a -> this.adapters.put(a.channel(), a));
        this.store = store;
        this.clock = clock;
    }

    boolean supports(String channel) {
        return EmailIntake.CHANNEL.equals(channel) || adapters.containsKey(channel);
    }

    /** @param original the stored submission as the desk API shows it (bodyBase64, headers, externalId, …) */
    Future<IntakeResult> rerun(JsonObject original, String actor) {
        long id = original.getLong("id");
        String channel = original.getString("channel");
        String key = (original.getString("externalId") == null ? "quarantined-" + id : original.getString("externalId"))
                + "#rerun-" + id;
        byte[] body = Base64.getDecoder().decode(original.getString("bodyBase64"));
        java.time.Instant receivedAt = java.time.Instant.parse(original.getString("receivedAt"));
        Future<IntakeResult> result;
        if (EmailIntake.CHANNEL.equals(channel)) {
            result = email.acceptAgain(body, receivedAt, key);
        } else if (adapters.containsKey(channel)) {
            Map<String, String> headers = new HashMap<>();
            JsonObject stored = original.getJsonObject("headers", new JsonObject());
            stored.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
            IncomingRequest request = new IncomingRequest(receivedAt, original.getString("contentType"), headers, body);
            Submission submission = new Submission(channel, "rerun", key, receivedAt, original.getString("contentType"),
                    headers, body);
            try {
                ParsedSubmission parsed = adapters.get(channel).parse(request);
                result = intake.submit(submission, parsed.draft());
            } catch (HttpProblem refused) {
                result = intake.record(submission, IntakeOutcome.QUARANTINED, refused.getMessage(), null);
            }
        } else {
            return Future.failedFuture(ConsoleProblem.badRequest(null));
        }
        return result.compose(r -> store.record(id, channel, key, actor, clock.instant(), r.outcome().code(),
                r.reference(), r.reason()).map(r));
    }
}
