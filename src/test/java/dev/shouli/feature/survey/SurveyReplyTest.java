package dev.shouli.feature.survey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.core.domain.Verdict;
import org.junit.jupiter.api.Test;

/** Reading replies to the 回访 question: the verdict first, the rest as the comment, written as people write. */
class SurveyReplyTest {

    private static SurveyReply.Parsed parse(String text) {
        return SurveyReply.parse(text).orElseThrow(() -> new AssertionError("not read as an answer: " + text));
    }

    @Test
    void aDigitAloneIsTheVerdict() {
        assertThat(parse("1").verdict()).isEqualTo(Verdict.SATISFIED);
        assertThat(parse(" 2 ").verdict()).isEqualTo(Verdict.BASICALLY_SATISFIED);
        assertThat(parse("3").comment()).isNull();
    }

    @Test
    void fullWidthDigitsAndBracketsAreRead() {
        assertThat(parse("３").verdict()).isEqualTo(Verdict.DISSATISFIED);
        assertThat(parse("【１】谢谢").verdict()).isEqualTo(Verdict.SATISFIED);
        assertThat(parse("【１】谢谢").comment()).isEqualTo("谢谢");
    }

    @Test
    void theCommentKeepsItsOwnFullWidthPunctuation() {
        SurveyReply.Parsed p = parse("３，还是在漏水，没人上门！");
        assertThat(p.verdict()).isEqualTo(Verdict.DISSATISFIED);
        assertThat(p.comment()).isEqualTo("还是在漏水，没人上门！");
    }

    @Test
    void wordsInSimplifiedTraditionalAndEnglishAreRead() {
        assertThat(parse("不满意，钱没退").verdict()).isEqualTo(Verdict.DISSATISFIED);
        assertThat(parse("不滿意").verdict()).isEqualTo(Verdict.DISSATISFIED);
        assertThat(parse("基本滿意").verdict()).isEqualTo(Verdict.BASICALLY_SATISFIED);
        assertThat(parse("非常满意！").verdict()).isEqualTo(Verdict.SATISFIED);
        assertThat(parse("Not satisfied, nobody came").verdict()).isEqualTo(Verdict.DISSATISFIED);
        assertThat(parse("Satisfied").verdict()).isEqualTo(Verdict.SATISFIED);
    }

    @Test
    void aNumberThatIsNotAVerdictIsNoAnswer() {
        assertThat(SurveyReply.parse("12345热线打不通")).isEmpty();
        assertThat(SurveyReply.parse("4")).isEmpty();
        assertThat(SurveyReply.parse("满意度调查太多了")).isEmpty();
        assertThat(SurveyReply.parse("还是没修好")).isEmpty();
    }
}
