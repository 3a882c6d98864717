package dev.shouli.core.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What a feature adds to the complainant's own view of their case (the status page and its JSON twin), shown
 * only after they proved the case is theirs: e.g. a link to answer the 回访 question. The members it returns are
 * added to the status JSON; the page shows the ones it knows.
 */
public interface CitizenView {

    Future<JsonObject> forCase(long caseId, String status);
}
