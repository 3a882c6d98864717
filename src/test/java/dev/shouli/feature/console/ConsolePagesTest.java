package dev.shouli.feature.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console's texts and the small rules its pages rely on, without a server. */
class ConsolePagesTest {

    @Test
    void bothLanguagesSayTheSameThings() {
        assertThat(Texts.of(Lang.EN).keys()).isEqualTo(Texts.of(Lang.ZH_CN).keys());
    }

    @Test
    void afterSignInOnlyConsolePathsAreFollowed() {
        assertThat(ConsolePages.safeNext("/desk/cases?q=%E7%A9%BA")).isEqualTo("/desk/cases?q=%E7%A9%BA");
        assertThat(ConsolePages.safeNext("https://evil.example/desk")).isEqualTo("/desk/cases");
        assertThat(ConsolePages.safeNext("//evil.example/desk")).isEqualTo("/desk/cases");
        assertThat(ConsolePages.safeNext("/desk\\@evil.example")).isEqualTo("/desk/cases");
        assertThat(ConsolePages.safeNext("/desk/cases\r\nSet-Cookie: x=1")).isEqualTo("/desk/cases");
        assertThat(ConsolePages.safeNext(null)).isEqualTo("/desk/cases");
    }

    @Test
    void escapingLeavesNoMarkupAndDropsControlCharacters() {
        assertThat(Html.text("<a href=\"x\" onclick='y'>&\u0000\u001b</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void businessTimeReadsAsHoursAndMinutes() {
        assertThat(Formats.duration(Texts.of(Lang.ZH_CN), java.time.Duration.ofMinutes(-185))).isEqualTo("3 小时 5 分");
        assertThat(Formats.duration(Texts.of(Lang.EN), java.time.Duration.ofMinutes(42))).isEqualTo("42 min");
    }
}
