package dev.shouli;

import dev.shouli.channel.ChannelAdapter;
import dev.shouli.channel.api.JsonApiAdapter;
import dev.shouli.channel.email.EmailChannel;
import dev.shouli.channel.email.EmailIntake;
import dev.shouli.channel.email.EmailMessageHook;
import dev.shouli.channel.email.EmailThreadMatcher;
import dev.shouli.channel.email.EmailWebhookRoutes;
import dev.shouli.channel.email.ImapPoller;
import dev.shouli.channel.email.ReplyMailHandler;
import dev.shouli.channel.email.SmtpListener;
import dev.shouli.channel.form.FormRoutes;
import dev.shouli.channel.form.StatusRoutes;
import dev.shouli.channel.hotline.HotlineCallbackHandler;
import dev.shouli.channel.hotline.HotlineCallbacks;
import dev.shouli.channel.hotline.HotlineCaseActionHook;
import dev.shouli.channel.hotline.HotlineIntakeHook;
import dev.shouli.channel.hotline.HotlineRoutes;
import dev.shouli.channel.hotline.HotlineTicketMatcher;
import dev.shouli.channel.hotline.WorkOrderParser;
import dev.shouli.channel.open311.Open311CaseActionHook;
import dev.shouli.channel.open311.Open311IntakeHook;
import dev.shouli.channel.open311.Open311RequestParser;
import dev.shouli.channel.open311.Open311Routes;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeHook;
import dev.shouli.channel.hotline.HotlineStore;
import dev.shouli.channel.sms.SmsChannel;
import dev.shouli.core.config.ShouliConfig;
import dev.shouli.core.cases.CaseActionHook;
import dev.shouli.feature.desk.CaseActionRoutes;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.feature.desk.CaseStreamRoutes;
import dev.shouli.feature.desk.DeskEventRelay;
import dev.shouli.feature.dedup.DedupHook;
import dev.shouli.feature.dedup.DedupRoutes;
import dev.shouli.feature.dedup.DedupRules;
import dev.shouli.feature.dedup.DuplicateMatcher;
import dev.shouli.feature.dedup.IncidentLinker;
import dev.shouli.feature.dedup.IdentityKeys;
import dev.shouli.feature.dedup.Profiler;
import dev.shouli.feature.dedup.RespondentKey;
import dev.shouli.feature.dedup.Script;
import dev.shouli.feature.dedup.Unmerge;
import dev.shouli.feature.desk.DeskRoutes;
import dev.shouli.feature.dedup.ConfirmLinks;
import dev.shouli.feature.dedup.ConfirmRoutes;
import dev.shouli.feature.dedup.DuplicateDeskRoutes;
import dev.shouli.feature.dedup.PossibleDuplicateHook;
import dev.shouli.feature.dedup.PossibleDuplicates;
import dev.shouli.feature.dedup.PossibleDuplicateStore;
import dev.shouli.feature.survey.LoopMetrics;
import dev.shouli.feature.report.ReportRoutes;
import dev.shouli.feature.report.ReportStore;
import dev.shouli.feature.survey.SurveyStore;
import dev.shouli.feature.survey.SurveyActionHook;
import dev.shouli.feature.survey.SurveyAnswers;
import dev.shouli.feature.survey.SurveyDeskRoutes;
import dev.shouli.feature.survey.SurveyLinks;
import dev.shouli.feature.survey.SurveyReplies;
import dev.shouli.feature.survey.SurveyRoutes;
import dev.shouli.feature.survey.SurveyScheduler;
import dev.shouli.feature.survey.SurveyTokens;
import dev.shouli.feature.retention.ErasureRoutes;
import dev.shouli.feature.retention.RetentionJob;
import dev.shouli.feature.retention.ErasureStore;
import dev.shouli.feature.retention.RetentionStore;
import dev.shouli.feature.desk.DeskWebhookHandler;
import dev.shouli.core.http.ContractRoutes;
import dev.shouli.feature.console.Console;
import dev.shouli.feature.console.ConsoleRoutes;
import dev.shouli.core.http.EventLoopWatch;
import dev.shouli.core.http.FailureHandler;
import dev.shouli.core.http.HttpVerticle;
import dev.shouli.channel.IntakeRoutes;
import dev.shouli.core.http.OperationsRoutes;
import dev.shouli.core.http.Routes;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.core.intake.IntakeMetrics;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.Normaliser;
import dev.shouli.core.intake.ParseWorkers;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.outbox.Backoff;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxWorker;
import dev.shouli.core.sla.SlaMonitor;
import dev.shouli.core.sla.SlaView;
import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.cases.CaseFeedStore;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.channel.email.EmailStore;
import dev.shouli.channel.form.FormStore;
import dev.shouli.feature.dedup.DedupStore;
import dev.shouli.core.intake.IntakeStore;
import dev.shouli.core.db.Migrations;
import dev.shouli.channel.open311.Open311Store;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.core.db.RateLimitStore;
import dev.shouli.core.db.SchemaCheck;
import dev.shouli.core.db.SettingStore;
import dev.shouli.core.sla.SlaStore;
import dev.shouli.channel.form.StatusStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway instance: its Vert.x, pool and HTTP servers. Several may run against one database
 * (tests start two in one JVM); they share nothing but PostgreSQL.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final Pool pool;
    private final HttpVerticle http;
    private final EventLoopWatch eventLoops;

    private Gateway(Vertx vertx, Pool pool, HttpVerticle http, EventLoopWatch eventLoops) {
        this.vertx = vertx;
        this.pool = pool;
        this.http = http;
        this.eventLoops = eventLoops;
    }

    /** Migrates (off the event loop), then deploys the HTTP verticles; fails if any step fails. */
    public static Future<Gateway> start(ShouliConfig config, DatabaseEndpoint database, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        EventLoopWatch eventLoops = EventLoopWatch.start(vertx, registry);
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions()
                        .setName("shouli")
                        .setMaxSize(config.database().poolSize())
                        .setMaxWaitQueueSize(10_000)
                        // A request waits at most this long for a connection before it is told 503.
                        .setConnectionTimeout(5)
                        .setConnectionTimeoutUnit(TimeUnit.SECONDS))
                .connectingTo(database.connectOptions())
                .using(vertx)
                .build();
        return vertx.executeBlocking(() -> {
                    // Loads opencc4j's dictionary now rather than inside the first intake's transaction.
                    Script.warmUp();
                    return Migrations.migrate(database);
                })
                .compose(schemaVersion -> formKey(config, pool)
                        .compose(formKey -> surveyKey(config, pool)
                                .compose(surveyKey -> deploy(vertx, config, clock, registry, pool, schemaVersion,
                                        formKey, surveyKey))))
                .map(http -> {
                    LOG.info("Shouli listening on http://{}:{}/ (database {})", config.http().host(), http.actualPort(),
                            database);
                    return new Gateway(vertx, pool, http, eventLoops);
                })
                // Fail at once and close in the background: a close chained here would run on one of this
                // Vert.x's own threads and its completion could never be delivered, hiding the real error.
                .onFailure(failure -> vertx.close());
    }

    private static Future<HttpVerticle> deploy(Vertx vertx, ShouliConfig config, Clock clock,
                                          PrometheusMeterRegistry registry, Pool pool, String schemaVersion,
                                          byte[] formKey, byte[] surveyKey) {
        PhoneNumbers phones = new PhoneNumbers(config.intake().defaultRegion());
        IntakeMetrics metrics = new IntakeMetrics(registry);
        LoopMetrics loopMetrics = new LoopMetrics(registry);
        HotlineStore hotlineStore = new HotlineStore();
        WorkOrderParser workOrders = new WorkOrderParser(config.intake().timeZone(), phones,
                config.intake().maxAttachments(), config.intake().maxAttachmentBytes());
        HotlineCallbacks hotlineCallbacks = new HotlineCallbacks(config.intake().timeZone());
        ParseWorkers parseWorkers = new ParseWorkers(vertx, config.parsing().workers(), config.parsing().budget());
        SmsChannel sms = new SmsChannel(config, clock, registry, pool, phones, WebClient.create(vertx), parseWorkers);
        // Desk actions (POST /api/v1/cases/{ref}/{action}) run these inside the action's transaction.
        SurveyStore surveyStore = new SurveyStore();
        List<CaseActionHook> caseActionHooks = new ArrayList<>();
        caseActionHooks.add(new HotlineCaseActionHook(config.hotline(), hotlineStore, hotlineCallbacks));
        caseActionHooks.add(new Open311CaseActionHook());
        caseActionHooks.add(new SurveyActionHook(config.survey(), surveyStore, config.sla().calendars(),
                sms.sendsSurveys()));
        DeadlinePolicy deadlinePolicy = new DeadlinePolicy(config.sla());
        CaseActionService caseActions = new CaseActionService(pool, new CaseActionStore(), new SlaStore(),
                deadlinePolicy.planner(), caseActionHooks, clock, loopMetrics);
        // 回访: the question after a resolve, the answers however they come, 不满意 back to the desk.
        SurveyLinks surveyLinks = new SurveyLinks(new SurveyTokens(surveyKey), surveyStore, config.survey(), pool, clock);
        SurveyAnswers surveyAnswers = new SurveyAnswers(surveyStore, caseActions, config.survey(), loopMetrics);
        SurveyReplies surveyReplies = new SurveyReplies(surveyStore, surveyAnswers, config.survey());
        List<CaseMatcher> matchers = new ArrayList<>();
        // First: an SMS answering 回访 belongs to the surveyed (resolved) case, never to a new one.
        matchers.add(surveyReplies);
        matchers.add(new HotlineTicketMatcher(hotlineStore));
        matchers.addAll(sms.matchers());
        List<IntakeHook> intakeHooks = new ArrayList<>();
        intakeHooks.add(new HotlineIntakeHook(config.hotline(), workOrders, hotlineStore, hotlineCallbacks, surveyStore,
                surveyAnswers));
        Open311RequestParser open311Requests = new Open311RequestParser(config.open311(), phones);
        intakeHooks.add(new Open311IntakeHook(open311Requests));
        intakeHooks.addAll(sms.hooks());
        EmailStore emailStore = new EmailStore();
        matchers.add(new EmailThreadMatcher(emailStore, config.intake().referencePrefix()));
        intakeHooks.add(new EmailMessageHook(emailStore));
        // Dedup (DESIGN §4) after the channel-specific matchers (a hotline ticket number, an SMS thread) and
        // after the channel hooks.
        DedupStore dedupStore = new DedupStore();
        Profiler profiler = new Profiler(new IdentityKeys(phones),
                new RespondentKey.Normaliser(config.dedup().respondentAliases()));
        DedupRules dedupRules = new DedupRules(config.dedup(), profiler.respondents());
        DedupHook dedupHook = new DedupHook(config.dedup(), profiler, dedupStore);
        matchers.add(new DuplicateMatcher(config.dedup(), profiler, dedupRules, dedupStore));
        intakeHooks.add(dedupHook);
        // A submission that has not proven its contact and was kept out of another case: the pair for the desk, and
        // the question to that case's own contact (DESIGN §4.3).
        ConfirmLinks confirmLinks = new ConfirmLinks(surveyKey, config.survey().publicBaseUrl(),
                config.duplicates().confirmLinkTtl());
        PossibleDuplicateStore possibleDuplicates = new PossibleDuplicateStore();
        intakeHooks.add(new PossibleDuplicateHook(possibleDuplicates, confirmLinks, clock));
        // After the channel hooks (an e-mail's Message-ID is recorded first): records 回访 answers.
        intakeHooks.add(surveyReplies);
        IntakeService intake = new IntakeService(pool, new IntakeStore(), new Normaliser(phones),
                deadlinePolicy, config.intake(), metrics, parseWorkers, matchers, intakeHooks);
        EmailIntake emailIntake = EmailChannel.intake(intake, config.email(), config.intake(), phones, parseWorkers);
        PossibleDuplicates duplicateDecisions = new PossibleDuplicates(pool, possibleDuplicates, confirmLinks,
                config.sla().calendars(), clock);
        Unmerge unmerge = new Unmerge(pool, dedupStore, new IntakeStore(), deadlinePolicy, config.intake(),
                profiler, config.dedup().enabled(), clock, duplicateDecisions);
        List<ChannelAdapter> adapters = List.of(new JsonApiAdapter(config.intake(), phones));
        Console console = new Console(vertx, pool, config, clock, caseActions, unmerge, duplicateDecisions, intake,
                emailIntake, adapters);
        List<Routes> routes = List.of(
                new OperationsRoutes(new SchemaCheck(pool, schemaVersion), registry),
                new ContractRoutes(),
                router -> new IntakeRoutes(intake, clock, config.http().bodyLimitBytes(), config.apiPartners())
                        .register(router, adapters),
                new HotlineRoutes(config.hotline(), workOrders, intake, clock, config.http().bodyLimitBytes(), pool,
                        hotlineStore),
                new Open311Routes(config.open311(), open311Requests, intake, new Open311Store(pool), clock,
                        config.intake().timeZone(), config.http().bodyLimitBytes(), config.http().retryAfterSeconds()),
                new FormRoutes(intake, config, phones, clock, formKey, new FormStore(pool)),
                new StatusRoutes(config, new StatusStore(pool), new RateLimitStore(pool), phones, surveyLinks,
                        clock),
                // Before the desk's action and read routes, so POST .../unmerge is served here.
                new DedupRoutes(pool, dedupStore, unmerge, config.desk()),
                new DuplicateDeskRoutes(pool, possibleDuplicates, duplicateDecisions, config.desk()),
                new ConfirmRoutes(duplicateDecisions),
                new CaseActionRoutes(caseActions, config.desk()),
                // Before DeskRoutes: its GET /api/v1/cases/:reference would otherwise take "stream".
                new CaseStreamRoutes(pool, new CaseFeedStore(), config.desk(), config.push().streamPollInterval()),
                new DeskRoutes(new CaseQueries(pool, new SlaView(config.sla().calendars(), clock)), new OutboxStore(pool),
                        clock, config.desk()),
                sms.routes(intake),
                new SurveyRoutes(pool, surveyStore, surveyLinks, surveyAnswers, config.survey(), clock),
                new SurveyDeskRoutes(pool, surveyStore, surveyLinks, config.desk()),
                new ReportRoutes(pool, new ReportStore(), config.reports(), config.sla().calendars(),
                        config.intake().timeZone(), config.desk(), clock),
                new EmailWebhookRoutes(emailIntake, config.email().webhookToken(), config.email().maxMessageBytes(),
                        clock),
                new ErasureRoutes(new ErasureStore(pool), config.desk(), config.retention(), phones, clock),
                new ConsoleRoutes(console));
        FailureHandler failures = new FailureHandler(config.http().bodyLimitBytes(), config.http().retryAfterSeconds(),
                FormRoutes.browserPages(config));

        List<OutboxHandler> outboxHandlers = new ArrayList<>();
        outboxHandlers.addAll(HotlineCallbackHandler.forSources(vertx, config.hotline(), clock));
        outboxHandlers.addAll(sms.outboxHandlers());
        outboxHandlers.addAll(sms.surveyHandlers(pool, surveyStore, loopMetrics));
        outboxHandlers.add(EmailChannel.surveyHandler(vertx, pool, emailStore, surveyStore, loopMetrics,
                config.email(), config.intake().timeZone(), clock));
        WebClient webClient = WebClient.create(vertx);
        for (ShouliConfig.DeskWebhook webhook : config.push().webhooks()) {
            outboxHandlers.add(new DeskWebhookHandler(webhook, webClient, config.push().webhookTimeout(), clock));
        }
        outboxHandlers.addAll(EmailChannel.outboxHandlers(vertx, pool, emailStore, config.email(),
                config.intake().timeZone(), clock));
        // Replies desk agents write in the console (outbox kind reply, threaded on the case's mail).
        outboxHandlers.add(ReplyMailHandler.create(vertx, pool, emailStore, config.email(), clock));
        OutboxWorker outboxWorker = new OutboxWorker(new OutboxStore(pool), outboxHandlers,
                outboxSettings(config.outbox()), clock);

        // The first instance binds (port 0 picks a free port); the others share the port it got.
        HttpVerticle first = new HttpVerticle(config.http().host(), config.http().port(), routes, failures,
                config.http().bodyLimitBytes());
        SlaMonitor slaMonitor = new SlaMonitor(pool, new SlaStore(), config.sla().calendars(),
                slaSettings(config.sla()), clock);
        // The configured first console user exists before anyone can try to sign in.
        return console.users().bootstrap()
                .compose(ignored -> vertx.deployVerticle(outboxWorker))
                .compose(ignored -> vertx.deployVerticle(sms.sweeper(intake)))
                .compose(ignored -> vertx.deployVerticle(slaMonitor))
                // On a worker thread: a batch's rules and profiles are tens of milliseconds of CPU at a time, which on
                // an event loop held back the answers sharing it (ordinary day at 286/s: p99.9 291 -> 136 ms).
                .compose(ignored -> vertx.deployVerticle(new IncidentLinker(pool, config.dedup(), dedupRules,
                        dedupStore, clock, registry), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
                .compose(ignored -> vertx.deployVerticle(new SurveyScheduler(pool, surveyStore, surveyLinks,
                        config.survey(), loopMetrics, clock)))
                .compose(ignored -> vertx.deployVerticle(new RetentionJob(new RetentionStore(pool), config.retention(),
                        clock)))
                .compose(ignored -> vertx.deployVerticle(new DeskEventRelay(pool, new CaseFeedStore(),
                        config.push().webhooks(), config.push().relayInterval(), clock)))
                .compose(ignored -> config.email().smtp().enabled()
                        ? vertx.deployVerticle(new SmtpListener(emailIntake, config.email(), clock))
                        : Future.succeededFuture(""))
                .compose(ignored -> config.email().imap().mailboxes().isEmpty() ? Future.succeededFuture("")
                        : vertx.deployVerticle(new ImapPoller(emailIntake, config.email(), pool, emailStore, clock)))
                .compose(ignored -> vertx.deployVerticle(first)).compose(id -> {
            int port = first.actualPort();
            int more = config.http().instances() - 1;
            if (more == 0) {
                return Future.succeededFuture(first);
            }
            return vertx.deployVerticle(() -> new HttpVerticle(config.http().host(), port, routes, failures,
                            config.http().bodyLimitBytes()),
                    new DeploymentOptions().setInstances(more)).map(first);
        });
    }

    static OutboxWorker.Settings outboxSettings(ShouliConfig.OutboxConfig c) {
        return new OutboxWorker.Settings(c.pollInterval(), c.batchSize(), c.lease(),
                new Backoff(c.backoffInitial(), c.backoffMax()), c.maxAge());
    }

    static SlaMonitor.Settings slaSettings(ShouliConfig.SlaConfig c) {
        return new SlaMonitor.Settings(c.monitorInterval(), c.monitorBatch(), c.supervisors());
    }

    /**
     * The form token key: SHOULI_FORM_SECRET when set, else a random key stored once in the database, so every
     * instance verifies forms any other instance rendered, and forms survive a restart.
     */
    private static Future<byte[]> formKey(ShouliConfig config, Pool pool) {
        if (config.form().secret() != null) {
            return Future.succeededFuture(config.form().secret().getBytes(StandardCharsets.UTF_8));
        }
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        return new SettingStore(pool).getOrCreate("form.secret", Base64.getEncoder().encodeToString(candidate))
                .map(stored -> stored.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The survey link key: SHOULI_SURVEY_SECRET when set, else a random key stored once in the database, so a
     * link sent by one instance is verified by every other, also after a restart.
     */
    private static Future<byte[]> surveyKey(ShouliConfig config, Pool pool) {
        if (config.survey().secret() != null) {
            return Future.succeededFuture(config.survey().secret().getBytes(StandardCharsets.UTF_8));
        }
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        return new SettingStore(pool).getOrCreate("survey.secret", Base64.getEncoder().encodeToString(candidate))
                .map(stored -> stored.getBytes(StandardCharsets.UTF_8));
    }

    public int port() {
        return http.actualPort();
    }

    /** The routes the router serves, in order (every HTTP instance has the same), for the API contract test. */
    public List<io.vertx.ext.web.Route> routes() {
        return http.routes();
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    /** How late and how occupied this gateway's event loops have been (also on /metrics). */
    public EventLoopWatch eventLoops() {
        return eventLoops;
    }

    /** Closes the HTTP servers and the pool with Vert.x, which owns both. */
    public Future<Void> close() {
        return vertx.close();
    }
}
