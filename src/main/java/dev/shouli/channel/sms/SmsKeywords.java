package dev.shouli.channel.sms;

import dev.shouli.core.intake.Text;
import java.util.Locale;
import java.util.Set;

/**
 * Opt-out, opt-in and help keywords in Chinese and English. A keyword counts only as the whole message
 * (trimmed, any case, half-width, trailing punctuation ignored), so "stop the noise at night" is a complaint,
 * not an opt-out.
 */
public final class SmsKeywords {

    public enum Kind { OPT_OUT, OPT_IN, HELP, NONE }

    private static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "OPTOUT", "OPT-OUT", "TD", "退订", "退定", "取消订阅", "退订短信", "不再接收");
    private static final Set<String> OPT_IN = Set.of("START", "UNSTOP", "SUBSCRIBE", "OPTIN", "OPT-IN",
            "订阅", "恢复订阅", "重新订阅", "开通");
    private static final Set<String> HELP = Set.of("HELP", "INFO", "帮助", "BZ");

    private SmsKeywords() {
    }

    public static Kind classify(String text) {
        if (text == null) {
            return Kind.NONE;
        }
        String t = Text.toHalfWidth(text).strip().toUpperCase(Locale.ROOT)
                .replaceAll("[\\p{Punct}\\p{IsPunctuation}\\s。！？，]+$", "");
        if (OPT_OUT.contains(t)) {
            return Kind.OPT_OUT;
        }
        if (OPT_IN.contains(t)) {
            return Kind.OPT_IN;
        }
        if (HELP.contains(t)) {
            return Kind.HELP;
        }
        return Kind.NONE;
    }

    /** The keyword as recorded: the message itself, trimmed, upper-cased. */
    public static String keyword(String text) {
        return Text.toHalfWidth(text).strip().toUpperCase(Locale.ROOT);
    }
}
