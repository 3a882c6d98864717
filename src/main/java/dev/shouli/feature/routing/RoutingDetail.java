package dev.shouli.feature.routing;

import dev.shouli.core.cases.CaseDetail;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * The case JSON's {@code routing} member: unit, rule, classifier version, confidence, decided — and the category,
 * suggestions, assignee, deadline in the unit and every dispatch. Absent until the case was routed.
 */
final class RoutingDetail implements CaseDetail {

    private final RoutingStore store;

    RoutingDetail(RoutingStore store) {
        this.store = store;
    }

    @Override
    public String field() {
        return "routing";
    }

    @Override
    public Future<Object> of(SqlClient client, long caseId) {
        return store.routingOf(client, caseId).map(json -> json);
    }
}
