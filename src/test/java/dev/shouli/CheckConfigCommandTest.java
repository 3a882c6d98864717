package dev.shouli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code java -jar shouli.jar check-config [--config FILE]}: the exit code deploy pipelines act on. */
class CheckConfigCommandTest {

    @Test
    void exitsZeroForTheDefaultsAndAValidFile() throws Exception {
        Path file = Files.createTempFile("shouli-check", ".yaml");
        Files.writeString(file, "http:\n  port: 9090\n");

        assertThat(Main.checkConfig(new String[] {"check-config"})).isZero();
        assertThat(Main.checkConfig(new String[] {"check-config", "--config", file.toString()})).isZero();
    }

    @Test
    void exitsNonZeroForAnInvalidOrMissingFile() throws Exception {
        Path file = Files.createTempFile("shouli-check", ".yaml");
        Files.writeString(file, "intake:\n  referencePrefix: ts\n");

        assertThat(Main.checkConfig(new String[] {"check-config", "--config", file.toString()})).isEqualTo(2);
        assertThat(Main.checkConfig(new String[] {"check-config", "--config", "/no/such/shouli.yaml"})).isEqualTo(2);
    }
}
