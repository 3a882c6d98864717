package dev.shouli.channel.form;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void allThreeLanguagesHaveTheSameKeys() {
        assertThat(Messages.of(FormLanguage.ZH_TW).keys()).isEqualTo(Messages.of(FormLanguage.ZH_CN).keys());
        assertThat(Messages.of(FormLanguage.EN).keys()).isEqualTo(Messages.of(FormLanguage.ZH_CN).keys());
    }

    @Test
    void placeholdersAreReplacedLiterallySoApostrophesSurvive() {
        assertThat(Messages.of(FormLanguage.EN).get("error.tooLong", 300)).isEqualTo(
                "This is too long: at most 300 characters.");
    }
}
