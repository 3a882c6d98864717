package dev.shouli.core.module;

import dev.shouli.core.cases.CaseActionHook;
import dev.shouli.core.cases.CaseActionService;
import dev.shouli.core.cases.CaseDetail;
import dev.shouli.core.cases.CaseQueries;
import dev.shouli.core.config.CoreConfig;
import dev.shouli.core.db.SettingStore;
import dev.shouli.core.http.ClientLimiter;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeHook;
import dev.shouli.core.intake.IntakeService;
import dev.shouli.core.intake.ParseWorkers;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.outbox.NoticeChannel;
import dev.shouli.core.outbox.NoticeDelivery;
import dev.shouli.core.outbox.NoticeTemplate;
import dev.shouli.core.outbox.OutboxHandler;
import dev.shouli.core.sla.DeadlinePolicy;
import dev.shouli.core.sla.SlaConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a module is given when it installs — the running core (Vert.x, the pool, the clock, intake, case actions)
 * — and where it puts what it contributes. One context per module, so a start-up error can name it.
 */
public final class ModuleContext {

    private final Core core;
    private final String module;

    ModuleContext(Core core, String module) {
        this.core = core;
        this.module = module;
    }

    public String moduleName() {
        return module;
    }

    public Vertx vertx() {
        return core.vertx();
    }

    public Pool pool() {
        return core.pool();
    }

    public Clock clock() {
        return core.clock();
    }

    public MeterRegistry meters() {
        return core.registry();
    }

    /** One web client for the module's outgoing HTTP (callbacks, send APIs). */
    /** The per-client limits of the routes anyone can call (429 with Retry-After), shared by every module. */
    public ClientLimiter clientLimiter() {
        return core.clientLimiter();
    }

    public WebClient webClient() {
        return core.webClient();
    }

    /** The core's sections of the configuration: HTTP, intake, the desk's tokens and paging. */
    public CoreConfig config() {
        return core.config();
    }

    public SlaConfig sla() {
        return core.sla();
    }

    public PhoneNumbers phones() {
        return core.phones();
    }

    public ParseWorkers parseWorkers() {
        return core.parseWorkers();
    }

    public IntakeService intake() {
        return core.intake();
    }

    public DeadlinePolicy deadlines() {
        return core.deadlines();
    }

    public CaseActionService caseActions() {
        return core.caseActions();
    }

    public CaseQueries caseQueries() {
        return core.caseQueries();
    }

    /**
     * A key every instance shares: {@code configured} when set (from the environment), else a random one stored
     * once in the database under {@code name}, so what one instance signs every other verifies, also after a
     * restart.
     */
    public Future<byte[]> storedKey(String name, String configured) {
        if (configured != null) {
            return Future.succeededFuture(configured.getBytes(StandardCharsets.UTF_8));
        }
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        return new SettingStore(pool()).getOrCreate(name, Base64.getEncoder().encodeToString(candidate))
                .map(stored -> stored.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key of the signed links we send people (回访 answers, possible-duplicate confirmations):
     * {@code SHOULI_SURVEY_SECRET}, else one stored once in the database.
     */
    public Future<byte[]> linkKey() {
        // Stored under its first user's name, so the links of a gateway that ran before keep working.
        return storedKey("survey.secret", config().http().linkSecret());
    }

    public void matcher(MatcherPhase phase, CaseMatcher matcher) {
        core.contributions().matcher(phase, matcher);
    }

    public void intakeHook(HookPhase phase, IntakeHook hook) {
        core.contributions().hook(phase, hook);
    }

    /** Runs inside every desk action's transaction (see {@link CaseActionHook}). */
    public void actionHook(CaseActionHook hook) {
        core.contributions().actionHooks.add(hook);
    }

    public void caseDetail(CaseDetail detail) {
        core.contributions().caseDetails.add(detail);
    }

    public void noticeTemplate(NoticeTemplate template) {
        core.contributions().noticeTemplates.add(template);
    }

    public void noticeChannel(NoticeChannel channel) {
        core.contributions().noticeChannels.add(channel);
    }

    /** Outbox items that are not notices: hotline callbacks, desk webhooks. */
    public void outboxHandler(OutboxHandler handler) {
        core.contributions().outboxHandlers.add(handler);
    }

    public void routes(Routes routes) {
        core.contributions().routes.add(routes);
    }

    /** A verticle deployed with the gateway on an event loop: a periodic job, a listener. */
    public void job(Deployable job) {
        core.contributions().jobs.add(new Contributions.Job(job, false));
    }

    /** A verticle on a worker thread, for jobs whose rounds take tens of milliseconds of CPU. */
    public void workerJob(Deployable job) {
        core.contributions().jobs.add(new Contributions.Job(job, true));
    }

    /** Offers a service to other modules (they ask for it by {@code type}). */
    public <T> void provide(Class<T> type, T service) {
        core.contributions().provide(type, service);
    }

    /**
     * The one service of {@code type} another module provides, once every module has installed; the start fails,
     * naming this module, if none does.
     */
    public <T> Supplier<T> service(Class<T> type) {
        return core.contributions().service(type, module);
    }

    /** Every service of {@code type} the modules provide, once every module has installed (none is fine). */
    public <T> Supplier<List<T>> services(Class<T> type) {
        return core.contributions().services(type);
    }

    /** Whether notices on a channel go out here, once every module has installed. */
    public NoticeDelivery noticeDelivery() {
        return new NoticeDelivery(() -> List.copyOf(core.contributions().noticeChannels));
    }

    /** The template of {@code purpose}, if any module contributed one (asked once every module has installed). */
    public Optional<NoticeTemplate> noticeTemplateOf(String purpose) {
        return core.contributions().noticeTemplates.stream().filter(t -> t.purpose().equals(purpose)).findFirst();
    }

    /** The template of {@code purpose}, once every module has installed. */
    public Supplier<NoticeTemplate> noticeTemplate(String purpose) {
        return () -> noticeTemplateOf(purpose)
                .orElseThrow(() -> new IllegalStateException("no notice template for " + purpose));
    }
}
