package dev.shouli.feature.dedup;

import dev.shouli.core.cases.CitizenView;
import dev.shouli.core.cases.PersonalData;
import dev.shouli.core.intake.IntakeStore;
import dev.shouli.core.module.HookPhase;
import dev.shouli.core.module.MatcherPhase;
import dev.shouli.core.module.Module;
import dev.shouli.core.module.ModuleConfig;
import dev.shouli.core.module.ModuleContext;
import dev.shouli.feature.bulk.BatchItemHook;
import dev.shouli.feature.bulk.CaseBatches;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Duplicates, follow-ups and incidents: the same person about the same matter joins their case before the
 * source is answered; many people about one problem are linked into an incident after it; a submission that has
 * not proven the contact it names becomes a possible duplicate the existing case's contact is asked to confirm.
 * Sections {@code dedup:} and {@code possibleDuplicates:}.
 */
public final class DedupModule implements Module<DedupConfig> {

    @Override
    public String name() {
        return "dedup";
    }

    @Override
    public DedupConfig configure(ModuleConfig config) {
        return DedupConfig.from(config.tree());
    }

    @Override
    public Future<Void> install(DedupConfig dedup, ModuleContext context) {
        Pool pool = context.pool();
        ProfileStore profiles = new ProfileStore();
        Profiler profiler = new Profiler(new IdentityKeys(context.phones()),
                new RespondentKey.Normaliser(dedup.respondentAliases()));
        DedupRules rules = new DedupRules(dedup, profiler.respondents());
        // After the sources' own threads (a ticket number, an SMS conversation, a mail thread).
        context.matcher(MatcherPhase.PERSON, new DuplicateMatcher(dedup, profiler, rules, new PersonStore(), profiles));
        context.intakeHook(HookPhase.CASE, new DedupHook(dedup, profiler, profiles));
        // On a worker thread: a batch's rules and profiles are tens of milliseconds of CPU at a time, which on
        // an event loop held back the answers sharing it (ordinary day at 286/s: p99.9 291 -> 136 ms).
        IncidentActions incidentActions = new IncidentActions(pool, new IncidentStore(),
                context.service(CaseBatches.class));
        // What an incident's batch achieved becomes the incident's standing state, with the case that took it.
        context.provide(BatchItemHook.class, incidentActions::achieved);
        context.workerJob(new IncidentLinker(pool, dedup, rules, new IncidentStore(), context.clock(),
                context.meters(), incidentActions));
        // Loads opencc4j's dictionary now rather than inside the first intake's transaction.
        context.provide(PersonalData.class, new DedupPersonalData());
        return context.vertx().executeBlocking(() -> {
            Script.warmUp();
            return null;
        }).compose(v -> context.linkKey()).map(key -> {
            ConfirmLinks links = new ConfirmLinks(key, context.config().http().publicBaseUrl(), dedup.confirmLinkTtl());
            PossibleDuplicateStore possible = new PossibleDuplicateStore();
            // After the dedup profile: the pair for the desk, and the question to the existing case's own contact.
            context.intakeHook(HookPhase.CASE, new PossibleDuplicateHook(possible, links, context.clock()));
            PossibleDuplicates decisions = new PossibleDuplicates(pool, possible, links, context.sla().calendars(),
                    context.clock());
            Unmerge unmerge = new Unmerge(pool, new UnmergeStore(), profiles, new IntakeStore(), context.deadlines(),
                    context.config().intake(), profiler, dedup.enabled(), context.clock(), decisions);
            context.provide(Unmerge.class, unmerge);
            context.provide(PossibleDuplicates.class, decisions);
            context.noticeTemplate(new ConfirmationNotice());
            Incidents incidents = new Incidents(pool);
            context.provide(Incidents.class, incidents);
            context.provide(IncidentActions.class, incidentActions);
            // The status page shows each member the incident's standing note (incidentNote).
            context.provide(CitizenView.class, (caseId, status) -> incidentActions.noteOfCase(caseId));
            context.routes(new IncidentActionRoutes(incidentActions, context.service(CaseBatches.class),
                    context.config().desk()));
            context.routes(new DedupRoutes(incidents, unmerge, context.config().desk()));
            context.routes(new DuplicateDeskRoutes(pool, possible, decisions, context.config().desk()));
            context.routes(new ConfirmRoutes(decisions));
            return null;
        });
    }
}
