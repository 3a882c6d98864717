package dev.shouli.core.intake;

import java.util.List;
import java.util.function.Supplier;

/**
 * The matchers and hooks intake runs, in order, as the modules contributed them. Read at every intake, so they
 * can be filled after the intake service was built (modules need the service to build their parts) and fixed
 * before the first submission.
 */
public record IntakeSteps(Supplier<List<CaseMatcher>> matchers, Supplier<List<IntakeHook>> hooks) {

    public static IntakeSteps of(List<CaseMatcher> matchers, List<IntakeHook> hooks) {
        List<CaseMatcher> m = List.copyOf(matchers);
        List<IntakeHook> h = List.copyOf(hooks);
        return new IntakeSteps(() -> m, () -> h);
    }
}
