package dev.shouli.core.module;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.CaseActionStore;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.cases.CaseSearch;
import dev.shouli.core.cases.PublicNoteNotice;
import dev.shouli.core.cases.ReplyNotice;
import dev.shouli.core.cases.SlaMonitor;
import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.db.Migrations;
import dev.shouli.core.db.SchemaCheck;
import dev.shouli.core.http.BrowserPages;
import dev.shouli.core.http.ClientLimiter;
import dev.shouli.core.http.ConnectionGuard;
import dev.shouli.core.http.ContractRoutes;
import dev.shouli.core.http.EventLoopWatch;
import dev.shouli.core.http.FailureHandler;
import dev.shouli.core.http.HttpVerticle;
import dev.shouli.core.http.OperationsRoutes;
import dev.shouli.core.http.Routes;
import dev.shouli.core.http.UnhandledExceptions;
import dev.shouli.core.intake.IntakeMetrics;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.IntakeSteps;
import dev.shouli.core.intake.IntakeStore;
import dev.shouli.core.intake.Normaliser;
import dev.shouli.core.intake.ParseWorkers;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.ReceiptNotice;
import dev.shouli.core.db.GinPendingLists;
import dev.shouli.core.outbox.Backoff;
import dev.shouli.core.outbox.Notice;
import dev.shouli.core.outbox.NoticeChannel;
import dev.shouli.core.outbox.NoticeTemplate;
import dev.shouli.core.outbox.NoticeDelivery;
import dev.shouli.core.outbox.Notices;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.outbox.OutboxStore;
import dev.shouli.core.outbox.OutboxWorker;
import dev.shouli.core.outbox.StaffNotice;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.core.sla.SlaConfig;
import dev.shouli.core.sla.SlaStore;
import dev.shouli.core.sla.SlaView;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The core of one running gateway: its Vert.x, pool, metrics, the intake and case-action services, the outbox
 * and the SLA monitor, and the HTTP servers. It installs the modules it is given, fixes what they contributed,
 * and only then deploys anything that takes traffic.
 */
public final class Core {

    private final CoreConfig config;
    private final SlaConfig sla;
    private final Vertx vertx;
    private final Pool pool;
    private final PrometheusMeterRegistry registry;
    private final EventLoopWatch eventLoops;
    private final Clock clock;
    private final String schemaVersion;
    private final Contributions contributions = new Contributions();
    private final PhoneNumbers phones;
    private final ParseWorkers parseWorkers;
    private final ClientLimiter clientLimiter;
    private final WebClient webClient;
    private final DeadlinePolicy deadlines;
    private final IntakeService intake;
    private final CaseActionService caseActions;
    private final CaseQueries caseQueries;
    private HttpVerticle http;

    private Core(CoreConfig config, SlaConfig sla, Vertx vertx, Pool pool, PrometheusMeterRegistry registry,
                 EventLoopWatch eventLoops, Clock clock, String schemaVersion) {
        this.config = config;
        this.sla = sla;
        this.vertx = vertx;
        this.pool = pool;
        this.registry = registry;
        this.eventLoops = eventLoops;
        this.clock = clock;
        this.schemaVersion = schemaVersion;
        this.phones = new PhoneNumbers(config.intake().defaultRegion());
        this.parseWorkers = new ParseWorkers(vertx, config.parsing().workers(), config.parsing().budget());
        this.clientLimiter = new ClientLimiter(config.http().limits(), clock, registry);
        // No call out may hang longer than the outbox's lease: a provider that stops answering is given up after
        // 20 s of silence (callbacks and webhooks set shorter timeouts of their own).
        this.webClient = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setIdleTimeout(20));
        this.deadlines = new DeadlinePolicy(sla);
        this.intake = new IntakeService(pool, new IntakeStore(), new Normaliser(phones), deadlines, config.intake(),
                new IntakeMetrics(registry), parseWorkers,
                new IntakeSteps(contributions::matchers, contributions::hooks), this::wouldNotSend);
        this.caseActions = new CaseActionService(pool, new CaseActionStore(), new SlaStore(), deadlines.planner(),
                contributions::actionHooks, clock, new CaseActionService.Context(
                        contributions.services(Assignees.class),
                        new NoticeDelivery(() -> List.copyOf(contributions.noticeChannels)),
                        config.intake().timeZone()));
        this.caseQueries = new CaseQueries(pool, new SlaView(sla.calendars(), clock), contributions::caseDetails);
    }

    /** Starts Vert.x and the pool and migrates the schema (off the event loop); nothing is deployed yet. */
    public static Future<Core> start(CoreConfig config, SlaConfig sla, DatabaseEndpoint database, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        vertx.exceptionHandler(new UnhandledExceptions());
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
                    CaseSearch.warmUp();
                    return Migrations.migrate(database);
                })
                .map(version -> new Core(config, sla, vertx, pool, registry, eventLoops, clock, version))
                // Fail at once and close in the background: a close chained here would run on one of this
                // Vert.x's own threads and its completion could never be delivered, hiding the real error.
                .onFailure(failure -> vertx.close());
    }

    /**
     * Installs the modules one after the other, fixes their contributions, then deploys the outbox, the SLA
     * monitor, the modules' jobs and last the HTTP servers. Fails, and closes everything, if any step fails.
     */
    public Future<Void> deploy(List<ConfiguredModule<?>> modules) {
        noticesOfTheCore();
        Future<Void> installed = Future.succeededFuture();
        for (ConfiguredModule<?> module : modules) {
            installed = installed.compose(v -> module.install(new ModuleContext(this, module.name()))
                    .recover(e -> Future.failedFuture(new IllegalStateException(
                            "module " + module.name() + " did not install: " + e.getMessage(), e))));
        }
        return installed
                .compose(v -> {
                    contributions.seal();
                    return deploy(outboxWorker(), false);
                })
                .compose(v -> deploy(new SlaMonitor(pool, new SlaStore(), sla.calendars(), slaSettings(), clock), false))
                .compose(v -> deploy(new GinPendingLists(pool), false))
                .compose(v -> deployJobs(List.copyOf(contributions.jobs), 0))
                .compose(v -> deployHttp())
                .onFailure(failure -> vertx.close());
    }

    /** What the notice's channel would record instead of sending it, when that is certain (see NoticeChannel). */
    private Optional<OutboxHandler.NotSent> wouldNotSend(Notice notice) {
        for (NoticeTemplate template : contributions.noticeTemplates) {
            if (template.purpose().equals(notice.purpose())) {
                for (NoticeChannel channel : contributions.noticeChannels) {
                    if (channel.channel().equals(notice.channel())) {
                        return channel.wouldNotSend(notice, template);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Receipts (intake), desk replies and public notes told to complainants (case actions) and staff notices
     * (escalations) are the core's own.
     */
    private void noticesOfTheCore() {
        contributions.noticeTemplates.add(new ReceiptNotice());
        contributions.noticeTemplates.add(new ReplyNotice());
        contributions.noticeTemplates.add(new PublicNoteNotice(config.http().publicBaseUrl()));
        contributions.noticeTemplates.add(new StaffNotice());
    }

    private OutboxWorker outboxWorker() {
        List<OutboxHandler> handlers = new ArrayList<>(contributions.outboxHandlers);
        handlers.addAll(Notices.handlers(contributions.noticeTemplates, contributions.noticeChannels));
        CoreConfig.OutboxConfig c = config.outbox();
        return new OutboxWorker(new OutboxStore(pool), handlers, new OutboxWorker.Settings(c.pollInterval(),
                c.batchSize(), c.lease(), new Backoff(c.backoffInitial(), c.backoffMax()), c.maxAge(), c.concurrency()),
                clock);
    }

    private SlaMonitor.Settings slaSettings() {
        return new SlaMonitor.Settings(sla.monitorInterval(), sla.monitorBatch(), sla.supervisors());
    }

    private Future<Void> deployJobs(List<Contributions.Job> jobs, int index) {
        if (index == jobs.size()) {
            return Future.succeededFuture();
        }
        return deploy(jobs.get(index).verticle(), jobs.get(index).worker())
                .compose(v -> deployJobs(jobs, index + 1));
    }

    private Future<Void> deploy(Deployable verticle, boolean worker) {
        DeploymentOptions options = new DeploymentOptions();
        if (worker) {
            options.setThreadingModel(ThreadingModel.WORKER);
        }
        return vertx.deployVerticle(verticle, options).mapEmpty();
    }

    /** The first instance binds (port 0 picks a free port); the others share the port it got. */
    private Future<Void> deployHttp() {
        List<Routes> routes = new ArrayList<>();
        routes.add(new OperationsRoutes(new SchemaCheck(pool, schemaVersion), registry));
        routes.add(new ContractRoutes());
        routes.addAll(contributions.routes);
        List<BrowserPages> pages = contributions.services(BrowserPages.class).get();
        FailureHandler failures = pages.isEmpty()
                ? new FailureHandler(config.http().bodyLimitBytes(), config.http().retryAfterSeconds())
                : new FailureHandler(config.http().bodyLimitBytes(), config.http().retryAfterSeconds(), pages.get(0));
        CoreConfig.HttpConfig h = config.http();
        CoreConfig.ClientLimits limits = h.limits();
        ConnectionGuard guard = new ConnectionGuard(limits.headerTimeout(), limits.bodyTimeout(),
                limits.maxConnectionsPerClient(), registry);
        HttpVerticle first = new HttpVerticle(h.host(), h.port(), routes, failures, h.bodyLimitBytes(), guard,
                limits.idleTimeout());
        return vertx.deployVerticle(first).compose(id -> {
            http = first;
            int more = h.instances() - 1;
            if (more == 0) {
                return Future.succeededFuture();
            }
            return vertx.deployVerticle(() -> new HttpVerticle(h.host(), first.actualPort(), routes, failures,
                    h.bodyLimitBytes(), guard, limits.idleTimeout()), new DeploymentOptions().setInstances(more))
                    .mapEmpty();
        });
    }

    public int port() {
        return http.actualPort();
    }

    /** The routes the router serves, in order (every HTTP instance has the same), for the API contract test. */
    public List<Route> routes() {
        return http.routes();
    }

    /**
     * Stops the parse workers and waits for the one still running (interrupted, at most its budget), then closes
     * the HTTP servers, the pool and every verticle with Vert.x: a worker that outlived Vert.x had nowhere to
     * answer (RejectedExecutionException: event executor terminated).
     */
    public Future<Void> close() {
        // Neither step may run on one of this Vert.x's own threads: waiting there would hold a thread Vert.x needs,
        // and a close started there could never deliver its completion.
        return Future.fromCompletionStage(CompletableFuture.runAsync(parseWorkers::close)
                .thenCompose(v -> vertx.close().toCompletionStage()));
    }

    /** Every service of {@code type} the modules provided (for tests and tools that drive a part directly). */
    public <T> List<T> services(Class<T> type) {
        return contributions.services(type).get();
    }

    Contributions contributions() {
        return contributions;
    }

    public CoreConfig config() {
        return config;
    }

    public SlaConfig sla() {
        return sla;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    public Clock clock() {
        return clock;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public EventLoopWatch eventLoops() {
        return eventLoops;
    }

    WebClient webClient() {
        return webClient;
    }

    PhoneNumbers phones() {
        return phones;
    }

    ParseWorkers parseWorkers() {
        return parseWorkers;
    }

    ClientLimiter clientLimiter() {
        return clientLimiter;
    }

    DeadlinePolicy deadlines() {
        return deadlines;
    }

    IntakeService intake() {
        return intake;
    }

    CaseActionService caseActions() {
        return caseActions;
    }

    CaseQueries caseQueries() {
        return caseQueries;
    }
}
