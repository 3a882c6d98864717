package dev.shouli.feature.survey;

import dev.shouli.core.db.SqlErrors;
import dev.shouli.core.domain.Verdict;
import dev.shouli.core.domain.Wording;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.http.Routes;
import dev.shouli.feature.survey.SurveyStore.Survey;
import dev.shouli.feature.survey.SurveyStore.TokenRow;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The survey behind a link, for people and for pages that embed it:
 * <ul>
 *   <li>{@code GET /survey/{token}[?answer=satisfied]} — the confirm page; records nothing (mail scanners and
 *       link previews follow links);</li>
 *   <li>{@code POST /survey/{token}} (form: {@code answer}, {@code comment}) — records the answer and spends the
 *       token; a second POST with it is refused (410);</li>
 *   <li>{@code GET /api/v1/surveys/{token}} and {@code POST /api/v1/surveys/{token}} ({@code {"answer","comment"}})
 *       — the same as JSON for the status page or an app, errors as problem+json.</li>
 * </ul>
 * A forged token is refused (404) before the database is asked. The token is the only credential: pages carry
 * {@code Referrer-Policy: no-referrer} and are never cached.
 */
public final class SurveyRoutes implements Routes {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyRoutes.class);
    private static final long BODY_LIMIT = 16 * 1024;
    private static final int MAX_COMMENT = 2000;
    private static final Set<String> TAKES_ANSWERS = Set.of("sent", "answered", "no_answer");

    private final Pool pool;
    private final SurveyStore store;
    private final SurveyTokens tokens;
    private final SurveyAnswers answers;
    private final SurveyConfig config;
    private final Clock clock;

    public SurveyRoutes(Pool pool, SurveyStore store, SurveyLinks links, SurveyAnswers answers, SurveyConfig config,
                        Clock clock) {
        this.pool = pool;
        this.store = store;
        this.tokens = links.tokens();
        this.answers = answers;
        this.config = config;
        this.clock = clock;
    }

    /** Why a link cannot answer; {@code status} 404 (not ours) or 410 (spent, expired, closed). */
    private static final class Refusal extends RuntimeException {
        final int status;
        final Wording script;

        Refusal(int status, Wording script, String reason) {
            super(reason, null, false, false);
            this.status = status;
            this.script = script;
        }
    }

    /** An answer as recorded. */
    private record Recorded(Survey survey, Verdict verdict, boolean reopened) {
    }

    @Override
    public void register(Router router) {
        router.get(SurveyLinks.PATH + ":token").handler(this::page);
        router.post(SurveyLinks.PATH + ":token")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(this::submitForm);
        router.get("/api/v1/surveys/:token").handler(this::getJson);
        router.post("/api/v1/surveys/:token")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(this::submitJson);
    }

    // ---- pages --------------------------------------------------------------------------------------------

    private void page(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        open(token).onSuccess(row -> {
            Wording s = Wording.of(row.survey().language());
            Verdict chosen = Verdict.parse(ctx.queryParams().get("answer")).orElse(null);
            html(ctx, 200, SurveyPage.confirm(s, row.survey().reference(), SurveyLinks.PATH + token, chosen, null, null));
        }).onFailure(e -> refusePage(ctx, e));
    }

    private void submitForm(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        String answer = ctx.request().getFormAttribute("answer");
        String comment = comment(ctx.request().getFormAttribute("comment"));
        Optional<Verdict> verdict = Verdict.parse(answer);
        if (verdict.isEmpty() || tooLong(ctx.request().getFormAttribute("comment"))) {
            // Shown again with what was typed; the token is not spent.
            open(token).onSuccess(row -> {
                Wording s = Wording.of(row.survey().language());
                String error = verdict.isEmpty() ? SurveyPage.t(s, "请选择一项评价。", "請選擇一項評價。", "Please choose one answer.")
                        : SurveyPage.t(s, "意见最多 2000 字。", "意見最多 2000 字。", "The comment is limited to 2000 characters.");
                html(ctx, 422, SurveyPage.confirm(s, row.survey().reference(), SurveyLinks.PATH + token,
                        verdict.orElse(null), comment, error));
            }).onFailure(e -> refusePage(ctx, e));
            return;
        }
        record(token, verdict.get(), comment)
                .onSuccess(r -> html(ctx, 200, SurveyPage.thanks(Wording.of(r.survey().language()),
                        r.survey().reference(), r.verdict(), r.reopened())))
                .onFailure(e -> refusePage(ctx, e));
    }

    private void refusePage(RoutingContext ctx, Throwable e) {
        if (e instanceof Refusal r) {
            html(ctx, r.status, SurveyPage.refused(r.script, r.getMessage()));
        } else if (SqlErrors.isUnavailable(e)) {
            ctx.response().putHeader("Retry-After", "30");
            html(ctx, 503, SurveyPage.refused(Wording.HANS, "系统繁忙，请稍后再试。 The service is busy; please try again later."));
        } else {
            LOG.error("survey page failed", e);
            html(ctx, 500, SurveyPage.refused(Wording.HANS, "系统出错，请稍后再试。 Something went wrong; please try again later."));
        }
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .end(body);
    }

    // ---- JSON ---------------------------------------------------------------------------------------------

    private void getJson(RoutingContext ctx) {
        open(ctx.pathParam("token")).onSuccess(row -> {
            JsonArray choices = new JsonArray();
            Wording s = Wording.of(row.survey().language());
            for (Verdict v : Verdict.values()) {
                choices.add(new JsonObject().put("answer", v.code()).put("label", SurveyTexts.label(v, s)));
            }
            json(ctx, 200, new JsonObject()
                    .put("reference", row.survey().reference())
                    .put("round", row.survey().round())
                    .put("state", row.survey().state())
                    .put("verdict", row.survey().verdict())
                    .put("question", SurveyPage.t(s, "您对处理结果是否满意？", "您對處理結果是否滿意？",
                            "Are you satisfied with how your case was handled?"))
                    .put("choices", choices));
        }).onFailure(e -> ctx.fail(problem(e)));
    }

    private void submitJson(RoutingContext ctx) {
        JsonObject body;
        try {
            Buffer raw = ctx.body().buffer();
            body = raw == null ? new JsonObject() : raw.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw HttpProblem.badRequest("the body must be a JSON object such as {\"answer\": \"satisfied\"}");
        }
        JsonArray errors = new JsonArray();
        Optional<Verdict> verdict = Verdict.parse(body.getValue("answer") instanceof String a ? a : null);
        if (verdict.isEmpty()) {
            errors.add(new JsonObject().put("field", "answer")
                    .put("message", "must be satisfied, basically_satisfied or dissatisfied (满意, 基本满意, 不满意, 1–3)"));
        }
        Object rawComment = body.getValue("comment");
        if (rawComment != null && (!(rawComment instanceof String c) || tooLong(c))) {
            errors.add(new JsonObject().put("field", "comment").put("message", "must be text of at most 2000 characters"));
        }
        if (!errors.isEmpty()) {
            throw HttpProblem.invalidFields(errors);
        }
        record(ctx.pathParam("token"), verdict.get(), comment((String) rawComment))
                .onSuccess(r -> json(ctx, 200, new JsonObject()
                        .put("reference", r.survey().reference())
                        .put("verdict", r.verdict().code())
                        .put("state", "answered")
                        .put("reopened", r.reopened())))
                .onFailure(e -> ctx.fail(problem(e)));
    }

    private static Throwable problem(Throwable e) {
        if (e instanceof Refusal r) {
            return r.status == 404 ? HttpProblem.notFound(r.getMessage())
                    : new HttpProblem(410, "survey-link-gone", "Link no longer usable", r.getMessage());
        }
        return e;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer")
                .end(body.encode());
    }

    // ---- the one path both use ----------------------------------------------------------------------------

    /** The token's row when the link may still answer; otherwise fails with a {@link Refusal}. */
    private Future<TokenRow> open(String token) {
        Optional<String> nonce = tokens.verify(token);
        if (nonce.isEmpty()) {
            return Future.failedFuture(notOurs());
        }
        Instant now = clock.instant();
        return store.token(pool, nonce.get()).map(found -> {
            TokenRow row = found.orElseThrow(SurveyRoutes::notOurs);
            check(row, now);
            return row;
        });
    }

    /**
     * Spends the token and records the answer in one transaction: of two POSTs with one token (on two
     * instances, a double click) exactly one records; the other is told the link was used.
     */
    private Future<Recorded> record(String token, Verdict verdict, String comment) {
        Optional<String> nonce = tokens.verify(token);
        if (nonce.isEmpty()) {
            return Future.failedFuture(notOurs());
        }
        Instant now = clock.instant();
        return pool.withTransaction(conn -> store.token(conn, nonce.get()).compose(found -> {
            TokenRow row = found.orElseThrow(SurveyRoutes::notOurs);
            check(row, now);
            return store.spendToken(conn, nonce.get(), now).compose(spent -> {
                if (!spent) {
                    throw used(Wording.of(row.survey().language()));
                }
                return store.lock(conn, row.survey().id());
            }).compose(survey -> {
                check(new TokenRow(row.purpose(), row.expiresAt(), null, survey), now);
                boolean reopens = verdict == Verdict.DISSATISFIED && config.reopensOnDissatisfied()
                        && Set.of("resolved", "closed").contains(survey.caseStatus());
                return answers.record(conn, survey, verdict, comment, "web", null, now,
                        SurveyAnswers.Reaction.CONFIGURED, SurveyAnswers.ACTOR).map(new Recorded(survey, verdict, reopens));
            });
        }));
    }

    private void check(TokenRow row, Instant now) {
        Wording s = Wording.of(row.survey().language());
        if (row.usedAt() != null) {
            throw used(s);
        }
        if (!row.expiresAt().isAfter(now)) {
            throw new Refusal(410, s, SurveyPage.t(s, "此链接已过期。", "此連結已過期。", "This link has expired."));
        }
        Survey survey = row.survey();
        if (!TAKES_ANSWERS.contains(survey.state()) || survey.sentAt() == null
                || survey.sentAt().plus(config.acceptRepliesFor()).isBefore(now)) {
            throw new Refusal(410, s, SurveyPage.t(s, "此次回访已结束。", "此次回訪已結束。", "This survey is closed."));
        }
    }

    private static Refusal used(Wording s) {
        return new Refusal(410, s, SurveyPage.t(s, "此链接已使用过，感谢您的评价。如需补充，请回复我们的短信或邮件。",
                "此連結已使用過，感謝您的評價。如需補充，請回覆我們的短信或郵件。",
                "This link has already been used. Thank you; to add something, reply to our message."));
    }

    private static Refusal notOurs() {
        return new Refusal(404, Wording.HANS, "此链接无效。 This link is not valid.");
    }

    private static boolean tooLong(String comment) {
        return comment != null && comment.codePointCount(0, comment.length()) > MAX_COMMENT;
    }

    private static String comment(String raw) {
        return dev.shouli.core.intake.Text.clean(raw);
    }
}
