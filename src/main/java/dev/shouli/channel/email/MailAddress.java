package dev.shouli.channel.email;

import java.util.Locale;

/** A mailbox from a header: the display name (decoded, may be null) and the address (lower-cased). */
record MailAddress(String name, String address) {

    String localPart() {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    String domain() {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    static MailAddress of(String name, String address) {
        return new MailAddress(name == null || name.isBlank() ? null : name.strip(),
                address.strip().toLowerCase(Locale.ROOT));
    }
}
