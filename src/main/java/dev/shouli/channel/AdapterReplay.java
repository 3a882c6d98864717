package dev.shouli.channel;

import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.intake.IntakeResult;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.SubmissionReplay;
import io.vertx.core.Future;

/** Re-runs a stored submission through a channel adapter: what it refuses now is recorded as quarantined again. */
public final class AdapterReplay implements SubmissionReplay {

    private final ChannelAdapter adapter;
    private final IntakeService intake;

    public AdapterReplay(ChannelAdapter adapter, IntakeService intake) {
        this.adapter = adapter;
        this.intake = intake;
    }

    @Override
    public String channel() {
        return adapter.channel();
    }

    @Override
    public Future<IntakeResult> replay(Stored stored, String key) {
        IncomingRequest request = new IncomingRequest(stored.receivedAt(), stored.contentType(), stored.headers(),
                stored.body());
        Submission submission = new Submission(adapter.channel(), "rerun", key, stored.receivedAt(),
                stored.contentType(), stored.headers(), stored.body());
        try {
            ParsedSubmission parsed = adapter.parse(request);
            return intake.submit(submission, parsed.draft());
        } catch (HttpProblem refused) {
            return intake.record(submission, IntakeOutcome.QUARANTINED, refused.getMessage(), null);
        }
    }
}
