package dev.shouli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReportTest {

    @Test
    void aValidConfigurationListsEffectiveSettingsWithTheirOrigin() throws Exception {
        Path file = Files.createTempFile("shouli-check", ".yaml");
        Files.writeString(file, "http:\n  port: 9090\n");
        ConfigReport report = ConfigReport.check(file, Map.of("SHOULI_HTTP_INSTANCES", "4"));

        assertThat(report.errors()).isEmpty();
        assertThat(report.settings()).contains("http.port = 9090   (" + file + ")",
                "http.instances = 4   (environment SHOULI_HTTP_INSTANCES)", "http.host = 0.0.0.0   (built-in defaults)");
        assertThat(report.render()).startsWith("configuration is valid");
    }

    @Test
    void secretsAreShownOnlyAsSetAndDatabasePasswordsAreCutOut() {
        ConfigReport report = ConfigReport.check(null, Map.of(
                "SHOULI_DESK_TOKENS", "ops:desk-token-0123456789abcdef",
                "SHOULI_HOTLINE_CITY12345_SECRET", "hotline-secret-value",
                "SHOULI_DATABASE_URL", "postgresql://shouli:hunter2-db-password@db:5432/shouli"));

        String printed = report.render();
        assertThat(printed).doesNotContain("desk-token-0123456789abcdef", "hotline-secret-value", "hunter2-db-password");
        assertThat(report.environment()).contains("SHOULI_DESK_TOKENS = ****** (set, 31 characters)",
                "SHOULI_HOTLINE_CITY12345_SECRET = ****** (set, 20 characters)");
        assertThat(report.settings()).anyMatch(s -> s.startsWith("database.url = postgresql://shouli:******@db:5432/shouli"));
    }

    @Test
    void anInvalidValueIsAnErrorNamingTheKey() {
        ConfigReport report = ConfigReport.check(null, Map.of("SHOULI_HTTP_PORT", "eighty"));

        assertThat(report.errors()).singleElement().asString().contains("http.port", "SHOULI_HTTP_PORT", "eighty");
        assertThat(report.render()).startsWith("configuration is NOT valid");
    }

    @Test
    void anUnknownLogFormatIsAnError() {
        assertThat(ConfigReport.check(null, Map.of("SHOULI_LOG_FORMAT", "xml")).errors())
                .singleElement().asString().contains("SHOULI_LOG_FORMAT");
    }

    @Test
    void aMisspeltVariableIsAWarningNotAnError() {
        ConfigReport report = ConfigReport.check(null, Map.of("SHOULI_HTTP_PROT", "80",
                "SHOULI_HTTP_PUBLIC_BASE_URL", "https://ts.example.cn"));

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).singleElement().asString().contains("SHOULI_HTTP_PROT");
    }

    @Test
    void anUnsetPublicAddressIsAWarning() {
        assertThat(ConfigReport.check(null, Map.of()).warnings()).singleElement().asString()
                .contains("http.publicBaseUrl").contains("SHOULI_HTTP_PUBLIC_BASE_URL");
    }

    @Test
    void theOldNameOfAMovedKeyStillWorksWithAWarning() {
        ConfigReport report = ConfigReport.check(null, Map.of("SHOULI_SURVEY_PUBLIC_BASE_URL", "https://ts.example.cn"));

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).singleElement().asString().contains("SHOULI_SURVEY_PUBLIC_BASE_URL")
                .contains("SHOULI_HTTP_PUBLIC_BASE_URL");
        assertThat(ShouliConfig.load(null, Map.of("SHOULI_SURVEY_PUBLIC_BASE_URL", "https://ts.example.cn")).http()
                .publicBaseUrl()).hasToString("https://ts.example.cn");
    }

    @Test
    void aSecretAModuleReadsIsNoMisspelling() {
        ConfigReport report = ConfigReport.check(null, Map.of("SHOULI_SURVEY_SECRET", "0123456789abcdef0123",
                "SHOULI_CONSOLE_BOOTSTRAP_USER", "admin:supervisor",
                "SHOULI_CONSOLE_BOOTSTRAP_PASSWORD", "a long enough password",
                "SHOULI_HTTP_PUBLIC_BASE_URL", "https://ts.example.cn"));

        assertThat(report.warnings()).isEmpty();
        assertThat(report.environment()).anyMatch(line -> line.startsWith("SHOULI_SURVEY_SECRET = ******"));
    }

    @Test
    void anUnknownKeyInTheFileIsAnError() throws Exception {
        Path file = Files.createTempFile("shouli-check", ".yaml");
        Files.writeString(file, "http:\n  prot: 80\n");

        assertThat(ConfigReport.check(file, Map.of()).errors()).singleElement().asString().contains("http.prot");
    }
}
