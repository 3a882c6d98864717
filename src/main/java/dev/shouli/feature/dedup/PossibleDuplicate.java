package dev.shouli.feature.dedup;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A possible duplicate: a submission made into a case of its own ({@code caseId}) although its contact leads to
 * another case ({@code existingCaseId}), because it has not proven that contact; waiting for the existing case's
 * contact or the desk to decide.
 */
public record PossibleDuplicate(long id, long caseId, String reference, long submissionId, long existingCaseId,
                                String existingReference, String outcome, JsonObject why, String state, Instant createdAt,
                                Instant linkExpiresAt, Instant decidedAt, String decidedBy, String priorStatus,
                                String status, String existingStatus, String subject, String existingSubject,
                                String respondent, String language, String existingLanguage) {

    /** The role the submission takes on the existing case when joined. */
    public String role() {
        return "appended".equals(outcome) ? "follow_up" : "duplicate";
    }
}
