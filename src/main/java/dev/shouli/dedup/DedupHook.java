package dev.shouli.dedup;

import dev.shouli.config.ShouliConfig.DedupConfig;
import dev.shouli.domain.Complaint;
import dev.shouli.domain.IntakeOutcome;
import dev.shouli.intake.IntakeEvent;
import dev.shouli.intake.IntakeHook;
import dev.shouli.store.ComplaintJson;
import dev.shouli.store.DedupStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * After intake, in its transaction: a new case gets its dedup profile (keys, respondent, place, shingles,
 * LSH bands) and, when other people reported the same problem, an incident link (DESIGN §4, 4); a merged or
 * appended submission is kept with what intake understood of it, so a desk agent can split it off again.
 */
public final class DedupHook implements IntakeHook {

    private final DedupConfig config;
    private final Profiler profiler;
    private final DedupRules rules;
    private final DedupStore store;

    public DedupHook(DedupConfig config, Profiler profiler, DedupRules rules, DedupStore store) {
        this.config = config;
        this.profiler = profiler;
        this.rules = rules;
        this.store = store;
    }

    @Override
    public Future<Void> afterIntake(SqlConnection conn, IntakeEvent event) {
        if (event.outcome() == IntakeOutcome.CREATED) {
            if (!config.enabled()) {
                // Keys only, for when matching is turned on: nothing here needs the database's answer.
                event.writes().add(store.saveCase(conn, event.caseId(), profiler.profile(event.complaint())));
                return Future.succeededFuture();
            }
            return profileAndLink(conn, event.caseId(), event.reference(), event.complaint());
        }
        if (event.outcome() == IntakeOutcome.MERGED || event.outcome() == IntakeOutcome.APPENDED) {
            return store.saveJoined(conn, event.submissionId(), event.caseId(), event.outcome().code(),
                    ComplaintJson.of(event.complaint()));
        }
        return Future.succeededFuture();
    }

    /** Stores the new case's profile and links it into an incident when the rules say so. */
    public Future<Void> profileAndLink(SqlConnection conn, long caseId, String reference, Complaint complaint) {
        CaseProfile profile = profiler.profile(complaint);
        Future<Long> person = store.saveCase(conn, caseId, profile);
        if (!config.enabled()) {
            return person.mapEmpty();
        }
        return store.customPlans(conn).compose(v -> person)
                .compose(p -> linkIncident(conn, caseId, reference, complaint, profile, p));
    }

    private Future<Void> linkIncident(SqlConnection conn, long caseId, String reference, Complaint complaint,
                                      CaseProfile profile, Long person) {
        return store.lock(conn, incidentLocks(profile))
                .compose(v -> store.incidentCandidates(conn, profile, caseId,
                        complaint.receivedAt().minus(config.incidentWindow()), config.maxCandidates()))
                .compose(candidates -> rules.incident(profile, person, candidates)
                        .map(d -> link(conn, caseId, reference, complaint, profile, d))
                        .orElse(Future.succeededFuture()));
    }

    private Future<Void> link(SqlConnection conn, long caseId, String reference, Complaint complaint,
                              CaseProfile profile, DedupRules.Decision d) {
        StoredCase other = d.target();
        JsonObject why = d.why();
        if (other.incidentId() != null) {
            return store.joinIncident(conn, other.incidentId(), List.of(caseId), complaint.receivedAt())
                    .compose(v -> store.event(conn, caseId, complaint.receivedAt(), "dedup", "incident_linked",
                            why.copy().put("incidentId", other.incidentId())));
        }
        String respondent = complaint.respondent().organisation() != null ? complaint.respondent().organisation()
                : other.respondent().known() ? other.respondent().base() : null;
        String title = respondent != null ? respondent
                : complaint.location().address() != null ? complaint.location().address() : complaint.subject();
        return store.createIncident(conn, respondent, complaint.location().address(), title,
                        complaint.receivedAt(), List.of(other.caseId(), caseId))
                .compose(incident -> store.event(conn, caseId, complaint.receivedAt(), "dedup", "incident_linked",
                                why.copy().put("incidentId", incident))
                        .compose(v -> store.event(conn, other.caseId(), complaint.receivedAt(), "dedup",
                                "incident_linked", why.copy().put("incidentId", incident)
                                        .put("matchedReference", reference))));
    }

    /**
     * Two reports of the same problem arriving together must not each start an incident: they serialise on
     * the respondent (its first two characters, so a branch written without 店 meets its parent), the place
     * and the LSH bands they could meet through.
     */
    static List<String> incidentLocks(CaseProfile p) {
        List<String> locks = new ArrayList<>();
        if (p.respondent().known()) {
            locks.add("respondent:" + p.respondent().root());
        }
        for (String place : p.placeKeys()) {
            locks.add("place:" + place);
        }
        if (p.fingerprint().size() > 0) {
            for (long band : p.fingerprint().bands()) {
                locks.add("band:" + band);
            }
        }
        return locks;
    }
}
