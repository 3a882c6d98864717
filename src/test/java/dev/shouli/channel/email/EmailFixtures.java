package dev.shouli.channel.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The fixture corpus under src/test/resources/email/, one tricky message per file. */
final class EmailFixtures {

    private EmailFixtures() {
    }

    static byte[] read(String name) {
        try (InputStream in = EmailFixtures.class.getResourceAsStream("/email/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
