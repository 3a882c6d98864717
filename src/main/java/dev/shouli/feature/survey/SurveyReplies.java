package dev.shouli.feature.survey;

import dev.shouli.core.db.AdvisoryLocks;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;
import dev.shouli.core.intake.CaseMatch;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeBatch;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import dev.shouli.core.intake.IntakeUnit;
import dev.shouli.feature.survey.SurveyStore.Survey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers to 回访 that arrive as messages, through the follow-up paths every message takes: an SMS from the
 * number a question went to, and an e-mail that threads onto the case (a reply to our question or to any mail
 * of the case). As a matcher it puts an SMS reply on the surveyed case — never a new case — even though that
 * case is resolved and the ordinary SMS follow-up rule only looks at open ones; as a hook it records the
 * answer once the submission is on the case. A second answer replaces the first, both kept.
 *
 * <p>An SMS counts as a reply when it starts with a verdict (1/2/3, 满意 …) while the question takes answers,
 * or says anything at all while the question is still awaiting its first answer (a comment). An e-mail
 * counts when it starts with a verdict.
 */
public final class SurveyReplies implements CaseMatcher, IntakeHook {

    private static final String SMS = "sms";
    private static final String EMAIL = "email";

    private final SurveyStore store;
    private final SurveyAnswers answers;
    private final SurveyConfig config;

    public SurveyReplies(SurveyStore store, SurveyAnswers answers, SurveyConfig config) {
        this.store = store;
        this.answers = answers;
        this.config = config;
    }

    /** A message understood as a reply to one survey. */
    private record Reply(Survey survey, SurveyReply.Parsed parsed) {
    }

    /** The number's lock (the one the SMS follow-up rule takes), held from the start of the intake transaction. */
    @Override
    public List<String> lockNames(IntakeUnit unit) {
        String phone = unit.complaint().complainant().phone();
        return SMS.equals(unit.submission().channel()) && phone != null ? List.of(AdvisoryLocks.smsNumber(phone))
                : List.of();
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection conn, IntakeUnit unit, IntakeBatch batch) {
        Submission submission = unit.submission();
        Complaint complaint = unit.complaint();
        if (!SMS.equals(submission.channel())) {
            return Future.succeededFuture(Optional.empty());
        }
        return smsReply(conn, complaint).map(found -> found.map(r -> new CaseMatch(r.survey().caseId(),
                r.survey().reference(), IntakeOutcome.APPENDED, new JsonObject()
                        .put("rule", "survey-reply")
                        .put("round", r.survey().round())
                        .put("verdict", r.parsed() == null ? null : r.parsed().verdict().code()))));
    }

    @Override
    public Future<Void> afterIntake(SqlConnection conn, IntakeEvent event) {
        if (event.outcome() != IntakeOutcome.APPENDED) {
            return Future.succeededFuture();
        }
        Future<Optional<Reply>> reply = switch (event.submission().channel()) {
            case SMS -> smsReply(conn, event.complaint());
            case EMAIL -> emailReply(conn, event);
            default -> Future.succeededFuture(Optional.empty());
        };
        return reply.compose(found -> found.filter(r -> r.survey().caseId() == event.caseId())
                .map(r -> answers.record(conn, r.survey(), r.parsed() == null ? null : r.parsed().verdict(),
                        r.parsed() == null ? event.complaint().description() : r.parsed().comment(),
                        event.submission().channel(), event.submissionId(), event.complaint().receivedAt(),
                        SurveyAnswers.Reaction.CONFIGURED, SurveyAnswers.ACTOR))
                .orElse(Future.succeededFuture()));
    }

    /**
     * The same decision for the matcher and the hook, on the same row, under the number's lock
     * ({@link #lockNames}), held until the intake commits.
     */
    private Future<Optional<Reply>> smsReply(SqlConnection conn, Complaint complaint) {
        String phone = complaint.complainant().phone();
        if (phone == null) {
            return Future.succeededFuture(Optional.empty());
        }
        Instant at = complaint.receivedAt();
        return store.latestForAddress(conn, SMS, phone, at.minus(config.acceptRepliesFor()))
                .map(found -> found.flatMap(s -> {
                    Optional<SurveyReply.Parsed> parsed = SurveyReply.parse(complaint.description());
                    if (parsed.isPresent()) {
                        return Optional.of(new Reply(s, parsed.get()));
                    }
                    boolean awaiting = "sent".equals(s.state()) && s.answerBy() != null && s.answerBy().isAfter(at);
                    return awaiting ? Optional.of(new Reply(s, null)) : Optional.empty();
                }));
    }

    private Future<Optional<Reply>> emailReply(SqlConnection conn, IntakeEvent event) {
        Optional<SurveyReply.Parsed> parsed = SurveyReply.parse(event.complaint().description());
        if (parsed.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        Instant since = event.complaint().receivedAt().minus(config.acceptRepliesFor());
        return store.latestOfCase(conn, event.caseId(), since)
                .map(found -> found.filter(s -> !"hotline".equals(s.channel())).map(s -> new Reply(s, parsed.get())));
    }
}
