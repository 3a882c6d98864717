package dev.shouli.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.core.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailConfigTest {

    @Test
    void mailboxUrlsGiveHostPortFolderCredentialsAndMoveTarget() {
        List<EmailConfig.Mailbox> boxes = EmailConfig.mailboxes(
                "imaps://ts%40example.cn:p%40ss@imap.example.cn/Complaints?moveTo=Done,imap://u:p@localhost:1143");

        assertThat(boxes).hasSize(2);
        EmailConfig.Mailbox first = boxes.get(0);
        assertThat(first.user()).isEqualTo("ts@example.cn");
        assertThat(first.password()).isEqualTo("p@ss");
        assertThat(first.port()).isEqualTo(993);
        assertThat(first.folder()).isEqualTo("Complaints");
        assertThat(first.moveTo()).isEqualTo("Done");
        assertThat(boxes.get(1).folder()).isEqualTo("INBOX");
        assertThat(boxes.get(1).moveTo()).isNull();
    }

    @Test
    void aMailboxWithoutPasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> EmailConfig.mailboxes("imap://user@host/INBOX"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("imap[s]://user:password@host:port/FOLDER");
    }

    @Test
    void passwordsDoNotAppearInToString() {
        assertThat(EmailConfig.mailboxes("imap://u:secret-pw@host/INBOX").get(0).toString()).doesNotContain("secret-pw");
    }
}
