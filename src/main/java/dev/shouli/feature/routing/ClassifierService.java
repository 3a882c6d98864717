package dev.shouli.feature.routing;

import dev.shouli.core.http.HttpProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains classifier versions (from a CSV file or from the desk's own labelled cases), lists them, makes one
 * active or runs one in shadow, and classifies a text exactly as the router would. A version is stored only once
 * it is completely trained and measured: nothing half-trained is ever kept.
 */
final class ClassifierService {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierService.class);
    /** Longer texts are classified off the event loop, as intake prepares long submissions on its parse pool. */
    private static final int INLINE_CHARS = 4096;

    private final Vertx vertx;
    private final Pool pool;
    private final RoutingConfig config;
    private final ModelStore store;
    private final RoutingStore routing;
    private final ModelVersions versions;
    private final RuleSets ruleSets;
    private final Clock clock;
    /** Trainings take seconds to minutes of CPU: on their own thread, never a shared worker's or an event loop's. */
    private final WorkerExecutor trainer;
    private final AtomicBoolean training = new AtomicBoolean();

    ClassifierService(Vertx vertx, Pool pool, RoutingConfig config, ModelStore store, RoutingStore routing,
                      ModelVersions versions, RuleSets ruleSets, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
        this.store = store;
        this.routing = routing;
        this.versions = versions;
        this.ruleSets = ruleSets;
        this.clock = clock;
        this.trainer = vertx.createSharedWorkerExecutor("shouli-classifier-training", 1, 30, TimeUnit.MINUTES);
    }

    /** A CSV of {@code title,text,category}; a bad file fails with {@link TrainingCsv.Invalid}. */
    Future<JsonObject> trainFromCsv(byte[] csv, String actor) {
        List<ClassifierTraining.Example> examples;
        try {
            examples = TrainingCsv.parse(csv, config.taxonomies()::resolve, config.taxonomies().describe());
        } catch (TrainingCsv.Invalid e) {
            return Future.failedFuture(e);
        }
        return train(examples, "csv", actor);
    }

    /** The closed cases whose category a person set, confirmed or re-routed to. */
    Future<JsonObject> trainFromCases(String actor) {
        return routing.labelled(pool).compose(examples -> train(examples, "cases", actor));
    }

    private Future<JsonObject> train(List<ClassifierTraining.Example> examples, String source, String actor) {
        if (!training.compareAndSet(false, true)) {
            return Future.failedFuture(new HttpProblem(409, "training-running", "A training is running",
                    "this instance is training a classifier version now; try again when it has finished"));
        }
        long started = System.nanoTime();
        return trainer.executeBlocking(() -> new ClassifierTraining(config.classifier().settings()).train(examples),
                        false)
                .recover(e -> Future.failedFuture(e instanceof IllegalArgumentException
                        ? HttpProblem.unprocessable("training-data", "Cannot train on these examples", e.getMessage())
                        : e))
                .compose(result -> store.insert(pool, source, result.examples(), result.model().labels(),
                                result.metrics(), result.model().toBytes(), actor, clock.instant())
                        .map(version -> {
                            LOG.info("classifier version {} trained by {} on {} examples from {} in {} ms", version,
                                    actor, result.examples(), source, (System.nanoTime() - started) / 1_000_000);
                            return new JsonObject().put("version", version).put("state", "trained")
                                    .put("examples", result.examples())
                                    .put("categories", new JsonArray(result.model().labels()))
                                    .put("metrics", result.metrics());
                        }))
                .onComplete(done -> training.set(false));
    }

    Future<JsonObject> versions() {
        return store.list(pool).map(list -> new JsonObject().put("versions", new JsonArray(list))
                .put("active", list.stream().filter(v -> "active".equals(v.getString("state")))
                        .map(v -> v.getInteger("version")).findFirst().orElse(null)));
    }

    /** Makes {@code version} active (intake uses it) or runs it in shadow (records, changes nothing). */
    Future<JsonObject> promote(int version, String state) {
        return pool.withTransaction(conn -> store.lock(conn, version).compose(found -> {
            String now = found.orElseThrow(() -> HttpProblem.notFound("no classifier version " + version));
            if ("active".equals(now) && "shadow".equals(state)) {
                throw new HttpProblem(409, "classifier-state", "Not possible now",
                        "version " + version + " is the active one; activate another first");
            }
            return now.equals(state) ? Future.succeededFuture() : store.promote(conn, version, state, clock.instant());
        })).map(v -> new JsonObject().put("version", version).put("state", state));
    }

    /** The dry run: the active version and the keyword rules, exactly as the router applies them. */
    Future<Classification> classify(String subject, String description) {
        Future<RuleSet> rules = ruleSets.active(pool);
        Future<java.util.Optional<Classification.Version>> active = versions.active(pool);
        int length = (subject == null ? 0 : subject.length()) + (description == null ? 0 : description.length());
        return Future.all(rules, active).compose(v -> length <= INLINE_CHARS
                ? Future.succeededFuture(Classification.of(null, subject, description, rules.result(), active.result()))
                : vertx.executeBlocking(() -> Classification.of(null, subject, description, rules.result(),
                        active.result()), false));
    }
}
