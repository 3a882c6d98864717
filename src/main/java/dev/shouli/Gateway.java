package dev.shouli;

import dev.shouli.channel.api.ApiModule;
import dev.shouli.channel.email.EmailModule;
import dev.shouli.channel.form.FormModule;
import dev.shouli.channel.hotline.HotlineModule;
import dev.shouli.channel.open311.Open311Module;
import dev.shouli.channel.sms.SmsModule;
import dev.shouli.core.db.DatabaseEndpoint;
import dev.shouli.core.http.EventLoopWatch;
import dev.shouli.core.module.Core;
import dev.shouli.core.module.Module;
import dev.shouli.feature.bulk.BulkModule;
import dev.shouli.feature.console.ConsoleModule;
import dev.shouli.feature.dedup.DedupModule;
import dev.shouli.feature.desk.DeskModule;
import dev.shouli.feature.report.ReportModule;
import dev.shouli.feature.retention.RetentionModule;
import dev.shouli.feature.routing.RoutingModule;
import dev.shouli.feature.survey.SurveyModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway instance: the core, and every channel and feature installed on it. Several may run against
 * one database (tests start two in one JVM); they share nothing but PostgreSQL.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Core core;

    private Gateway(Core core) {
        this.core = core;
    }

    /**
     * The channels, then the features, each whole in its own folder. Matchers and hooks run by their declared
     * phase; this order only breaks ties within a phase.
     */
    public static List<Module<?>> modules() {
        return List.of(
                new ApiModule(), new FormModule(), new EmailModule(), new SmsModule(), new HotlineModule(),
                new Open311Module(),
                new SurveyModule(), new BulkModule(), new DedupModule(), new DeskModule(), new ReportModule(),
                new RetentionModule(), new RoutingModule(), new ConsoleModule());
    }

    /** Migrates (off the event loop), installs the modules, then deploys; fails if any step fails. */
    public static Future<Gateway> start(ShouliConfig config, DatabaseEndpoint database, Clock clock) {
        config.warnings().forEach(warning -> LOG.warn("configuration: {}", warning));
        return Core.start(config.core(), config.sla(), database, clock)
                .compose(core -> core.deploy(config.modules()).map(v -> new Gateway(core)))
                .onSuccess(gateway -> LOG.info("Shouli listening on http://{}:{}/ (database {})",
                        config.http().host(), gateway.port(), database));
    }

    public int port() {
        return core.port();
    }

    /** The routes the router serves, in order (every HTTP instance has the same), for the API contract test. */
    public List<Route> routes() {
        return core.routes();
    }

    public Vertx vertx() {
        return core.vertx();
    }

    public Pool pool() {
        return core.pool();
    }

    /** How late and how occupied this gateway's event loops have been (also on /metrics). */
    public EventLoopWatch eventLoops() {
        return core.eventLoops();
    }

    /** Every service of {@code type} the modules provided (for tests and tools that drive a part directly). */
    public <T> List<T> services(Class<T> type) {
        return core.services(type);
    }

    /** Closes the HTTP servers, the jobs and the pool with Vert.x, which owns them. */
    public Future<Void> close() {
        return core.close();
    }
}
