package dev.shouli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.channel.hotline.HotlineConfig;
import dev.shouli.channel.open311.Open311Config;
import dev.shouli.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hotline sources and Open311 services from the defaults, a config file and the environment. */
class ChannelConfigTest {

    private static Path file(String yaml) throws Exception {
        Path f = Files.createTempFile("shouli-channels", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void theDefaultsShipOneHotlineSourceAndThreeOpen311Services() {
        ShouliConfig config = ShouliConfig.load(null, Map.of("SHOULI_HOTLINE_CITY12345_SECRET", "s3cret-value-0123"));

        assertThat(config.section(HotlineConfig.class).source("city12345").secret()).isEqualTo("s3cret-value-0123");
        assertThat(config.section(HotlineConfig.class).source("city12345").toString()).doesNotContain("s3cret");
        assertThat(config.section(Open311Config.class).services()).extracting(Open311Config.Service::code)
                .containsExactly("consumer-complaint", "noise", "road-damage");
        assertThat(config.section(Open311Config.class).jurisdictionId()).isNull();
    }

    @Test
    void aSourceWithAnUnknownSignForModeIsRefusedNamingTheKey() throws Exception {
        Path f = file("hotline:\n  sources:\n    - name: x\n      signFor: sometimes\n");

        assertThatThrownBy(() -> ShouliConfig.load(f, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hotline.sources[0].signFor");
    }

    @Test
    void aSourceConfiguredTwiceIsRefused() throws Exception {
        Path f = file("hotline:\n  sources:\n    - name: x\n    - name: x\n");

        assertThatThrownBy(() -> ShouliConfig.load(f, Map.of())).hasMessageContaining("configured twice");
    }

    @Test
    void aListAttributeWithoutValuesIsRefused() throws Exception {
        Path f = file("open311:\n  services:\n    - code: a\n      name: A\n      attributes:\n"
                + "        - code: k\n          datatype: singlevaluelist\n");

        assertThatThrownBy(() -> ShouliConfig.load(f, Map.of())).hasMessageContaining("needs values");
    }

    @Test
    void shortOpen311ApiKeysAreRefused() {
        assertThatThrownBy(() -> ShouliConfig.load(null, Map.of("SHOULI_OPEN311_API_KEYS", "app:short")))
                .hasMessageContaining("SHOULI_OPEN311_API_KEYS");
    }
}
