package dev.shouli.channel.sms;

/**
 * How many SMS segments a text takes. Text made only of the GSM 03.38 alphabet goes as GSM-7: 160 septets
 * in one segment, 153 per segment when split (the rest carries the concatenation header); characters of the
 * extension table take two septets. Anything else — Chinese — goes as UCS-2: 70 UTF-16 units in one
 * segment, 67 per segment when split.
 */
public final class SmsSegments {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    public static int count(String text) {
        if (text.isEmpty()) {
            return 1;
        }
        if (isGsm7(text)) {
            int septets = 0;
            for (int i = 0; i < text.length(); i++) {
                septets += GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            }
            return septets <= 160 ? 1 : (septets + 152) / 153;
        }
        int units = text.length();
        return units <= 70 ? 1 : (units + 66) / 67;
    }
}
