package dev.shouli.core.module;

/**
 * When a module's intake hook runs inside the intake transaction, after the submission made or joined a case.
 * Phases run in this order, and within a phase in the order modules are listed.
 */
public enum HookPhase {
    /** The source's own bookkeeping: a ticket's case, an e-mail's Message-ID, a callback to queue. */
    SOURCE,
    /** What other modules derive from the case: its dedup profile, a possible duplicate, its routing. */
    CASE,
    /** Reading the submission as an answer to something we asked; needs the source's bookkeeping first. */
    ANSWER
}
