package dev.shouli.dedup;

import dev.shouli.config.ShouliConfig.DedupConfig;
import dev.shouli.domain.Complaint;
import dev.shouli.domain.Submission;
import dev.shouli.intake.CaseMatch;
import dev.shouli.intake.CaseMatcher;
import dev.shouli.store.DedupStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Follow-ups and duplicates of one person (DESIGN §4, 2 and 3). Inside the intake transaction it locks the
 * submission's identity keys, then the person they belong to (advisory transaction locks, in one global
 * order), so two submissions of the same complaint on two instances at the same moment are decided one
 * after the other: the second sees the first's case and joins it.
 */
public final class DuplicateMatcher implements CaseMatcher {

    /** Persons can be united by a concurrent intake between our read and our lock; re-read this often. */
    private static final int PERSON_ATTEMPTS = 3;

    private final DedupConfig config;
    private final Profiler profiler;
    private final DedupRules rules;
    private final DedupStore store;

    public DuplicateMatcher(DedupConfig config, Profiler profiler, DedupRules rules, DedupStore store) {
        this.config = config;
        this.profiler = profiler;
        this.rules = rules;
        this.store = store;
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection conn, Submission submission, Complaint complaint) {
        if (!config.enabled()) {
            return Future.succeededFuture(Optional.empty());
        }
        CaseProfile profile = profiler.profile(complaint);
        List<String> keys = profile.identityKeys();
        if (keys.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return store.customPlans(conn)
                .compose(v -> store.lock(conn, keys.stream().map(k -> "id:" + k).toList()))
                .compose(v -> person(conn, keys, complaint.receivedAt(), PERSON_ATTEMPTS))
                .compose(person -> store.openCasesOf(conn, person,
                                complaint.receivedAt().minus(config.duplicateWindow()), config.maxCandidates())
                        .map(candidates -> rules.join(profile, candidates, keys).map(d -> new CaseMatch(
                                d.target().caseId(), d.target().reference(), d.outcome(),
                                d.why().put("person", person)))));
    }

    /**
     * The one person these keys belong to: a new one, the one they already name, or — when they name several
     * (an email that states a phone number already known) — those united under the lowest id.
     */
    private Future<Long> person(SqlConnection conn, List<String> keys, Instant at, int attempts) {
        return store.personsOf(conn, keys).compose(known -> {
            TreeSet<Long> persons = new TreeSet<>(known.values());
            if (persons.isEmpty()) {
                return store.newPerson(conn).compose(p -> store.lock(conn, List.of(personLock(p)))
                        .compose(v -> store.addKeys(conn, p, keys, at)).map(p));
            }
            return store.lock(conn, persons.stream().map(DuplicateMatcher::personLock).toList())
                    .compose(v -> store.personsOf(conn, keys))
                    .compose(again -> {
                        if (!sameOwners(known, again) && attempts > 1) {
                            return person(conn, keys, at, attempts - 1);
                        }
                        TreeSet<Long> now = new TreeSet<>(again.values());
                        long canonical = now.first();
                        List<Long> others = now.stream().filter(p -> p != canonical).toList();
                        Future<Void> united = others.isEmpty() ? Future.succeededFuture()
                                : store.unite(conn, canonical, others);
                        return united.compose(v -> store.addKeys(conn, canonical, keys, at)).map(canonical);
                    });
        });
    }

    private static boolean sameOwners(Map<String, Long> before, Map<String, Long> after) {
        return before.equals(after);
    }

    /** Zero-padded so that sorting lock names sorts persons by id. */
    static String personLock(long person) {
        return String.format("person:%019d", person);
    }
}
