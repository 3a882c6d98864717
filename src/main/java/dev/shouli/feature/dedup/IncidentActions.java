package dev.shouli.feature.dedup;

import dev.shouli.core.cases.ActionParameters;
import dev.shouli.core.cases.DeskAction;
import dev.shouli.core.domain.Wording;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.feature.bulk.CaseBatches;
import dev.shouli.feature.dedup.IncidentStore.Member;
import dev.shouli.feature.dedup.IncidentStore.Standing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * 并案处理: one desk action given to an incident is done on every one of its cases (but those merged into another),
 * each recorded as done through the incident, each complainant told a public note or result through their own
 * channel (one message each, by default when the action carries one). The cases are worked as a batch
 * ({@link CaseBatches}): after a crash the rest are done, none twice. What the action leaves standing — the status
 * it brought the cases to, an assignee, the public note — is kept, and a case that joins the incident later is
 * brought to it and told it ({@link #catchUp}).
 */
public final class IncidentActions {

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
    private final Clock clock;

    IncidentActions(Pool pool, IncidentStore store, Supplier<CaseBatches> batches, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.batches = batches;
        this.clock = clock;
    }

    /**
     * Starts the action on the incident's cases, in one transaction with what it leaves standing.
     * @param requestKey the same key again is the same action (a double submit), null for a new one
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
        Instant now = clock.instant();
        return pool.withTransaction(conn -> store.lockIncident(conn, incidentId).compose(found -> {
            if (!found) {
                return Future.failedFuture(HttpProblem.notFound("no incident " + incidentId));
            }
            return store.members(conn, incidentId).compose(members -> store.standing(conn, incidentId)
                    .compose(old -> keepStanding(conn, incidentId, old, action, parameters, actor, now))
                    .compose(v -> batches.get().start(conn, new CaseBatches.Request(key, "incident:" + incidentId,
                            action.code(), parameters, actor, new JsonObject().put("incident", incidentId)),
                            members.stream().map(Member::reference).toList())));
        }));
    }

    /**
     * Brings a case that has just joined the incident to its standing state, as a batch of one (in the linker's
     * transaction, which holds the incident row since it counted the case in): the same status, the same assignee,
     * and the standing public note told once — also when the state is that note alone.
     */
    Future<Void> catchUp(SqlClient conn, long incidentId, String reference) {
        return store.standing(conn, incidentId).compose(found -> {
            if (found.isEmpty() || found.get().targetStatus() == null && found.get().assignee() == null
                    && !hasPublicNote(found.get().texts())) {
                return Future.succeededFuture();
            }
            Standing s = found.get();
            JsonObject parameters = s.texts().copy().put("notify", true);
            if (s.targetStatus() != null) {
                parameters.put("target", s.targetStatus());
            }
            if (s.assignee() != null) {
                parameters.put("assignee", s.assignee());
            }
            return batches.get().start(conn, new CaseBatches.Request("incident:" + incidentId + ":join:" + reference
                            + ":v" + s.version(), "incident:" + incidentId + ":join", CaseBatches.CATCH_UP, parameters,
                    s.actor(), new JsonObject().put("incident", incidentId).put("joined", true)),
                    List.of(reference)).mapEmpty();
        });
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

    private Future<Void> keepStanding(SqlClient conn, long incidentId, Optional<Standing> old, DeskAction action,
                                      JsonObject parameters, String actor, Instant now) {
        Standing before = old.orElse(new Standing(incidentId, null, null, new JsonObject(), actor, now, 0));
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
        if (same) {
            return Future.succeededFuture();
        }
        return store.saveStanding(conn, new Standing(incidentId, target, assignee, texts, actor, now,
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
