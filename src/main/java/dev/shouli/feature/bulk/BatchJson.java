package dev.shouli.feature.bulk;

import dev.shouli.feature.bulk.CaseBatches.Progress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A batch's progress as the desk API answers it. */
public final class BatchJson {

    private BatchJson() {
    }

    public static JsonObject of(Progress p) {
        JsonArray refused = new JsonArray();
        p.refusedItems().forEach(r -> refused.add(new JsonObject().put("reference", r.reference())
                .put("caseStatus", r.caseStatus()).put("code", r.code()).put("reason", r.reason())));
        JsonArray untold = new JsonArray();
        p.untoldItems().forEach(u -> untold.add(new JsonObject().put("reference", u.reference())
                .put("refusal", u.refusal())));
        JsonArray failed = new JsonArray();
        p.failedItems().forEach(f -> failed.add(new JsonObject().put("reference", f.reference())
                .put("attempts", f.attempts()).put("code", f.code()).put("reason", f.reason())));
        return new JsonObject()
                .put("batch", p.id())
                .put("origin", p.origin())
                .put("action", p.action())
                .put("actor", p.actor())
                .put("createdAt", p.createdAt().toString())
                .put("finished", p.finished())
                .put("total", p.total())
                .put("done", p.done())
                .put("refused", p.refused())
                .put("failed", p.failed())
                .put("told", p.told())
                .put("refusedCases", refused)
                .put("failedCases", failed)
                .put("notTold", untold)
                .put("href", "/api/v1/batches/" + p.id());
    }
}
