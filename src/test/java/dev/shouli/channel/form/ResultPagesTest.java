package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.channel.form.FormStore.Receipt;
import dev.shouli.support.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The receipt's wording: per kind of matter, plurals right, no stray spaces in Chinese. */
class ResultPagesTest {

    private final ResultPages pages = new ResultPages(TestGateway.config(Map.of()).sla());

    private String receipt(FormLanguage language, String kind, boolean acknowledged) {
        return pages.receipt(language, new Receipt("TS20261125-004217K", kind, false, acknowledged, language.tag()));
    }

    @Test
    void chineseDurationsHaveNoSpacesAroundTheNumbers() {
        String page = receipt(FormLanguage.ZH_CN, "complaint", true);

        assertThat(page).contains("我们将在15分钟内", "在1个工作日内首次答复", "在15个工作日内办结")
                .doesNotContain("15 分钟", "分钟 内");
    }

    @Test
    void englishCountsOneDayInTheSingular() {
        String page = receipt(FormLanguage.EN, "complaint", true);

        assertThat(page).contains("within 15 minutes", "within 1 working day.", "within 15 working days")
                .doesNotContain("1 working days");
    }

    @Test
    void praiseAndInquiriesAreNotCalledComplaints() {
        assertThat(receipt(FormLanguage.EN, "praise", true)).contains("Thank you for your praise")
                .doesNotContain("complaint");
        assertThat(receipt(FormLanguage.ZH_CN, "praise", true)).contains("感谢您的表扬").doesNotContain("投诉");
        assertThat(receipt(FormLanguage.ZH_CN, "inquiry", true)).contains("您的咨询已登记").doesNotContain("投诉");
        assertThat(receipt(FormLanguage.ZH_TW, "report", true)).contains("您的檢舉已登記");
    }

    @Test
    void noAcknowledgementIsPromisedWhenNoneWillBeSent() {
        assertThat(receipt(FormLanguage.ZH_CN, "complaint", false)).doesNotContain("受理回执")
                .contains("首次答复");
    }

    @Test
    void theReceiptLinksToTheStatusPageWithItsReference() {
        assertThat(receipt(FormLanguage.ZH_CN, "complaint", false))
                .contains("href=\"/status?lang=zh-CN&amp;reference=TS20261125-004217K\"");
    }
}
