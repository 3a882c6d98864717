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
 * PostgreSQL and the gateway). A batch now asks only what may have changed — the version of each profile row, its
 * incident, the person its typed keys belong to — and reads whole only the cases it holds no copy of, or whose row
 * has a new version (a merge of persons, an erasure). What it compares is therefore what is stored, as before.
 *
 * <p>Used by one linker round at a time; the copies are bounded, the least recently used go first, and copies of
 * cases older than every window of a batch are dropped. An erased case is read again, and a case no longer stored
 * is dropped, the first time a batch names it.
 */
final class CandidateCopies {

    /** Several minutes of the busiest trader's recent cases, at a few kilobytes each. */
    static final int CAPACITY = 10_000;

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
     * The cases of {@code ids} still stored, as they stand now, by id.
     *
     * @param notBefore the start of the earliest window of the batch: older copies are no case's candidates any more
     */
    Future<Map<Long, StoredCase>> fetch(SqlClient conn, Collection<Long> ids, Instant notBefore) {
        dropOlderThan(notBefore);
        return store.caseStates(conn, ids).compose(states -> {
            List<Long> unknown = new ArrayList<>();
            for (CaseState s : states) {
                Versioned copy = copies.get(s.caseId());
                if (copy == null || copy.version() != s.version()) {
                    unknown.add(s.caseId());
                }
            }
            Future<Map<Long, Versioned>> read = unknown.isEmpty() ? Future.succeededFuture(Map.of())
                    : store.storedCases(conn, unknown);
            return read.map(fresh -> {
                copies.putAll(fresh);
                Map<Long, StoredCase> out = new HashMap<>();
                Set<Long> stored = new HashSet<>();
                for (CaseState s : states) {
                    stored.add(s.caseId());
                    Versioned copy = copies.get(s.caseId());
                    if (copy != null) {
                        out.put(s.caseId(), copy.stored().now(s.incidentId(), s.claimedPersonId()));
                    }
                }
                for (Long id : ids) {
                    if (!stored.contains(id)) {
                        copies.remove(id);
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
