package dev.shouli.core.intake;

/**
 * A cheap guess of the language tag of a text: {@code zh-Hant} when characters that exist only in
 * traditional script outnumber those only in simplified script, {@code zh-Hans} for other Chinese text,
 * {@code en} for Latin text. Good enough to answer in the complainant's script; not a language detector.
 */
public final class LanguageGuess {

    // Frequent characters in complaints whose traditional and simplified forms differ.
    private static final String TRADITIONAL_ONLY =
            "們這個說買賣錢貨電話號門費錯還給讓對處應該問題來時間為與會後從過當發現經實際務態度氣員購訂單產品質體驗收據網頁機關無沒";
    private static final String SIMPLIFIED_ONLY =
            "们这个说买卖钱货电话号门费错还给让对处应该问题来时间为与会后从过当发现经实际务态度气员购订单产品质体验收据网页机关无没";

    private LanguageGuess() {
    }

    public static String guess(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int han = 0;
        int latin = 0;
        int traditional = 0;
        int simplified = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                han++;
                if (TRADITIONAL_ONLY.indexOf(c) >= 0 && SIMPLIFIED_ONLY.indexOf(c) < 0) {
                    traditional++;
                } else if (SIMPLIFIED_ONLY.indexOf(c) >= 0 && TRADITIONAL_ONLY.indexOf(c) < 0) {
                    simplified++;
                }
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                latin++;
            }
        }
        if (han == 0) {
            return latin > 0 ? "en" : null;
        }
        return traditional > simplified ? "zh-Hant" : "zh-Hans";
    }
}
