package dev.shouli.core.intake;

import dev.shouli.core.intake.IntakeStore.Claim;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The intakes sharing one transaction, and what opening the transaction found out for them: each unit's
 * claim of its redelivery key, and what matchers read under the transaction's locks (a snapshot of who is
 * who). Lives as long as one attempt at the transaction; a re-run opens a new one.
 */
public final class IntakeBatch {

    private final List<IntakeUnit> units;
    private final Map<IntakeUnit, Claim> claims = new IdentityHashMap<>();
    private final Map<Object, Object> state = new HashMap<>();
    private final PendingWrites writes;

    IntakeBatch(List<IntakeUnit> units, PendingWrites writes) {
        this.units = List.copyOf(units);
        this.writes = writes;
    }

    /** Where statements go whose answers nobody waits for; the transaction commits only if they succeed. */
    public PendingWrites writes() {
        return writes;
    }

    public List<IntakeUnit> units() {
        return units;
    }

    synchronized void claimed(IntakeUnit unit, Claim claim) {
        claims.put(unit, claim);
    }

    /** @return the unit's claim, or null when its key was taken already (a redelivery) */
    synchronized Claim claim(IntakeUnit unit) {
        return claims.get(unit);
    }

    /** State a matcher keeps for this transaction, under a key of its own. */
    @SuppressWarnings("unchecked")
    public synchronized <S> S state(Object key, Supplier<S> create) {
        return (S) state.computeIfAbsent(key, k -> create.get());
    }
}
