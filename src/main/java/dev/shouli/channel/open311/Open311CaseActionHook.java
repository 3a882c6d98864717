package dev.shouli.channel.open311;

import dev.shouli.core.cases.CaseAction;
import dev.shouli.core.cases.CaseActionHook;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * What a GeoReport client reads as {@code status_notes}: the result or public note the desk gave when it
 * resolved, closed, returned or reopened the case. Other actions leave the notes as they were. Never the
 * desk's {@code note}: that one is internal, and GeoReport requests can be read by anyone.
 */
public final class Open311CaseActionHook implements CaseActionHook {

    private static final List<String> NOTED = List.of("resolve", "close", "return", "reopen");

    @Override
    public Future<Void> onAction(SqlConnection connection, CaseAction action) {
        if (!NOTED.contains(action.action())) {
            return Future.succeededFuture();
        }
        JsonObject p = action.parameters() == null ? new JsonObject() : action.parameters();
        String notes = p.getValue("result") instanceof String r && !r.isBlank() ? r
                : p.getValue("publicNote") instanceof String n && !n.isBlank() ? n : null;
        // A row exists only for cases that came in through Open311; for the others this updates nothing.
        return Open311Store.statusNotes(connection, action.caseId(), notes);
    }
}
