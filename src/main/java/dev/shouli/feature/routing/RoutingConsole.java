package dev.shouli.feature.routing;

import dev.shouli.core.cases.Assignees;
import dev.shouli.core.domain.CaseReference;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.feature.console.ConsoleExtension;
import dev.shouli.feature.console.ConsoleView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Routing in the desk console ({@link ConsoleExtension}): the overview of units and triage, the triage queue, each
 * unit with its members (supervisors add, remove and mark them absent, and pick the calendar they are on duty
 * on), the rule editor with its dry run (supervisors), the classifier versions, the per-unit report, and the
 * routing card with its actions on every case page.
 */
final class RoutingConsole implements ConsoleExtension {

    private static final int LIST_LIMIT = 200;

    private final Pool pool;
    private final RoutingConfig config;
    private final RoutingPages pages;
    private final RoutingSection section;
    private final RoutingPageStore store;
    private final MemberStore members;
    private final RuleSets ruleSets;
    private final RuleSetStore ruleSetStore;
    private final RuleDryRun dryRun;
    private final ClassifierService classifier;
    private final RoutingActions actions;
    private final RoutingReport report;
    private final Supplier<Assignees> assignees;
    private final Assigner assigner;
    private final Clock clock;

    RoutingConsole(Pool pool, RoutingConfig config, RoutingPages pages, MemberStore members, RuleSets ruleSets,
                   RuleSetStore ruleSetStore, ClassifierService classifier, RoutingActions actions,
                   RoutingReport report, Supplier<Assignees> assignees, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.pages = pages;
        this.section = new RoutingSection(config, pages);
        this.store = new RoutingPageStore();
        this.members = members;
        this.ruleSets = ruleSets;
        this.ruleSetStore = ruleSetStore;
        this.dryRun = new RuleDryRun(pool, config, ruleSetStore, ruleSets);
        this.classifier = classifier;
        this.actions = actions;
        this.report = report;
        this.assignees = assignees;
        this.assigner = new Assigner(config.calendars());
        this.clock = clock;
    }

    @Override
    public List<NavEntry> navigation() {
        return List.of(new NavEntry(RoutingPages.NAV, Map.of("zh-CN", RoutingTexts.of("zh-CN").get("nav"),
                "en", RoutingTexts.of("en").get("nav")), false));
    }

    @Override
    public void pages(Pages p) {
        p.get("/desk/routing", false, this::overview);
        p.get("/desk/routing/triage", false, this::triage);
        p.get("/desk/routing/units/:code", false, this::unit);
        p.post("/desk/routing/units/:code/members", true, this::addMember);
        p.post("/desk/routing/units/:code/members/:username", true, this::updateMember);
        p.post("/desk/routing/units/:code/members/:username/remove", true, this::removeMember);
        p.get("/desk/routing/rules", true, (ctx, v) -> rules(ctx, v, null, null, null, null));
        p.post("/desk/routing/rules", true, this::ruleSet);
        p.get("/desk/routing/classifier", false, (ctx, v) -> classifierPage(ctx, v, 200, notice(ctx, v), null));
        p.post("/desk/routing/classifier/train", true, this::train);
        p.post("/desk/routing/classifier/:version/:what", true, this::promote);
        p.get("/desk/routing/report", false, this::report);
        p.post("/desk/routing/cases/:reference/:action", false, this::caseAction);
    }

    @Override
    public Future<String> caseSection(ConsoleView view, JsonObject caseRecord) {
        return Future.succeededFuture(section.render(view, caseRecord));
    }

    private static RoutingTexts texts(ConsoleView v) {
        return RoutingTexts.of(v.language());
    }

    /** The notice a redirect asked for ({@code ?done=key}), in the viewer's words. */
    private static String notice(RoutingContext ctx, ConsoleView v) {
        String done = ctx.queryParams().get("done");
        RoutingTexts t = texts(v);
        return done == null || !t.keys().contains("done." + done) ? null : t.get("done." + done);
    }

    private void overview(RoutingContext ctx, ConsoleView v) {
        Instant now = clock.instant();
        List<String> codes = config.units().all().stream().map(Units.Unit::code).toList();
        Future<Map<String, RoutingPageStore.Counts>> counts = store.counts(pool, now);
        Future<List<MemberStore.Member>> all = members.members(pool, codes);
        Future<List<Assignees.Assignee>> people = assignees.get().active();
        Future.all(counts, all, people).onFailure(ctx::fail).onSuccess(x -> {
            List<Assigner.Team> teams = config.units().all().stream().map(u -> new Assigner.Team(u,
                    all.result().stream().filter(m -> m.unit().equals(u.code())).toList(), null)).toList();
            Map<String, Long> memberCounts = all.result().stream()
                    .collect(Collectors.groupingBy(MemberStore.Member::unit, Collectors.counting()));
            v.send(ctx, 200, pages.overview(v, texts(v), counts.result(),
                    assigner.onDutyCounts(teams, now, usernames(people.result())), memberCounts));
        });
    }

    private static Set<String> usernames(List<Assignees.Assignee> people) {
        return people.stream().map(Assignees.Assignee::username).collect(Collectors.toSet());
    }

    private void triage(RoutingContext ctx, ConsoleView v) {
        store.casesIn(pool, config.units().triage().code(), LIST_LIMIT).onFailure(ctx::fail)
                .onSuccess(cases -> v.send(ctx, 200, pages.triage(v, texts(v), cases)));
    }

    private Units.Unit unitOf(RoutingContext ctx) {
        return config.units().get(ctx.pathParam("code")).orElseThrow(ConsoleView::notFound);
    }

    private void unit(RoutingContext ctx, ConsoleView v) {
        renderUnit(ctx, v, unitOf(ctx), notice(ctx, v), null, 200);
    }

    private void renderUnit(RoutingContext ctx, ConsoleView v, Units.Unit unit, String notice, String error, int status) {
        Instant now = clock.instant();
        Future<List<MemberStore.Member>> all = members.members(pool, List.of(unit.code()));
        Future<List<Assignees.Assignee>> people = assignees.get().active();
        Future<List<JsonObject>> cases = store.casesIn(pool, unit.code(), LIST_LIMIT);
        Future.all(all, people, cases).onFailure(ctx::fail).onSuccess(x -> {
            Set<String> active = usernames(people.result());
            Set<String> onDuty = all.result().stream().filter(m -> assigner.onDuty(unit, m, now, active))
                    .map(MemberStore.Member::username).collect(Collectors.toSet());
            v.send(ctx, status, pages.unit(v, texts(v), unit, all.result(), onDuty, people.result(), cases.result(),
                    notice, error));
        });
    }

    private void addMember(RoutingContext ctx, ConsoleView v) {
        Units.Unit unit = unitOf(ctx);
        String username = form(ctx, "username");
        String calendar = calendar(form(ctx, "calendar"));
        if (username == null) {
            throw ConsoleView.badRequest(texts(v).get("member.pick"));
        }
        assignees.get().find(username).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(false);
            }
            return members.add(pool, unit.code(), username, calendar, v.username(), clock.instant()).map(true);
        }).onFailure(ctx::fail).onSuccess(known -> {
            if (known) {
                v.redirect(ctx, unitPath(unit) + "?done=memberAdded");
            } else {
                renderUnit(ctx, v, unit, null, texts(v).get("member.unknown", username), 422);
            }
        });
    }

    private void updateMember(RoutingContext ctx, ConsoleView v) {
        Units.Unit unit = unitOf(ctx);
        members.update(pool, unit.code(), ctx.pathParam("username"), calendar(form(ctx, "calendar")),
                        "true".equals(form(ctx, "absent")))
                .onFailure(ctx::fail)
                .onSuccess(found -> memberDone(ctx, v, unit, found, "memberChanged"));
    }

    private void removeMember(RoutingContext ctx, ConsoleView v) {
        Units.Unit unit = unitOf(ctx);
        members.remove(pool, unit.code(), ctx.pathParam("username")).onFailure(ctx::fail)
                .onSuccess(found -> memberDone(ctx, v, unit, found, "memberRemoved"));
    }

    private static void memberDone(RoutingContext ctx, ConsoleView v, Units.Unit unit, boolean found, String done) {
        if (found) {
            v.redirect(ctx, unitPath(unit) + "?done=" + done);
        } else {
            ctx.fail(ConsoleView.notFound());
        }
    }

    private static String unitPath(Units.Unit unit) {
        return "/desk/routing/units/" + ConsoleView.url(unit.code());
    }

    /** A calendar a member may be on duty on: a configured one, or null for the unit's. */
    private String calendar(String name) {
        return name != null && config.calendars().has(name) ? name : null;
    }

    private void rules(RoutingContext ctx, ConsoleView v, String document, RuleDryRun.Result result, String error,
                       String notice) {
        Future<RuleSet> active = ruleSets.active(pool);
        Future<List<JsonObject>> history = ruleSetStore.history(pool);
        Future.all(active, history).onFailure(ctx::fail).onSuccess(x -> v.send(ctx, error == null ? 200 : 422,
                pages.rules(v, texts(v), active.result(), document != null ? document : active.result().document(),
                        result, history.result(), notice != null ? notice : notice(ctx, v), error)));
    }

    /** Dry run or activation of the rule set in the editor; an invalid one is shown again with the problem. */
    private void ruleSet(RoutingContext ctx, ConsoleView v) {
        String document = ctx.request().getFormAttribute("document");
        String action = form(ctx, "do");
        RuleSet draft;
        try {
            draft = config.ruleSet(-1, document == null ? "" : document);
        } catch (IllegalArgumentException e) {
            rules(ctx, v, document, null, texts(v).get("rules.invalid", e.getMessage()), null);
            return;
        }
        if ("activate".equals(action)) {
            ruleSetStore.activate(pool, draft.document(), v.username(), clock.instant()).onFailure(ctx::fail)
                    .onSuccess(version -> v.redirect(ctx, "/desk/routing/rules?done=rulesActivated"));
            return;
        }
        dryRun.run(draft).onFailure(ctx::fail).onSuccess(result -> rules(ctx, v, document, result, null, null));
    }

    private void classifierPage(RoutingContext ctx, ConsoleView v, int status, String notice, String error) {
        classifier.versions().onFailure(ctx::fail)
                .onSuccess(versions -> v.send(ctx, status, pages.classifier(v, texts(v), versions, notice, error)));
    }

    private void train(RoutingContext ctx, ConsoleView v) {
        classifier.trainFromCases(v.username())
                .onSuccess(done -> classifierPage(ctx, v, 200,
                        texts(v).get("classifier.trained", done.getInteger("version"), done.getInteger("examples")), null))
                .onFailure(e -> refused(ctx, e, problem -> classifierPage(ctx, v, problem.status(), null,
                        problem.getMessage())));
    }

    private void promote(RoutingContext ctx, ConsoleView v) {
        String what = ctx.pathParam("what");
        int version;
        try {
            version = Integer.parseInt(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            throw ConsoleView.notFound();
        }
        if (!"activate".equals(what) && !"shadow".equals(what)) {
            throw ConsoleView.notFound();
        }
        classifier.promote(version, "activate".equals(what) ? "active" : "shadow")
                .onSuccess(done -> v.redirect(ctx, "/desk/routing/classifier?done="
                        + ("activate".equals(what) ? "versionActivated" : "versionShadowed")))
                .onFailure(e -> refused(ctx, e, problem -> classifierPage(ctx, v, problem.status(), null,
                        problem.getMessage())));
    }

    private void report(RoutingContext ctx, ConsoleView v) {
        LocalDate to = date(ctx.queryParams().get("to"), LocalDate.now(clock.withZone(report.zone())).plusDays(1));
        LocalDate from = date(ctx.queryParams().get("from"), to.minusDays(30));
        if (!from.isBefore(to)) {
            from = to.minusDays(1);
        }
        report.between(from, to).onFailure(ctx::fail)
                .onSuccess(r -> v.send(ctx, 200, pages.report(v, texts(v), r)));
    }

    private static LocalDate date(String value, LocalDate otherwise) {
        try {
            return value == null || value.isBlank() ? otherwise : LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return otherwise;
        }
    }

    private void caseAction(RoutingContext ctx, ConsoleView v) {
        String ref = CaseReference.parse(ctx.pathParam("reference")).toString();
        String actor = v.username();
        Future<JsonObject> done = switch (ctx.pathParam("action")) {
            case "dispatch" -> actions.dispatch(ref, form(ctx, "unit"), form(ctx, "category"), form(ctx, "note"), actor);
            case "transfer" -> actions.transfer(ref, form(ctx, "unit"), form(ctx, "note"), actor);
            case "return" -> actions.returnToTriage(ref, form(ctx, "reasonCode"), form(ctx, "reason"),
                    form(ctx, "note"), actor);
            case "category" -> actions.setCategory(ref, form(ctx, "category"), actor);
            default -> throw ConsoleView.notFound();
        };
        done.onSuccess(x -> v.redirect(ctx, "/desk/cases/" + ref + "#routing")).onFailure(ctx::fail);
    }

    /** A problem for people shown on the page; anything else is the console's error page. */
    private static void refused(RoutingContext ctx, Throwable e, java.util.function.Consumer<HttpProblem> show) {
        if (e instanceof HttpProblem p && p.status() < 500) {
            show.accept(p);
        } else {
            ctx.fail(e);
        }
    }

    private static String form(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
