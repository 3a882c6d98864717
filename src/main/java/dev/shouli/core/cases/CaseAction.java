package dev.shouli.core.cases;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A desk action taken on a case (acknowledge, assign, start, pause, resume, extend, return, resolve, close,
 * reopen, …), as the hooks see it after the transition was checked and before the transaction commits.
 *
 * @param caseChannel the channel the case came in on (hooks of a channel act only on their cases)
 * @param parameters  what the desk sent with the action (reason code, note, new deadline, assignee, result)
 */
public record CaseAction(long caseId, String reference, String caseChannel, String action, String fromStatus,
                         String toStatus, String actor, Instant at, JsonObject parameters) {
}
