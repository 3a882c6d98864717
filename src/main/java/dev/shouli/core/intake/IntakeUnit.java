package dev.shouli.core.intake;

import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.Submission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One submission on its way through intake: what arrived, what it was understood as, its request, and the names of the
 * advisory locks its matchers need (taken by its transaction before any intake of it runs, see
 * {@link IntakeService}). A unit may run more than once (a shared transaction that failed is re-run unit by
 * unit), so what is remembered on it must not depend on the database.
 */
public final class IntakeUnit {

    private final Submission submission;
    private final Complaint complaint;
    private final String requestId;
    private final Map<Object, Object> memo = new HashMap<>();
    private List<String> lockNames = List.of();

    IntakeUnit(Submission submission, Complaint complaint, String requestId) {
        this.submission = submission;
        this.complaint = complaint;
        this.requestId = requestId;
    }

    public Submission submission() {
        return submission;
    }

    public Complaint complaint() {
        return complaint;
    }

    /** The request it came with (X-Request-Id), which the rows it writes are tagged with. */
    public String requestId() {
        return requestId;
    }

    List<String> lockNames() {
        return lockNames;
    }

    void lockNames(List<String> names) {
        this.lockNames = List.copyOf(names);
    }

    /**
     * A value derived from the submission alone, computed once for all who ask (a dedup profile is wanted by
     * the matcher and by the hook that stores it).
     */
    @SuppressWarnings("unchecked")
    public synchronized <V> V memo(Object key, Supplier<V> compute) {
        return (V) memo.computeIfAbsent(key, k -> compute.get());
    }
}
