package dev.shouli.feature.console;

import dev.shouli.core.cases.CaseAction;
import dev.shouli.core.cases.CaseActionHook;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.intake.IntakeEvent;
import dev.shouli.core.intake.IntakeHook;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Marks a case for the desk when the citizen side adds to it — a follow-up or duplicate joins it (intake), a 回访
 * 不满意 or a hotline platform re-opens it — and when anyone re-opens it; in the transaction that did it, so the
 * mark and its cause commit together. The case list's queues 有新进展 and 重办/不满意 read the marks.
 */
final class AttentionHooks implements IntakeHook, CaseActionHook {

    /** Who re-opens a case on the complainant's behalf: the 回访 answer, a hotline platform. */
    static boolean citizenSide(String actor) {
        return "survey".equals(actor) || actor != null && actor.startsWith("hotline:");
    }

    @Override
    public Future<Void> afterIntake(SqlConnection conn, IntakeEvent event) {
        if (event.outcome() == IntakeOutcome.MERGED || event.outcome() == IntakeOutcome.APPENDED) {
            event.writes().add(AttentionStore.input(conn, event.caseId(), event.outcome().code(),
                    event.submission().receivedAt()));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> onAction(SqlConnection conn, CaseAction action) {
        if (!"reopen".equals(action.action())) {
            return Future.succeededFuture();
        }
        Future<Void> reopened = AttentionStore.reopened(conn, action.caseId(), action.actor(), action.at());
        // Our 回访's answer, or the platform's own re-open of its ticket (after its 回访, which we do not see).
        String kind = "survey".equals(action.actor()) ? "dissatisfied" : "platform-reopened";
        return citizenSide(action.actor())
                ? reopened.compose(v -> AttentionStore.input(conn, action.caseId(), kind, action.at()))
                : reopened;
    }
}
