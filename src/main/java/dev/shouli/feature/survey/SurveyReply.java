package dev.shouli.feature.survey;

import dev.shouli.core.domain.Verdict;
import dev.shouli.core.intake.Text;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a reply to the 回访 question: the verdict first — a digit (1 满意, 2 基本满意, 3 不满意, full-width too),
 * the word itself in simplified or traditional script, or English — then anything after it as the comment
 * ("3 还是漏水", "不满意，没人上门"). A text that does not start with a verdict is no answer.
 */
public final class SurveyReply {

    /** A verdict, then a separator or the end. 非常满意 counts as 满意; 不太满意 and 很不满意 as 不满意. */
    private static final Pattern LEADING = Pattern.compile(
            "^[\\[【(（“\"'「]?\\s*(?:(1|2|3)(?![0-9])|(基本满意|基本滿意|不太满意|不太滿意|很不满意|很不滿意|不满意|不滿意|非常满意|非常滿意|满意|滿意)(?!度)"
                    + "|(basically satisfied|not satisfied|dissatisfied|unsatisfied|satisfied)(?![a-z]))"
                    + "\\s*[\\]】)）”\"'」]?[\\s\\p{Punct}\\p{IsPunctuation}。，、！？：；]*(.*)$",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private SurveyReply() {
    }

    /** What a reply said: the verdict and the rest of the text (null when there is none). */
    public record Parsed(Verdict verdict, String comment) {
    }

    public static Optional<Parsed> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        // Matched on the half-width form (１ is 1); the comment is cut from the text as written, which the
        // mapping keeps aligned (one UTF-16 unit each way). Replies are often wrapped: "【3】", "(1)", "“满意”".
        String written = text.strip();
        Matcher m = LEADING.matcher(Text.toHalfWidth(written));
        if (!m.matches()) {
            return Optional.empty();
        }
        Verdict verdict;
        if (m.group(1) != null) {
            verdict = Verdict.parse(m.group(1)).orElseThrow();
        } else if (m.group(2) != null) {
            String word = m.group(2).replace('滿', '满');
            verdict = word.startsWith("基本") ? Verdict.BASICALLY_SATISFIED
                    : word.contains("不") ? Verdict.DISSATISFIED : Verdict.SATISFIED;
        } else {
            String word = m.group(3).toLowerCase(Locale.ROOT);
            verdict = word.startsWith("basically") ? Verdict.BASICALLY_SATISFIED
                    : word.equals("satisfied") ? Verdict.SATISFIED : Verdict.DISSATISFIED;
        }
        String comment = Text.clean(written.substring(m.start(4)));
        return Optional.of(new Parsed(verdict, comment));
    }
}
