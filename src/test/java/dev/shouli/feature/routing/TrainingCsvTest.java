package dev.shouli.feature.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading labelled examples from CSV: RFC 4180 as spreadsheets write it, and every problem placed exactly. */
class TrainingCsvTest {

    private static final Set<String> KNOWN = Set.of("delivery", "safety", "城乡建设");

    private static List<ClassifierTraining.Example> parse(String csv) {
        return parse(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ClassifierTraining.Example> parse(byte[] csv) {
        return TrainingCsv.parse(csv, label -> KNOWN.contains(label) ? Optional.of(label)
                : "物流".equals(label) ? Optional.of("delivery") : Optional.empty(), "known are " + KNOWN);
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaksAfterAByteOrderMark() {
        List<ClassifierTraining.Example> examples = parse("\uFEFFtitle,text,category\r\n"
                + "\"快递, 丢了\",\"他说\"\"已签收\"\"\n其实没有\",delivery\r\n"
                + ",电梯坏了,城乡建设\r\n");

        assertThat(examples).containsExactly(
                new ClassifierTraining.Example("快递, 丢了", "他说\"已签收\"\n其实没有", "delivery"),
                new ClassifierTraining.Example("", "电梯坏了", "城乡建设"));
    }

    @Test
    void takesColumnsInAnyOrderIgnoresOthersAndMapsNamesToCodes() {
        List<ClassifierTraining.Example> examples = parse("id,category,text\n7,物流,包裹丢了\n");

        assertThat(examples).containsExactly(new ClassifierTraining.Example("", "包裹丢了", "delivery"));
    }

    @Test
    void aMissingColumnIsNamedOnTheHeaderLine() {
        assertThatThrownBy(() -> parse("title,text\n标题,内容\n")).isInstanceOfSatisfying(TrainingCsv.Invalid.class,
                e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo("category");
                });
    }

    @Test
    void anUnknownCategoryIsPlacedByLineAndColumn() {
        assertThatThrownBy(() -> parse("title,text,category\na,b,delivery\nc,\"多行\n文字\",safety\ne,f,价格\n"))
                .isInstanceOfSatisfying(TrainingCsv.Invalid.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.column()).isEqualTo("category");
                    assertThat(e.getMessage()).contains("'价格' is not a category").contains("known are");
                });
    }

    @Test
    void anEmptyTextIsPlacedByLineAndColumn() {
        assertThatThrownBy(() -> parse("title,text,category\n,,delivery\n"))
                .isInstanceOfSatisfying(TrainingCsv.Invalid.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("text");
                });
    }

    @Test
    void aRecordWithTooFewFieldsNamesTheMissingColumn() {
        assertThatThrownBy(() -> parse("title,text,category\n标题,内容\n"))
                .isInstanceOfSatisfying(TrainingCsv.Invalid.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("category");
                });
    }

    @Test
    void anUnclosedQuoteIsPlacedWhereItOpened() {
        assertThatThrownBy(() -> parse("title,text,category\na,b,delivery\nc,\"never closed,safety\nmore\n"))
                .isInstanceOfSatisfying(TrainingCsv.Invalid.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo("text");
                });
    }

    @Test
    void aStrayQuoteIsPlacedByLineAndColumn() {
        assertThatThrownBy(() -> parse("title,text,category\na,he said \"no\",delivery\n"))
                .isInstanceOfSatisfying(TrainingCsv.Invalid.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("text");
                });
    }

    @Test
    void bytesThatAreNotUtf8ArePlacedByLineAndColumn() {
        byte[] gbk = "title,text,category\na,快递丢了,delivery\n".getBytes(java.nio.charset.Charset.forName("GBK"));

        assertThatThrownBy(() -> parse(gbk)).isInstanceOfSatisfying(TrainingCsv.Invalid.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo("text");
            assertThat(e.getMessage()).contains("not UTF-8");
        });
    }

    @Test
    void aHeaderWithoutExamplesIsRefused() {
        assertThatThrownBy(() -> parse("title,text,category\r\n")).isInstanceOf(TrainingCsv.Invalid.class)
                .hasMessageContaining("no examples");
    }
}
