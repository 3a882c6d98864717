package dev.shouli.feature.dedup;

import dev.shouli.core.cases.ActionParameters;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.domain.Wording;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.feature.bulk.BatchItemHook;
import dev.shouli.feature.bulk.CaseBatches;
import dev.shouli.feature.dedup.IncidentStore.Member;
import dev.shouli.feature.dedup.IncidentStore.Standing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * 并案处理: one desk action given to an incident is done on every one of its cases (but those merged into another),
 * each recorded as done through the incident, each complainant told a public note or result through their own
 * channel (one message each, by default when the action carries one). The cases are worked as a batch
 * ({@link CaseBatches}): after a crash the rest are done, none twice. What the action leaves standing — the status
 * it brought the cases to, an assignee, the public note — is kept once it took on at least one case
 * ({@link #achieved}), and a case that joins the incident later is brought to it and told it ({@link #catchUp}).
 */
public final class IncidentActions {

    /** The origin of an incident's batches: {@code incident:12} (a late joiner's: {@code incident:12:join}). */
    private static final String ORIGIN = "incident:";

    /** The statuses the incident's actions bring its cases to. */
    private static final Map<DeskAction, String> TARGET = Map.of(DeskAction.ACKNOWLEDGE, "acknowledged",
            DeskAction.START, "in_progress", DeskAction.RESOLVE, "resolved", DeskAction.CLOSE, "closed",
            DeskAction.RETURN, "returned", DeskAction.REOPEN, "in_progress");

    /** What a note written for many leaves unfilled on one status page: the complainant's own facts. */
    private static final java.util.regex.Pattern PLACEHOLDER =
            java.util.regex.Pattern.compile("\\{(name|respondent|dueDate|姓名|被投诉方|期限)}");

    private final Pool pool;
    private final IncidentStore store;
    private final Supplier<CaseBatches> batches;

    IncidentActions(Pool pool, IncidentStore store, Supplier<CaseBatches> batches) {
        this.pool = pool;
        this.store = store;
        this.batches = batches;
    }

    /**
     * Starts the action on the incident's cases (under a lock on the incident, so a case joining now is either
     * listed here or joins after and catches up).
     * @param requestKey the same key again is the same action (a double submit): the earlier batch, nothing changed;
     *                   null for a new one
     * @return the batch's id
     */
    public Future<Long> start(long incidentId, DeskAction action, JsonObject given, String actor, String requestKey) {
        JsonObject parameters;
        try {
            parameters = ActionParameters.check(action, given.copy());
        } catch (HttpProblem p) {
            return Future.failedFuture(p);
        }
        if (!parameters.containsKey("notify") && tellsSomething(parameters)) {
            parameters.put("notify", true);
        }
        String key = "incident:" + incidentId + ":" + (requestKey != null ? requestKey
                : java.util.UUID.randomUUID().toString());
        return pool.withTransaction(conn -> store.lockIncident(conn, incidentId).compose(found -> {
            if (!found) {
                return Future.failedFuture(HttpProblem.notFound("no incident " + incidentId));
            }
            return store.members(conn, incidentId).compose(members -> batches.get().start(conn,
                    new CaseBatches.Request(key, ORIGIN + incidentId, action.code(), parameters, actor,
                            new JsonObject().put("incident", incidentId)),
                    members.stream().map(Member::reference).toList()));
        }));
    }

    /**
     * A case of an incident's batch took the action: the first one to do so makes the action part of the incident's
     * standing state (a batch every case refused leaves it as it was), in the item's transaction, under the lock on
     * the incident. Once a later batch of the incident has taken on a case, an earlier one finishing late changes
     * nothing: the later action is what stands. Cases of the incident that were not in the batch — they joined
     * after it started, and caught up with the state before it — are caught up with the new state.
     */
    Future<Void> achieved(SqlConnection conn, BatchItemHook.Done item) {
        if (!item.origin().startsWith(ORIGIN) || item.origin().indexOf(':', ORIGIN.length()) >= 0) {
            return Future.succeededFuture();
        }
        long incidentId = Long.parseLong(item.origin().substring(ORIGIN.length()));
        DeskAction action = DeskAction.parse(item.action()).orElseThrow();
        // Looked at without a lock first: after the batch's first case, there is nothing left to change.
        return store.standing(conn, incidentId).compose(seen -> after(seen, incidentId, action, item).isEmpty()
                ? Future.succeededFuture()
                : store.lockIncident(conn, incidentId)
                        .compose(locked -> batches.get().laterOneDone(conn, item.origin(), item.batchId()))
                        .compose(overtaken -> overtaken ? Future.succeededFuture()
                                : store.standing(conn, incidentId).compose(current -> {
                                    Optional<Standing> next = after(current, incidentId, action, item);
                                    return next.isEmpty() ? Future.succeededFuture()
                                            : store.saveStanding(conn, next.get())
                                                    .compose(v -> catchUpOthers(conn, next.get(), item.batchId()));
                                })));
    }

    private Future<Void> catchUpOthers(SqlConnection conn, Standing standing, long batchId) {
        long incidentId = standing.incidentId();
        return Future.all(store.members(conn, incidentId), batches.get().references(conn, batchId)).compose(both -> {
            List<Member> members = both.resultAt(0);
            java.util.Set<String> inBatch = both.resultAt(1);
            Future<Void> chain = Future.succeededFuture();
            for (Member m : members) {
                if (!inBatch.contains(m.reference())) {
                    chain = chain.compose(v -> catchUp(conn, standing, m.reference()));
                }
            }
            return chain;
        });
    }

    /**
     * Brings the cases that have just joined incidents to each incident's standing state, as batches of one (in the
     * linker's transaction, which holds the incident rows since it counted the cases in): the same status, the same
     * assignee, and the standing public note told once — also when the state is that note alone.
     *
     * @param joined the references that joined, by incident
     */
    Future<Void> catchUpJoined(SqlClient conn, Map<Long, List<String>> joined) {
        if (joined.isEmpty()) {
            return Future.succeededFuture();
        }
        return store.standings(conn, joined.keySet()).compose(standings -> {
            Future<Void> chain = Future.succeededFuture();
            for (Map.Entry<Long, List<String>> e : joined.entrySet()) {
                Standing s = standings.get(e.getKey());
                if (s != null) {
                    for (String reference : e.getValue()) {
                        chain = chain.compose(v -> catchUp(conn, s, reference));
                    }
                }
            }
            return chain;
        });
    }

    private Future<Void> catchUp(SqlClient conn, Standing s, String reference) {
        if (s.targetStatus() == null && s.assignee() == null && !hasPublicNote(s.texts())) {
            return Future.succeededFuture();
        }
        long incidentId = s.incidentId();
        JsonObject parameters = s.texts().copy().put("notify", true);
        if (s.targetStatus() != null) {
            parameters.put("target", s.targetStatus());
        }
        if (s.assignee() != null) {
            parameters.put("assignee", s.assignee());
        }
        return batches.get().start(conn, new CaseBatches.Request("incident:" + incidentId + ":join:" + reference
                        + ":v" + s.version(), ORIGIN + incidentId + ":join", CaseBatches.CATCH_UP, parameters,
                s.actor(), new JsonObject().put("incident", incidentId).put("joined", true)),
                List.of(reference)).mapEmpty();
    }

    /** What the incident's actions left standing (status, assignee, texts, who, when), for the console; empty if none. */
    public Future<Optional<JsonObject>> standing(long incidentId) {
        return store.standing(pool, incidentId).map(found -> found.map(s -> new JsonObject()
                .put("status", s.targetStatus()).put("assignee", s.assignee()).put("texts", s.texts())
                .put("actor", s.actor()).put("at", s.at().toString()).put("version", s.version())));
    }

    /** The incident's standing note for one of its cases, in the case's language (the status page shows it). */
    Future<JsonObject> noteOfCase(long caseId) {
        return store.standingOfCase(pool, caseId).map(found -> {
            if (found.isEmpty()) {
                return new JsonObject();
            }
            JsonObject s = found.get();
            String text = text(s.getJsonObject("texts"), "publicNote", s.getString("language"));
            if (text == null) {
                text = text(s.getJsonObject("texts"), "result", s.getString("language"));
            }
            return text == null ? new JsonObject() : new JsonObject().put("incidentNote", new JsonObject()
                    .put("text", PLACEHOLDER.matcher(text.replace("{reference}", s.getString("reference"))
                            .replace("{编号}", s.getString("reference"))).replaceAll("")).put("status", s.getString("status")).put("at", s.getString("at")));
        });
    }

    /**
     * The standing state once the batch's action is part of it, or empty when the action changes nothing the state
     * holds (also when it is part of it already).
     */
    private static Optional<Standing> after(Optional<Standing> old, long incidentId, DeskAction action,
                                            BatchItemHook.Done item) {
        Standing before = old.orElse(new Standing(incidentId, null, null, new JsonObject(), item.actor(),
                item.askedAt(), 0));
        JsonObject parameters = item.parameters();
        String target = TARGET.getOrDefault(action, before.targetStatus());
        String assignee = action == DeskAction.ASSIGN ? parameters.getString("assignee") : before.assignee();
        JsonObject texts = before.texts().copy();
        replace(texts, parameters, "publicNote");
        if (action == DeskAction.RESOLVE) {
            replace(texts, parameters, "result");
        }
        if (action == DeskAction.RETURN) {
            replace(texts, parameters, "reason");
            replace(texts, parameters, "reasonCode");
        }
        boolean same = java.util.Objects.equals(target, before.targetStatus())
                && java.util.Objects.equals(assignee, before.assignee()) && texts.equals(before.texts());
        return same ? Optional.empty()
                : Optional.of(new Standing(incidentId, target, assignee, texts, item.actor(), item.askedAt(),
                        before.version() + 1));
    }

    /** The field and its language variants from {@code parameters}, replacing the old ones when given. */
    private static void replace(JsonObject texts, JsonObject parameters, String field) {
        boolean given = parameters.fieldNames().stream().anyMatch(f -> f.equals(field) || f.startsWith(field + "@"));
        if (!given) {
            return;
        }
        texts.fieldNames().removeIf(f -> f.equals(field) || f.startsWith(field + "@"));
        parameters.fieldNames().stream().filter(f -> f.equals(field) || f.startsWith(field + "@"))
                .forEach(f -> texts.put(f, parameters.getValue(f)));
    }

    private static boolean hasPublicNote(JsonObject texts) {
        return texts.fieldNames().stream().anyMatch(f -> f.equals("publicNote") || f.startsWith("publicNote@"));
    }

    private static boolean tellsSomething(JsonObject parameters) {
        return parameters.fieldNames().stream().anyMatch(f -> f.startsWith("publicNote") || f.startsWith("result"));
    }

    private static String text(JsonObject texts, String field, String language) {
        String tag = switch (Wording.of(language)) {
            case HANS -> "zh-Hans";
            case HANT -> "zh-Hant";
            case EN -> "en";
        };
        return texts.getString(field + "@" + tag, texts.getString(field));
    }
}
