package dev.shouli.core.domain;

/** What intake made of a submission; the word every intake endpoint of ours answers with. */
public enum IntakeOutcome {
    CREATED, MERGED, APPENDED, DUPLICATE, SUPPRESSED, QUARANTINED, REJECTED;

    public String code() {
        return name().toLowerCase();
    }

    public static IntakeOutcome fromCode(String code) {
        return valueOf(code.toUpperCase());
    }
}
