package dev.shouli.channel.email;

import dev.shouli.config.EmailConfig;
import dev.shouli.config.ShouliConfig.IntakeConfig;
import dev.shouli.intake.IntakeService;
import dev.shouli.intake.PhoneNumbers;
import dev.shouli.intake.extract.FreeTextExtractor;
import java.util.HashSet;
import java.util.Set;

/** Builds the email channel's parts from configuration: the one entry every transport feeds. */
public final class EmailChannel {

    private EmailChannel() {
    }

    public static EmailIntake intake(IntakeService intake, EmailConfig email, IntakeConfig intakeConfig,
                                     PhoneNumbers phones) {
        MimeLimits limits = new MimeLimits(email.maxMimeDepth(), email.maxMimeParts(), email.maxAttachments(),
                email.maxAttachmentBytes(), email.maxAttachmentBytesTotal());
        Set<String> own = new HashSet<>(Set.of(email.fromAddress()));
        AutomatedMail automated = new AutomatedMail(own, email.messageIdDomain());
        EmailAdapter adapter = new EmailAdapter(new ForwardedMail(Set.copyOf(email.staffAddresses())),
                new FreeTextExtractor(phones, intakeConfig.timeZone()));
        return new EmailIntake(intake, new EmailParser(limits), automated, adapter);
    }
}
