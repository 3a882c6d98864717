package dev.shouli.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who gets an HTML page for an unknown address: browsers, not API clients. */
class BrowserPagesTest {

    @Test
    void browsersPreferHtml() {
        assertThat(BrowserPages.wantsHtml("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                + "image/webp,*/*;q=0.8")).isTrue();
    }

    @Test
    void apiClientsGetProblemJson() {
        assertThat(BrowserPages.wantsHtml("*/*")).isFalse();
        assertThat(BrowserPages.wantsHtml(null)).isFalse();
        assertThat(BrowserPages.wantsHtml("application/json")).isFalse();
        assertThat(BrowserPages.wantsHtml("application/problem+json, text/html;q=0.5")).isFalse();
        assertThat(BrowserPages.wantsHtml("text/html;q=0")).isFalse();
    }
}
