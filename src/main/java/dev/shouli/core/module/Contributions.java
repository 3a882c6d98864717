package dev.shouli.core.module;

import dev.shouli.core.cases.CaseActionHook;
import dev.shouli.core.cases.CaseDetail;
import dev.shouli.core.http.Routes;
import dev.shouli.core.intake.CaseMatcher;
import dev.shouli.core.intake.IntakeHook;
import dev.shouli.core.outbox.NoticeChannel;
import dev.shouli.core.outbox.NoticeTemplate;
import dev.shouli.core.outbox.OutboxHandler;
import io.vertx.core.Deployable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the modules contributed, collected while they install and fixed ({@link #seal}) before anything takes
 * traffic. The core's services read it through suppliers, since they are built before the modules that fill it.
 */
final class Contributions {

    private record Phased<P extends Enum<P>, T>(P phase, int order, T item) {
    }

    private final List<Phased<MatcherPhase, CaseMatcher>> matchers = new ArrayList<>();
    private final List<Phased<HookPhase, IntakeHook>> hooks = new ArrayList<>();
    final List<CaseActionHook> actionHooks = new ArrayList<>();
    final List<CaseDetail> caseDetails = new ArrayList<>();
    final List<NoticeTemplate> noticeTemplates = new ArrayList<>();
    final List<NoticeChannel> noticeChannels = new ArrayList<>();
    final List<OutboxHandler> outboxHandlers = new ArrayList<>();
    final List<Routes> routes = new ArrayList<>();
    /** A verticle deployed with the gateway, on a worker thread or an event loop. */
    record Job(Deployable verticle, boolean worker) {
    }

    final List<Job> jobs = new ArrayList<>();
    private final Map<Class<?>, List<Object>> services = new LinkedHashMap<>();
    private final Map<Class<?>, String> required = new LinkedHashMap<>();

    private List<CaseMatcher> sealedMatchers;
    private List<IntakeHook> sealedHooks;
    private List<CaseActionHook> sealedActionHooks;
    private List<CaseDetail> sealedDetails;

    void matcher(MatcherPhase phase, CaseMatcher matcher) {
        matchers.add(new Phased<>(phase, matchers.size(), matcher));
    }

    void hook(HookPhase phase, IntakeHook hook) {
        hooks.add(new Phased<>(phase, hooks.size(), hook));
    }

    <T> void provide(Class<T> type, T service) {
        services.computeIfAbsent(type, t -> new ArrayList<>()).add(service);
    }

    /** The one service of {@code type}; that it exists is checked when the contributions are sealed. */
    <T> Supplier<T> service(Class<T> type, String neededBy) {
        required.putIfAbsent(type, neededBy);
        return () -> {
            checkSealed();
            return type.cast(services.get(type).get(0));
        };
    }

    /** Every service of {@code type}, none included. */
    <T> Supplier<List<T>> services(Class<T> type) {
        return () -> {
            checkSealed();
            return services.getOrDefault(type, List.of()).stream().map(type::cast).toList();
        };
    }

    /** Fixes every list in phase order; fails naming the module whose required service nobody provides. */
    void seal() {
        required.forEach((type, neededBy) -> {
            List<Object> found = services.getOrDefault(type, List.of());
            if (found.size() != 1) {
                throw new IllegalStateException("module " + neededBy + " needs one " + type.getSimpleName()
                        + ", and " + found.size() + " module(s) provide one");
            }
        });
        sealedMatchers = inPhaseOrder(matchers);
        sealedHooks = inPhaseOrder(hooks);
        sealedActionHooks = List.copyOf(actionHooks);
        sealedDetails = List.copyOf(caseDetails);
    }

    private static <P extends Enum<P>, T> List<T> inPhaseOrder(List<Phased<P, T>> items) {
        return items.stream()
                .sorted(Comparator.comparing((Phased<P, T> p) -> p.phase()).thenComparingInt(Phased::order))
                .map(Phased::item).toList();
    }

    private void checkSealed() {
        if (sealedMatchers == null) {
            throw new IllegalStateException("the modules' contributions are read before every module installed");
        }
    }

    List<CaseMatcher> matchers() {
        checkSealed();
        return sealedMatchers;
    }

    List<IntakeHook> hooks() {
        checkSealed();
        return sealedHooks;
    }

    List<CaseActionHook> actionHooks() {
        checkSealed();
        return sealedActionHooks;
    }

    List<CaseDetail> caseDetails() {
        checkSealed();
        return sealedDetails;
    }
}
