package dev.shouli.feature.dedup;

import dev.shouli.core.intake.CaseMatch;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.ContactProof;
import dev.shouli.core.intake.GroupCommit;
import dev.shouli.core.intake.IntakeBatch;
import dev.shouli.core.intake.IntakeUnit;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follow-ups and duplicates of one person (docs/features/dedup.md), decided before the source is answered.
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
 * later submission of the key's owner is ever joined to a case a stranger made. Such a case keeps the keys it
 * typed as claimed keys: a later submission naming them, proven or not, finds it as a possible duplicate only
 * ({@link CaseMatch#confirmFirst()}), read when the transaction opens under the same key locks.
 */
public final class DuplicateMatcher implements CaseMatcher {

    private final DedupConfig config;
    private final Profiler profiler;
    private final DedupRules rules;
    private final PersonStore personStore;
    private final ProfileStore store;
    private final Object stateKey = new Object();

    DuplicateMatcher(DedupConfig config, Profiler profiler, DedupRules rules, PersonStore persons,
                     ProfileStore store) {
        this.personStore = persons;
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
        Instant since = batch.units().stream().map(u -> u.submission().receivedAt()).min(Instant::compareTo)
                .orElseThrow().minus(config.duplicateWindow());
        Future<Set<Long>> locked = personStore.lockPersonsOf(conn, all);
        Future<Map<String, Long>> owners = personStore.personsOf(conn, all);
        // Cases of no person that typed these keys: read once for the whole transaction, under the keys' locks.
        Future<List<StoredCase>> unconfirmed = store.openUnconfirmedWithKeys(conn, all, since,
                config.maxCandidates() * batch.units().size());
        return Future.all(locked, owners, unconfirmed).map(v -> {
            if (!locked.result().containsAll(owners.result().values())) {
                throw new GroupCommit.RunAgain("identity keys changed owner while their persons were locked");
            }
            Persons persons = batch.state(stateKey, Persons::new);
            persons.known.putAll(owners.result());
            persons.unconfirmed.addAll(unconfirmed.result());
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
        boolean fresh = persons.stillTrue(keys);
        Future<Map<String, Long>> owners = fresh ? Future.succeededFuture(persons.of(keys))
                : personStore.personsOf(conn, keys);
        Future<List<StoredCase>> unconfirmed = fresh ? Future.succeededFuture(persons.unconfirmedWith(keys))
                : store.openUnconfirmedWithKeys(conn, keys, profile.receivedAt().minus(config.duplicateWindow()),
                        config.maxCandidates());
        if (!ContactProof.proven(unit.submission())) {
            // Its case will carry these keys as claimed keys: later units of this transaction read again.
            persons.touched.addAll(keys);
            return Future.all(owners, unconfirmed)
                    .compose(v -> unproven(conn, profile, owners.result(), unconfirmed.result()));
        }
        return Future.all(owners, unconfirmed).compose(v -> decide(conn, batch, persons, profile, owners.result())
                .map(joined -> joined.or(() -> possible(profile, unconfirmed.result()))));
    }

    /**
     * An unproven submission: the open cases of every person its typed keys belong to, and the cases of no person
     * that typed them, read and nothing written. Whatever it matches is a possible duplicate (IntakeService).
     */
    private Future<Optional<CaseMatch>> unproven(SqlConnection conn, CaseProfile profile, Map<String, Long> known,
                                                 List<StoredCase> unconfirmed) {
        Instant since = profile.receivedAt().minus(config.duplicateWindow());
        List<Future<List<StoredCase>>> reads = new TreeSet<>(known.values()).stream()
                .map(person -> store.openCasesOf(conn, person, since, config.maxCandidates())).toList();
        return Future.all(reads).map(all -> {
            List<StoredCase> candidates = new ArrayList<>(unconfirmed);
            reads.forEach(f -> candidates.addAll(f.result()));
            return rules.join(profile, candidates, profile.identityKeys()).map(d -> new CaseMatch(
                    d.target().caseId(), d.target().reference(), d.outcome(),
                    d.why().put("person", d.target().personId()).put("contactProven", false),
                    d.target().personId() == null));
        });
    }

    /**
     * A proven submission that joins none of its person's cases may still match a case someone made by typing its
     * keys: a possible duplicate, to be confirmed through that case's contact, never a join.
     */
    private Optional<CaseMatch> possible(CaseProfile profile, List<StoredCase> unconfirmed) {
        return rules.join(profile, unconfirmed, profile.identityKeys()).map(d -> new CaseMatch(d.target().caseId(),
                d.target().reference(), d.outcome(), d.why().put("targetContactProven", false), true));
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
            batch.writes().add(personStore.newPerson(conn, keys, at));
            return Future.succeededFuture(Optional.empty());
        }
        // Keys that meet in one submission (an email stating a phone already known) make one person of several,
        // under the lowest id. Statements run in order, so the look-up below sees the united person.
        long canonical = owners.first();
        List<Long> others = owners.stream().filter(p -> p != canonical).toList();
        if (!others.isEmpty()) {
            batch.writes().add(personStore.unite(conn, canonical, others));
            persons.united.addAll(others);
        }
        batch.writes().add(personStore.addKeys(conn, canonical, keys, at));
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
        /** Open cases of no person with claimed keys among the transaction's keys, as read when it opened. */
        final List<StoredCase> unconfirmed = new ArrayList<>();

        List<StoredCase> unconfirmedWith(List<String> keys) {
            return unconfirmed.stream().filter(c -> c.claimedKeys().stream().anyMatch(keys::contains)).toList();
        }

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
