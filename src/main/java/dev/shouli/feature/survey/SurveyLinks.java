package dev.shouli.feature.survey;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Links to the survey page, {@code <publicBaseUrl>/survey/<token>}: each one signed and single-use (it records
 * one answer), valid for {@code survey.linkTtl}. The e-mail question carries one; the status page and the
 * desk ask {@link #forCase} for a fresh one to show a complainant who has proven the case is theirs.
 */
public final class SurveyLinks {

    public static final String OUTBOX_KIND = "survey";
    public static final String PATH = "/survey/";

    private final URI publicBaseUrl;
    private final SurveyTokens tokens;
    private final SurveyStore store;
    private final SurveyConfig config;
    private final Pool pool;
    private final Clock clock;

    SurveyLinks(SurveyTokens tokens, SurveyStore store, SurveyConfig config, URI publicBaseUrl, Pool pool, Clock clock) {
        this.publicBaseUrl = publicBaseUrl;
        this.tokens = tokens;
        this.store = store;
        this.config = config;
        this.pool = pool;
        this.clock = clock;
    }

    /** A new link for one survey, stored in the caller's transaction. */
    public Future<String> issue(SqlClient client, long surveyId, String purpose, Instant now) {
        SurveyTokens.Issued issued = tokens.issue();
        return store.insertToken(client, issued.nonce(), surveyId, purpose, now, now.plus(config.linkTtl()))
                .map(v -> url(issued.token()));
    }

    /**
     * A fresh link to the case's latest question that still takes answers, or empty when it has none (never
     * asked, asked too long ago, a hotline case). {@code purpose} is recorded with the token
     * ({@code status-page}, {@code desk}).
     */
    public Future<Optional<String>> forCase(long caseId, String purpose) {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> store.latestOfCase(conn, caseId, now.minus(config.acceptRepliesFor()))
                .compose(found -> found.filter(s -> !"hotline".equals(s.channel()))
                        .map(s -> issue(conn, s.id(), purpose, now).map(Optional::of))
                        .orElse(Future.succeededFuture(Optional.empty()))));
    }

    public String url(String token) {
        return publicBaseUrl + PATH + token;
    }

    SurveyTokens tokens() {
        return tokens;
    }
}
