package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Folding by the start-up table must give exactly what opencc4j gives for the whole text. */
class ScriptTest {

    @Test
    void foldsTraditionalFullWidthAndCaseLikeOpencc() {
        assertThat(Script.fold("這家餐廳的衛生條件很差，ＡＢＣ１２３　退費！")).isEqualTo("这家餐厅的卫生条件很差,abc123 退费!");
        assertThat(Script.fold("臺北市萬華區龍山寺附近噪音擾民")).isEqualTo(Script.foldByOpencc("臺北市萬華區龍山寺附近噪音擾民"));
        assertThat(Script.fold("")).isEmpty();
        assertThat(Script.fold(null)).isEmpty();
    }

    @Test
    void textOutsideTheBasicPlaneIsFoldedByOpencc() {
        String withEmoji = "快遞丟失了😡𠀀請處理";
        assertThat(Script.fold(withEmoji)).isEqualTo(Script.foldByOpencc(withEmoji)).contains("😡", "快递");
    }

    @Test
    void randomTextOfEveryKindFoldsAsOpenccFoldsIt() {
        Random random = new Random(20261207);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                s.append(switch (random.nextInt(5)) {
                    case 0 -> (char) (0x4E00 + random.nextInt(0x9FFF - 0x4E00));
                    case 1 -> "們這個說應該對觀點東車門經過開關後發會為與產學習".charAt(random.nextInt(24));
                    case 2 -> (char) (0xFF01 + random.nextInt(0x5E));
                    case 3 -> (char) (0x20 + random.nextInt(0x5F));
                    default -> (char) random.nextInt(0xD800);
                });
            }
            assertThat(Script.fold(s.toString())).as("fold of %s", s).isEqualTo(Script.foldByOpencc(s.toString()));
        }
    }
}
