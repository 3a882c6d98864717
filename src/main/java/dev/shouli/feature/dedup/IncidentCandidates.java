package dev.shouli.feature.dedup;

import dev.shouli.feature.dedup.IncidentStore.RespondentCandidate;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cases each case of a linker's batch is compared with, from the probes of {@link IncidentStore}.
 *
 * <p>The respondent probe is asked once per respondent root for the whole batch, over the union of its cases'
 * windows, and each case takes from its rows the latest ones in its own window. A trader's cases in one batch
 * (dozens under a mass complaint, all of it in a burst) would each have read the same rows: asked per case, this
 * probe was the largest part of PostgreSQL's work per intake. A case gets the cases it would have found alone,
 * except when cases that arrived after it were linked before it (numbered out of order, by more than the two
 * seconds its window reaches past its arrival): they may take some of the probe's {@code limit} rows.
 */
final class IncidentCandidates {

    private final IncidentStore store;
    private final int limit;

    IncidentCandidates(IncidentStore store, int limit) {
        this.store = store;
        this.limit = limit;
    }

    /**
     * @param since for each case, the start of its window (its arrival less the incident window)
     * @return for each case, the ids of its candidates in ascending order
     */
    Future<List<List<Long>>> of(SqlClient client, List<CaseProfile> profiles, List<Long> caseIds,
                                List<Instant> since) {
        Map<String, List<Integer>> casesByRoot = new LinkedHashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            RespondentKey respondent = profiles.get(i).respondent();
            if (respondent.known()) {
                casesByRoot.computeIfAbsent(respondent.root(), r -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Future<List<RespondentCandidate>>> byRoot = new LinkedHashMap<>();
        casesByRoot.forEach((root, cases) -> {
            Instant from = cases.stream().map(since::get).min(Instant::compareTo).orElseThrow();
            Instant until = cases.stream().map(i -> IncidentStore.until(profiles.get(i))).max(Instant::compareTo)
                    .orElseThrow();
            byRoot.put(root, store.respondentCandidates(client, root, from, until, limit));
        });
        return Future.all(new ArrayList<>(byRoot.values())).compose(probed -> {
            List<Future<List<Long>>> perCase = new ArrayList<>(profiles.size());
            for (int i = 0; i < profiles.size(); i++) {
                perCase.add(ofOne(client, profiles.get(i), caseIds.get(i), since.get(i), byRoot));
            }
            return Future.all(perCase).map(v -> perCase.stream().map(Future::result).toList());
        });
    }

    private Future<List<Long>> ofOne(SqlClient client, CaseProfile p, long caseId, Instant since,
                                     Map<String, Future<List<RespondentCandidate>>> byRoot) {
        TreeSet<Long> ids = new TreeSet<>();
        int ownRespondent = 0;
        if (p.respondent().known()) {
            Instant until = IncidentStore.until(p);
            for (RespondentCandidate c : byRoot.get(p.respondent().root()).result()) {
                if (ids.size() == limit) {
                    break;
                }
                if (c.caseId() != caseId && !c.receivedAt().isBefore(since) && !c.receivedAt().isAfter(until)) {
                    ids.add(c.caseId());
                    if (c.base().equals(p.respondent().base())) {
                        ownRespondent++;
                    }
                }
            }
        }
        boolean bands = ownRespondent < limit;
        if (!bands && p.probePlaceKeys().isEmpty()) {
            return Future.succeededFuture(List.copyOf(ids));
        }
        return store.placeAndBandCandidates(client, p, caseId, since, limit, bands).map(more -> {
            ids.addAll(more);
            return List.copyOf(ids);
        });
    }
}
