package dev.shouli.feature.survey;

import dev.shouli.core.cases.CitizenView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Set;

/**
 * 回访 on the complainant's own status page: once they answered, their answer ({@code surveyAnswer}: verdict and
 * when), so the page does not ask again; before that, a fresh link to the open question ({@code surveyLink}).
 */
final class SurveyCitizenView implements CitizenView {

    /** A 回访 question is only asked after a resolve. */
    private static final Set<String> SURVEYED = Set.of("resolved", "closed");

    private final Pool pool;
    private final SurveyStore store;
    private final SurveyLinks links;
    private final SurveyConfig config;
    private final Clock clock;

    SurveyCitizenView(Pool pool, SurveyStore store, SurveyLinks links, SurveyConfig config, Clock clock) {
        this.pool = pool;
        this.store = store;
        this.links = links;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Future<JsonObject> forCase(long caseId, String status) {
        if (!SURVEYED.contains(status)) {
            return Future.succeededFuture(new JsonObject());
        }
        return store.latestOfCase(pool, caseId, clock.instant().minus(config.acceptRepliesFor())).compose(found -> {
            if (found.isPresent() && found.get().answered()) {
                return Future.succeededFuture(new JsonObject().put("surveyAnswer", new JsonObject()
                        .put("verdict", found.get().verdict())
                        .put("answeredAt", found.get().answeredAt().toString())));
            }
            return links.forCase(caseId, "status-page").map(link -> new JsonObject().put("surveyLink",
                    link.orElse(null)));
        });
    }
}
