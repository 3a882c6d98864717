package dev.shouli.core.domain;

/** The party complained about (被投诉方): a first-class part of the record. */
public record Respondent(String organisation, String branch, String address, String staff) {

    public static Respondent empty() {
        return new Respondent(null, null, null, null);
    }

    public boolean isEmpty() {
        return organisation == null && branch == null && address == null && staff == null;
    }
}
