package dev.shouli.channel.sms;

import java.util.List;

/**
 * The receipt SMS: the reference, how to add details, how to opt out — in the complainant's language, in
 * as few segments as allowed. Longer wordings are tried first and shorter ones used when they do not fit.
 */
public final class ReceiptText {

    private ReceiptText() {
    }

    /** @throws IllegalArgumentException when not even the shortest wording fits {@code maxSegments} */
    public static String compose(String senderName, String reference, String language, int maxSegments) {
        for (String candidate : candidates(senderName, reference, language)) {
            if (SmsSegments.count(candidate) <= maxSegments) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no receipt wording fits in " + maxSegments + " segment(s)");
    }

    private static List<String> candidates(String sender, String ref, String language) {
        if (language != null && language.startsWith("en")) {
            return List.of(
                    sender + ": we have registered your complaint as " + ref
                            + ". Reply to this number to add details. Reply STOP to opt out.",
                    sender + ": complaint registered, ref " + ref + ". Reply STOP to opt out.",
                    "Ref " + ref + ". STOP to opt out.");
        }
        if ("zh-Hant".equals(language)) {
            return List.of(
                    "【" + sender + "】您的投訴已受理，編號" + ref + "。如需補充，請直接回覆本短信。回覆TD退訂。",
                    "【" + sender + "】已受理，編號" + ref + "。回覆TD退訂",
                    "編號" + ref);
        }
        return List.of(
                "【" + sender + "】您的投诉已受理，编号" + ref + "。如需补充，请直接回复本短信。回复TD退订。",
                "【" + sender + "】已受理，编号" + ref + "。回复TD退订",
                "编号" + ref);
    }
}
