package dev.shouli.feature.dedup;

import dev.shouli.feature.dedup.IncidentStore.CaseState;
import dev.shouli.feature.dedup.IncidentStore.Versioned;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The incident linker's copies of the cases it compares new ones with. The same recent cases of a trader are
 * candidates for every case after them, so each was read, sent and decoded again by batch after batch (17 times
 * over on the ordinary day: its shingles, text and places, the largest part of the linker's share of both
 * PostgreSQL and the gateway). A batch now asks only what may have changed of the cases it holds copies of — the
 * version of each profile row, its incident, the person its typed keys belong to — and reads whole only the cases
 * it holds no copy of, or whose row has a new version (a merge of persons, an erasure). What it compares is
 * therefore what is stored, as before. A batch's own cases are kept as copies once read.
 *
 * <p>Used by one linker round at a time; the copies are bounded, the least recently used go first, and copies of
 * cases older than every window of a batch are dropped. An erased case is read again, and a case no longer stored
 * is dropped, the first time a batch names it.
 */
final class CandidateCopies {

    /**
     * Some minutes of the ordinary day's candidates. At 10,000 the ordinary day read 2.3 to 3.5 candidates whole
     * for every case it linked, copies pushed out just before their next use; at 30,000, none. Full, they hold
     * about 40 MB (the gateway's whole live heap was 58 MB).
     */
    static final int CAPACITY = 30_000;

    private final IncidentStore store;
    private final Map<Long, Versioned> copies = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Versioned> eldest) {
            return size() > CAPACITY;
        }
    };

    CandidateCopies(IncidentStore store) {
        this.store = store;
    }

    /**
     * Keeps a copy of cases just read whole: the cases of a linker batch, which are the candidates of the batches
     * after it. Without it each case was read whole a second time, the first time it was a candidate.
     */
    void keep(long caseId, StoredCase stored, long version) {
        copies.put(caseId, new Versioned(stored, version));
    }

    /**
     * The cases of {@code ids} still stored, as they stand now, by id. Cases held as copies are asked only what may
     * have changed; the others are read whole, which gives their state with them.
     *
     * @param notBefore the start of the earliest window of the batch: older copies are no case's candidates any more
     */
    Future<Map<Long, StoredCase>> fetch(SqlClient conn, Collection<Long> ids, Instant notBefore) {
        dropOlderThan(notBefore);
        List<Long> held = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (Long id : ids) {
            // get, not containsKey: it marks the copy as used, so the cases read whole below push out copies no
            // batch asked for lately, not these.
            (copies.get(id) != null ? held : unknown).add(id);
        }
        // Both go out at once; the connection pipelines them.
        Future<List<CaseState>> states = held.isEmpty() ? Future.succeededFuture(List.of())
                : store.caseStates(conn, held);
        Future<Map<Long, Versioned>> read = unknown.isEmpty() ? Future.succeededFuture(Map.of())
                : store.storedCases(conn, unknown);
        return Future.all(states, read).compose(both -> {
            copies.putAll(read.result());
            List<Long> changed = new ArrayList<>();
            Set<Long> stored = new HashSet<>(read.result().keySet());
            for (CaseState s : states.result()) {
                stored.add(s.caseId());
                Versioned copy = copies.get(s.caseId());
                if (copy == null || copy.version() != s.version()) {
                    changed.add(s.caseId());
                }
            }
            for (Long id : held) {
                if (!stored.contains(id)) {
                    copies.remove(id);
                }
            }
            Future<Map<Long, Versioned>> reread = changed.isEmpty() ? Future.succeededFuture(Map.of())
                    : store.storedCases(conn, changed);
            return reread.map(fresh -> {
                copies.putAll(fresh);
                changed.stream().filter(id -> !fresh.containsKey(id)).forEach(copies::remove);
                Map<Long, StoredCase> out = new HashMap<>();
                for (Versioned v : read.result().values()) {
                    out.put(v.stored().caseId(), v.stored());
                }
                for (CaseState s : states.result()) {
                    Versioned copy = copies.get(s.caseId());
                    if (copy != null) {
                        out.put(s.caseId(), copy.stored().now(s.incidentId(), s.claimedPersonId()));
                    }
                }
                return out;
            });
        });
    }

    /**
     * Lets go of the copies of cases that fell out of every window, with their texts: those are used least
     * recently, so they come first, and the first copy still inside ends the walk.
     */
    private void dropOlderThan(Instant notBefore) {
        Iterator<Versioned> eldest = copies.values().iterator();
        while (eldest.hasNext() && eldest.next().stored().receivedAt().isBefore(notBefore)) {
            eldest.remove();
        }
    }
}
