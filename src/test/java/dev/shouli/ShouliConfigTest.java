package dev.shouli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.channel.PartnerKey;
import dev.shouli.channel.api.ApiModule;
import dev.shouli.core.config.ConfigException;
import dev.shouli.core.config.ConfigTree;
import dev.shouli.core.config.CoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShouliConfigTest {

    @Test
    void defaultsNeedNoSetupAndUseTheEmbeddedDatabase() {
        ShouliConfig config = ShouliConfig.load(null, Map.of());
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.database().url()).isNull();
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.sla().policies()).hasSize(4);
        assertThat(config.sla().calendars().names()).contains("office", "always");
        assertThat(config.desk().tokens()).isEmpty();
    }

    @Test
    void aPolicyNamingAnUnknownCalendarStopsTheStartWithTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, "sla:\n  policies:\n    - {calendar: weekend, firstResponse: 4h}\n");
        assertThatThrownBy(() -> ShouliConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sla.policies").hasMessageContaining("weekend");
    }

    @Test
    void policiesWithoutACatchAllRuleAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, "sla:\n  policies:\n    - {urgency: urgent, calendar: office, firstResponse: 4h}\n");
        assertThatThrownBy(() -> ShouliConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must cover every case");
    }

    @Test
    void environmentOverridesDefaults() {
        ShouliConfig config = ShouliConfig.load(null, Map.of(
                "SHOULI_HTTP_PORT", "9090",
                "SHOULI_DATABASE_URL", "postgresql://u:p@db.internal:5432/shouli",
                "SHOULI_DATA_DIR", "/var/lib/shouli",
                "SHOULI_HTTP_BODY_LIMIT_BYTES", "2048",
                "SHOULI_DESK_TOKENS", "alice:0123456789abcdefXYZ, bob:abcdefghijklmnopqrs"));
        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(config.http().bodyLimitBytes()).isEqualTo(2048);
        assertThat(config.database().url()).isEqualTo("postgresql://u:p@db.internal:5432/shouli");
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/shouli"));
        assertThat(config.desk().tokens()).extracting(CoreConfig.DeskToken::name).containsExactly("alice", "bob");
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, "http:\n  port: 7000\n  instances: 4\nsla:\n  warnAt: 0.5\n");
        ShouliConfig config = ShouliConfig.load(file, Map.of("SHOULI_HTTP_INSTANCES", "3"));
        assertThat(config.http().port()).isEqualTo(7000);
        assertThat(config.http().instances()).isEqualTo(3);
        assertThat(config.sla().warnShare()).isEqualTo(0.5);
    }

    @Test
    void invalidValueStopsStartUpNamingTheKeyAndItsSource() {
        assertThatThrownBy(() -> ShouliConfig.load(null, Map.of("SHOULI_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("SHOULI_HTTP_PORT")
                .hasMessageContaining("eighty");
    }

    @Test
    void unknownKeyInFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "http:\n  prot: 7000\n");
        assertThatThrownBy(() -> ShouliConfig.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.prot");
    }

    @Test
    void shortDeskTokenIsRefused() {
        assertThatThrownBy(() -> ShouliConfig.load(null, Map.of("SHOULI_DESK_TOKENS", "alice:short")))
                .hasMessageContaining("at least 16 characters");
    }

    @Test
    void partnerKeysAreNamedAndAShortOneIsRefused() {
        ShouliConfig config = ShouliConfig.load(null, Map.of("SHOULI_API_PARTNER_KEYS",
                "crm:0123456789abcdefXYZ, city-app:abcdefghijklmnopqrs"));
        assertThat(config.section(ApiModule.Settings.class).partners()).extracting(PartnerKey::name).containsExactly("crm", "city-app");
        assertThat(config.section(ApiModule.Settings.class).partners().toString()).doesNotContain("0123456789abcdefXYZ");
        assertThat(ShouliConfig.load(null, Map.of()).section(ApiModule.Settings.class).partners()).isEmpty();

        assertThatThrownBy(() -> ShouliConfig.load(null, Map.of("SHOULI_API_PARTNER_KEYS", "crm:short")))
                .hasMessageContaining("SHOULI_API_PARTNER_KEYS").hasMessageContaining("crm")
                .hasMessageContaining("at least 16");
    }

    @Test
    void databaseUrlOfAnotherFormIsRefused() {
        assertThatThrownBy(() -> ShouliConfig.load(null, Map.of("SHOULI_DATABASE_URL", "jdbc:postgresql://x/y")))
                .hasMessageContaining("database.url");
    }

    @Test
    void environmentNamesFollowTheKeyPath() {
        assertThat(ConfigTree.environmentName("http.bodyLimitBytes")).isEqualTo("SHOULI_HTTP_BODY_LIMIT_BYTES");
        assertThat(ConfigTree.environmentName("dataDir")).isEqualTo("SHOULI_DATA_DIR");
    }
}
