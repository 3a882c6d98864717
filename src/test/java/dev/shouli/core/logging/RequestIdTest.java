package dev.shouli.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void keepsAPlainIdFromTheClient() {
        assertThat(RequestId.acceptOrGenerate("3f1c0b6e-0c1d-4a55-9d43-6a4f0e2b7a10"))
                .isEqualTo("3f1c0b6e-0c1d-4a55-9d43-6a4f0e2b7a10");
        assertThat(RequestId.acceptOrGenerate("01HZX3V9Q.trace:7_a")).isEqualTo("01HZX3V9Q.trace:7_a");
    }

    @Test
    void replacesAnIdThatIsTooLongOrCouldForgeALogLine() {
        assertThat(RequestId.acceptOrGenerate("a".repeat(65))).matches("[0-9a-f]{24}");
        assertThat(RequestId.acceptOrGenerate("x\n12:00:00 INFO forged")).matches("[0-9a-f]{24}");
        assertThat(RequestId.acceptOrGenerate("张伟")).matches("[0-9a-f]{24}");
        assertThat(RequestId.acceptOrGenerate("")).matches("[0-9a-f]{24}");
        assertThat(RequestId.acceptOrGenerate(null)).matches("[0-9a-f]{24}");
    }
}
