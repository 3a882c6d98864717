package dev.shouli.channel.hotline;

import dev.shouli.channel.hotline.HotlineCallbacks.Type;
import dev.shouli.channel.hotline.HotlineConfig.Source;
import dev.shouli.channel.hotline.HotlineStore.Ticket;
import dev.shouli.core.cases.CaseAction;
import dev.shouli.core.cases.CaseActionHook;
import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desk actions on a case that holds hotline tickets become callbacks to the platform, queued in the action's
 * transaction: acknowledge → sign-for, return → return with a reason code, extend → extension request,
 * resolve/close → reply with the handling result. Missing or wrong parameters fail the action with a 422,
 * so the desk never believes the platform was told something it was not.
 */
public final class HotlineCaseActionHook implements CaseActionHook {

    private static final Logger LOG = LoggerFactory.getLogger(HotlineCaseActionHook.class);

    /** Return (退单) reasons the platform understands, with the Chinese words desks use for them. */
    static final Map<String, String> RETURN_REASONS = Map.of(
            "not_ours", "非本单位职责",
            "wrong_area", "不属本辖区",
            "duplicate", "重复件",
            "insufficient_information", "信息不全");

    private final HotlineConfig config;
    private final HotlineStore store;
    private final HotlineCallbacks callbacks;

    public HotlineCaseActionHook(HotlineConfig config, HotlineStore store, HotlineCallbacks callbacks) {
        this.config = config;
        this.store = store;
        this.callbacks = callbacks;
    }

    @Override
    public Future<Void> onAction(SqlConnection connection, CaseAction action) {
        if (!List.of("acknowledge", "return", "extend", "resolve", "close").contains(action.action())) {
            return Future.succeededFuture();
        }
        return store.ticketsOfCase(connection, action.caseId()).compose(tickets -> {
            List<Ticket> live = tickets.stream().filter(t -> !"revoked".equals(t.state())).toList();
            if (live.isEmpty()) {
                return Future.succeededFuture();
            }
            JsonObject details;
            try {
                details = details(action);
            } catch (HttpProblem problem) {
                return Future.failedFuture(problem);
            }
            Future<Void> chain = Future.succeededFuture();
            for (Ticket ticket : live) {
                chain = chain.compose(v -> callback(connection, action, ticket, details));
            }
            return chain;
        });
    }

    private Future<Void> callback(SqlConnection conn, CaseAction action, Ticket ticket, JsonObject details) {
        Source source = config.source(ticket.source());
        if (source == null) {
            LOG.warn("case {} holds ticket {} of source {}, which is no longer configured; no callback queued",
                    action.reference(), ticket.ticketNumber(), ticket.source());
            return Future.succeededFuture();
        }
        String at = String.valueOf(action.at().toEpochMilli());
        return switch (action.action()) {
            // Same key as the automatic sign-for: a ticket is signed for once.
            case "acknowledge" -> callbacks.enqueue(conn, ticket, Type.SIGN_FOR, details, "", action.at())
                    .compose(v -> store.setState(conn, ticket.id(), "signed", null, action.at()));
            case "return" -> callbacks.enqueue(conn, ticket, Type.RETURN, details, at, action.at())
                    .compose(v -> store.setState(conn, ticket.id(), "returned", details.getString("reasonCode"),
                            action.at()));
            case "extend" -> callbacks.enqueue(conn, ticket, Type.EXTEND, details, at, action.at())
                    .compose(v -> store.setState(conn, ticket.id(), "extension_requested",
                            details.getString("reason"), action.at()));
            // Resolve and close both owe the platform one reply per round; whichever comes first sends it. A
            // ticket the platform re-opened after its 回访 is owed a new reply ("round-2", …).
            default -> "returned".equals(ticket.state()) ? Future.succeededFuture()
                    : callbacks.enqueue(conn, ticket, Type.REPLY, details,
                            ticket.reopens() == 0 ? "" : "round-" + (ticket.reopens() + 1), action.at())
                    .compose(v -> store.setState(conn, ticket.id(), "replied", null, action.at()));
        };
    }

    /** What the platform is told, from the action's parameters; a 422 naming every missing or wrong one. */
    private static JsonObject details(CaseAction action) {
        JsonObject p = action.parameters() == null ? new JsonObject() : action.parameters();
        JsonArray errors = new JsonArray();
        JsonObject out = new JsonObject();
        switch (action.action()) {
            case "return" -> {
                String code = text(p, "reasonCode");
                String normalised = code == null ? null : code.replace('-', '_');
                if (normalised == null || !RETURN_REASONS.containsKey(normalised)) {
                    errors.add(error("reasonCode", "is required for a hotline ticket: one of " + RETURN_REASONS.keySet()));
                } else {
                    out.put("reasonCode", normalised).put("reason", RETURN_REASONS.get(normalised));
                }
                out.put("note", text(p, "note"));
            }
            case "extend" -> {
                String date = text(p, "newDeadline");
                try {
                    OffsetDateTime deadline = date == null ? null : OffsetDateTime.parse(date);
                    if (deadline == null) {
                        errors.add(error("newDeadline", "is required: the date-time asked for, with its offset"));
                    } else if (!deadline.toInstant().isAfter(action.at())) {
                        errors.add(error("newDeadline", "must be in the future"));
                    } else {
                        out.put("newDeadline", deadline.toString());
                    }
                } catch (DateTimeParseException e) {
                    errors.add(error("newDeadline", "must be an ISO-8601 date-time such as 2026-12-01T18:00:00+08:00"));
                }
                String reason = text(p, "reason") != null ? text(p, "reason") : text(p, "note");
                if (reason == null) {
                    errors.add(error("reason", "is required: why the ticket needs more time"));
                }
                out.put("reason", reason);
            }
            case "resolve", "close" -> {
                String result = text(p, "result") != null ? text(p, "result") : text(p, "note");
                if (result == null && "resolve".equals(action.action())) {
                    errors.add(error("result", "is required for a hotline ticket: the handling result (办理结果)"));
                }
                out.put("result", result == null ? "已办结" : result);
            }
            default -> {
                // a sign-for says nothing more than which ticket
            }
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.invalidFields(errors);
        }
        return out;
    }

    private static JsonObject error(String field, String message) {
        return new JsonObject().put("field", "parameters." + field).put("message", message);
    }

    private static String text(JsonObject p, String key) {
        return p.getValue(key) instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
