package dev.shouli.channel.email;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts the quoted history off a reply, the way Chinese and western clients write it: a separator line
 * ("-----原始邮件-----", "-----Original Message-----"), an attribution line ("在 2026年11月24日 写道：",
 * "On Tue, … wrote:"), an Outlook header block ("From: …" / "发件人: …" followed by a sent line), or
 * trailing "> " lines. The full text stays in the stored raw message; this is what the desk reads first.
 */
final class QuotedHistory {

    private static final List<Pattern> SEPARATORS = List.of(
            Pattern.compile("(?m)^[ \\t>]*-{2,}\\s*(?:原始邮件|原始郵件|原邮件|原郵件|Original Message|Ursprüngliche Nachricht)\\s*-{2,}.*$",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("(?m)^[ \\t]*-{2,}\\s*(?:回复的原邮件|回覆的原郵件|Reply message)\\s*-{2,}.*$", Pattern.CASE_INSENSITIVE),
            // Attribution lines; clients wrap long ones, so up to one line break inside.
            Pattern.compile("(?m)^[ \\t]*(?:在|於|于).{1,120}?(?:写道|寫道)\\s*[:：]\\s*$"),
            Pattern.compile("(?m)^[ \\t]*On\\s.{1,200}?(?:\\n.{1,120}?)?\\swrote:\\s*$"),
            Pattern.compile("(?m)^[ \\t]*(?:From|发件人|發件人|寄件者)\\s*[:：].*\\n[ \\t]*(?:Sent|Date|发送时间|發送時間|寄件日期|日期|时间|時間)\\s*[:：]"),
            Pattern.compile("(?m)^_{20,}\\s*\\n[ \\t]*(?:From|发件人|發件人|寄件者)\\s*[:：]"));

    private QuotedHistory() {
    }

    /** The reply without the history below it; the whole text when nothing looks quoted. */
    static String strip(String text) {
        if (text == null) {
            return null;
        }
        int cut = text.length();
        for (Pattern p : SEPARATORS) {
            var m = p.matcher(text);
            if (m.find() && m.start() < cut) {
                cut = m.start();
            }
        }
        String kept = text.substring(0, cut);
        kept = withoutTrailingQuote(kept).strip();
        return kept.isEmpty() ? text.strip() : kept;
    }

    /**
     * Without the "> " lines at its end (a bottom quote without attribution); the first line always stays. Scanned
     * by hand from the end, one line at a time: as a regular expression this was quadratic in the number of
     * quoted lines when something other than a quote followed them.
     */
    static String withoutTrailingQuote(String text) {
        int lineEnd = text.length();
        while (lineEnd > 0 && Character.isWhitespace(text.charAt(lineEnd - 1))) {
            lineEnd--;
        }
        int cut = -1;
        for (int lineBreak = text.lastIndexOf('\n', lineEnd - 1); lineBreak >= 0 && isQuoteLine(text, lineBreak + 1);
             lineBreak = text.lastIndexOf('\n', lineBreak - 1)) {
            cut = lineBreak;
        }
        return cut < 0 ? text : text.substring(0, cut);
    }

    private static boolean isQuoteLine(String text, int start) {
        int i = start;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '>';
    }
}
