package dev.shouli.core.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * A part of a case's full record that a module keeps in its own tables — a hotline ticket's state, how the case
 * was routed — added to the desk API's case JSON under {@link #field()}. The module reads its own tables; the
 * core never does.
 */
public interface CaseDetail {

    /** The JSON member, e.g. {@code hotlineTickets}. */
    String field();

    /** The value for one case, or null to leave the member out. */
    Future<Object> of(SqlClient client, long caseId);
}
