package dev.shouli.core.domain;

/**
 * The person who complains. Phone is E.164 and email lower-cased once normalised;
 * {@code confidential} is the 12345 保密 flag: identity masked wherever it is shown.
 */
public record Complainant(String name, String phone, String email, String address, String customerId,
                          boolean confidential) {

    public static Complainant empty() {
        return new Complainant(null, null, null, null, null, false);
    }
}
