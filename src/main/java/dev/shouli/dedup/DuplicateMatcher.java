package dev.shouli.dedup;

import dev.shouli.config.ShouliConfig.DedupConfig;
import dev.shouli.intake.CaseMatch;
import dev.shouli.intake.CaseMatcher;
import dev.shouli.intake.ContactProof;
import dev.shouli.intake.GroupCommit;
import dev.shouli.intake.IntakeBatch;
import dev.shouli.intake.IntakeUnit;
import dev.shouli.store.DedupStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follow-ups and duplicates of one person (DESIGN §4, 2 and 3), decided before the source is answered.
 *
 * <p>Locks, all taken when the intake transaction opens (see {@link CaseMatcher}): the submission's identity
 * keys by name, then the persons those keys belong to. Holding a key's lock, nobody else can give the key to
 * a person or take it away; holding a person's lock, nobody else can add a case to it or unite it with
 * another. So two submissions of one person — by the same key or by two keys of theirs, on one instance or
 * two — are decided one after the other, and the second sees the first's case and joins it. Submissions of
 * different people share no lock at all, which is what keeps a mass complaint (thousands of people, one
 * trader) from queueing: what links those cases is the incident, and that is decided after the answer
 * ({@link IncidentLinker}).
 *
 * <p>A submission that has not proven the contact it names ({@link ContactProof}: the web form, an API call
 * without a partner key) is matched like any other — its match becomes a possible duplicate, never a join (see
 * {@code IntakeService}) — but it never changes who is who: the keys someone typed are not added to a person,
 * never unite two persons and make no new person, and its case belongs to no person ({@link DedupHook}), so no
 * later submission of the key's owner is ever joined to a case a stranger made.
 */
public final class DuplicateMatcher implements CaseMatcher {

    private final DedupConfig config;
    private final Profiler profiler;
    private final DedupRules rules;
    private final DedupStore store;
    private final Object stateKey = new Object();

    public DuplicateMatcher(DedupConfig config, Profiler profiler, DedupRules rules, DedupStore store) {
        this.config = config;
        this.profiler = profiler;
        this.rules = rules;
        this.store = store;
    }

    @Override
    public List<String> lockNames(IntakeUnit unit) {
        if (!config.enabled()) {
            return List.of();
        }
        return profiler.profile(unit).identityKeys().stream().map(k -> "dedup-id:" + k).toList();
    }

    /**
     * Locks the persons of every unit's keys in one sorted step, then reads who is who again: a person
     * united into another between the read and the lock (by a transaction that committed meanwhile) would
     * leave a key pointing at a person we do not hold. Then the transaction starts over rather than take a
     * lock out of order.
     */
    @Override
    public Future<Void> open(SqlConnection conn, IntakeBatch batch) {
        if (!config.enabled()) {
            return Future.succeededFuture();
        }
        Set<String> keys = new LinkedHashSet<>();
        batch.units().forEach(u -> keys.addAll(profiler.profile(u).identityKeys()));
        if (keys.isEmpty()) {
            return Future.succeededFuture();
        }
        List<String> all = List.copyOf(keys);
        Future<Set<Long>> locked = store.lockPersonsOf(conn, all);
        Future<Map<String, Long>> owners = store.personsOf(conn, all);
        return Future.all(locked, owners).map(v -> {
            if (!locked.result().containsAll(owners.result().values())) {
                throw new GroupCommit.RunAgain("identity keys changed owner while their persons were locked");
            }
            batch.state(stateKey, Persons::new).known.putAll(owners.result());
            return null;
        });
    }

    @Override
    public Future<Optional<CaseMatch>> match(SqlConnection conn, IntakeUnit unit, IntakeBatch batch) {
        if (!config.enabled()) {
            return Future.succeededFuture(Optional.empty());
        }
        CaseProfile profile = profiler.profile(unit);
        List<String> keys = profile.identityKeys();
        if (keys.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        Persons persons = batch.state(stateKey, Persons::new);
        Future<Map<String, Long>> owners = persons.stillTrue(keys) ? Future.succeededFuture(persons.of(keys))
                : store.personsOf(conn, keys);
        if (!ContactProof.proven(unit.submission())) {
            return owners.compose(known -> unproven(conn, profile, known));
        }
        return owners.compose(known -> decide(conn, batch, persons, profile, known));
    }

    /** The open cases of every person the typed keys belong to, read and nothing written. */
    private Future<Optional<CaseMatch>> unproven(SqlConnection conn, CaseProfile profile, Map<String, Long> known) {
        Instant since = profile.receivedAt().minus(config.duplicateWindow());
        List<Future<List<StoredCase>>> reads = new TreeSet<>(known.values()).stream()
                .map(person -> store.openCasesOf(conn, person, since, config.maxCandidates())).toList();
        return Future.all(reads).map(all -> {
            List<StoredCase> candidates = reads.stream().flatMap(f -> f.result().stream()).toList();
            return rules.join(profile, candidates, profile.identityKeys()).map(d -> new CaseMatch(
                    d.target().caseId(), d.target().reference(), d.outcome(),
                    d.why().put("person", d.target().personId()).put("contactProven", false)));
        });
    }

    private Future<Optional<CaseMatch>> decide(SqlConnection conn, IntakeBatch batch, Persons persons,
                                               CaseProfile profile, Map<String, Long> known) {
        List<String> keys = profile.identityKeys();
        Instant at = profile.receivedAt();
        persons.touched.addAll(keys);
        TreeSet<Long> owners = new TreeSet<>(known.values());
        if (owners.isEmpty()) {
            // A new person has no cases to join. Nobody waits for the writes: the case's profile, written later
            // in this transaction, finds its person through the keys.
            batch.writes().add(store.newPerson(conn, keys, at));
            return Future.succeededFuture(Optional.empty());
        }
        // Keys that meet in one submission (an email stating a phone already known) make one person of several,
        // under the lowest id. Statements run in order, so the look-up below sees the united person.
        long canonical = owners.first();
        List<Long> others = owners.stream().filter(p -> p != canonical).toList();
        if (!others.isEmpty()) {
            batch.writes().add(store.unite(conn, canonical, others));
            persons.united.addAll(others);
        }
        batch.writes().add(store.addKeys(conn, canonical, keys, at));
        return store.openCasesOf(conn, canonical, at.minus(config.duplicateWindow()), config.maxCandidates())
                .map(candidates -> rules.join(profile, candidates, keys).map(d -> new CaseMatch(
                        d.target().caseId(), d.target().reference(), d.outcome(),
                        d.why().put("person", canonical))));
    }

    /**
     * Who is who, as read under the transaction's locks, and what the transaction's own intakes changed since:
     * a unit whose keys nobody in the transaction touched, and whose persons nobody united, can trust the
     * read; the others read again, and see their transaction's own writes.
     */
    private static final class Persons {
        final Map<String, Long> known = new HashMap<>();
        final Set<String> touched = new HashSet<>();
        final Set<Long> united = new HashSet<>();

        boolean stillTrue(List<String> keys) {
            for (String k : keys) {
                if (touched.contains(k) || united.contains(known.get(k))) {
                    return false;
                }
            }
            return true;
        }

        Map<String, Long> of(List<String> keys) {
            Map<String, Long> out = new HashMap<>();
            for (String k : keys) {
                Long p = known.get(k);
                if (p != null) {
                    out.put(k, p);
                }
            }
            return out;
        }
    }
}
