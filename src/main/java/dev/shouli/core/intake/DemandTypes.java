package dev.shouli.core.intake;

import dev.shouli.core.domain.DemandType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Recognises demand types from words in simplified, traditional and English demand text. */
public final class DemandTypes {

    private static final Map<DemandType, List<String>> WORDS = new LinkedHashMap<>();

    static {
        WORDS.put(DemandType.REFUND, List.of("退款", "退钱", "退錢", "返还", "返還", "refund", "money back"));
        WORDS.put(DemandType.RETURN, List.of("退货", "退貨", "return the", "send it back"));
        WORDS.put(DemandType.REPLACE, List.of("换货", "換貨", "更换", "更換", "调换", "調換", "replace", "exchange"));
        WORDS.put(DemandType.REPAIR, List.of("维修", "維修", "修理", "保修", "repair", "fix it"));
        WORDS.put(DemandType.COMPENSATION, List.of("赔偿", "賠償", "补偿", "補償", "compensat"));
        WORDS.put(DemandType.APOLOGY, List.of("道歉", "赔礼", "賠禮", "apolog"));
        WORDS.put(DemandType.EXPLANATION, List.of("解释", "解釋", "说法", "說法", "说明", "說明", "explain", "explanation"));
        WORDS.put(DemandType.PUNISH, List.of("处理责任人", "處理責任人", "处罚", "處罰", "追责", "追責", "严肃处理", "嚴肅處理",
                "discipline", "punish"));
    }

    private DemandTypes() {
    }

    public static List<DemandType> recognise(String text) {
        if (text == null) {
            return List.of();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return WORDS.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(lower::contains))
                .map(Map.Entry::getKey)
                .toList();
    }
}
