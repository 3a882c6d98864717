package dev.shouli.channel;

/**
 * A partner's key for a JSON intake route: a call made with it has proven the contacts it names (the partner
 * vouches for them), so it may join the complainant's existing case. {@code name} is recorded on every
 * submission made with the key.
 */
public record PartnerKey(String name, String key) {
    @Override
    public String toString() {
        return "PartnerKey[" + name + "]";
    }
}
