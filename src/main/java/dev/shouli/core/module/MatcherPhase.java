package dev.shouli.core.module;

/**
 * When a module's case matcher is asked whether a submission belongs to an existing case; the first match wins.
 * Phases run in this order, and within a phase in the order modules are listed.
 */
public enum MatcherPhase {
    /** An answer to a question we asked (a 回访 reply) belongs to the case asked about, before anything else. */
    ANSWER,
    /** The source's own thread: a hotline ticket number, an SMS conversation, an e-mail's In-Reply-To. */
    THREAD,
    /** The same person about the same matter through any channel (duplicates and follow-ups). */
    PERSON
}
