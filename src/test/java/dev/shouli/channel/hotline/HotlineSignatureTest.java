package dev.shouli.channel.hotline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.channel.hotline.HotlineSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HotlineSignatureTest {

    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final byte[] BODY = "{\"ticketNumber\":\"GD1\"}".getBytes(StandardCharsets.UTF_8);

    private static String signature(byte[] body, long timestamp) {
        return HotlineSignature.sign("secret-0123456789", timestamp, body);
    }

    @Test
    void aSignatureOverTheTimestampAndBodyIsValidWithOrWithoutItsPrefix() {
        long ts = NOW.getEpochSecond();
        assertThat(HotlineSignature.verify("secret-0123456789", String.valueOf(ts), signature(BODY, ts), BODY, NOW, WINDOW))
                .isEqualTo(Verdict.VALID);
        assertThat(HotlineSignature.verify("secret-0123456789", String.valueOf(ts), "sha256=" + signature(BODY, ts).toUpperCase(),
                BODY, NOW, WINDOW)).isEqualTo(Verdict.VALID);
    }

    @Test
    void aChangedBodyNoLongerMatches() {
        long ts = NOW.getEpochSecond();
        byte[] tampered = "{\"ticketNumber\":\"GD2\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(HotlineSignature.verify("secret-0123456789", String.valueOf(ts), signature(BODY, ts), tampered, NOW, WINDOW))
                .isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void aSignatureMovedToAnotherTimestampNoLongerMatches() {
        long ts = NOW.getEpochSecond();

        assertThat(HotlineSignature.verify("secret-0123456789", String.valueOf(ts - 60), signature(BODY, ts), BODY, NOW, WINDOW))
                .isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void aTimestampOutsideTheWindowIsStaleEitherWay() {
        long past = NOW.minusSeconds(301).getEpochSecond();
        long future = NOW.plusSeconds(301).getEpochSecond();

        assertThat(HotlineSignature.verify("secret-0123456789", String.valueOf(past), signature(BODY, past), BODY, NOW, WINDOW))
                .isEqualTo(Verdict.STALE);
        assertThat(HotlineSignature.verify("secret-0123456789", String.valueOf(future), signature(BODY, future), BODY, NOW, WINDOW))
                .isEqualTo(Verdict.STALE);
    }

    @Test
    void missingHeadersAndANonNumericTimestampAreToldApart() {
        assertThat(HotlineSignature.verify("s", null, "x", BODY, NOW, WINDOW)).isEqualTo(Verdict.MISSING);
        assertThat(HotlineSignature.verify("s", "yesterday", "x", BODY, NOW, WINDOW)).isEqualTo(Verdict.MALFORMED_TIMESTAMP);
    }

    @Test
    void aTicketKeyReadsBackEvenWhenTheTicketNumberContainsTheSeparator() {
        TicketKey key = new TicketKey("city12345", "GD#2026#7", MessageKind.URGE, 3);

        assertThat(TicketKey.of(key.channel(), key.externalId())).isEqualTo(key);
        assertThat(TicketKey.of("api", key.externalId())).isNull();
    }
}
