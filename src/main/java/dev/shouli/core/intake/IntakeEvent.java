package dev.shouli.core.intake;

import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.IntakeOutcome;
import dev.shouli.core.domain.Submission;

/**
 * A submission that was just made into a case ({@code CREATED}) or joined one ({@code APPENDED}, {@code MERGED}).
 *
 * @param writes    where a hook may put statements whose answers it does not need (see {@link PendingWrites})
 * @param withheld  for a {@code CREATED} case only: the existing case a matcher found but the submission did not
 *                  join — because the submission has not proven the contact it names ({@link ContactProof}), or
 *                  because that case was made by someone who had not ({@link CaseMatch#confirmFirst()}): a possible
 *                  duplicate for the desk and for that case's own contact to confirm. Null otherwise.
 */
public record IntakeEvent(IntakeUnit unit, long submissionId, IntakeOutcome outcome, long caseId, String reference,
                          PendingWrites writes, CaseMatch withheld) {

    public Submission submission() {
        return unit.submission();
    }

    public Complaint complaint() {
        return unit.complaint();
    }
}
