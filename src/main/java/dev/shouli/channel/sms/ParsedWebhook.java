package dev.shouli.channel.sms;

import java.util.List;

/**
 * What a webhook carried: messages to take in, or — for events we do not take in, such as delivery
 * receipts — none and the reason they are acknowledged and ignored.
 */
public record ParsedWebhook(List<InboundSms> messages, String ignoredReason) {

    public static ParsedWebhook of(List<InboundSms> messages) {
        return new ParsedWebhook(List.copyOf(messages), null);
    }

    public static ParsedWebhook ignored(String reason) {
        return new ParsedWebhook(List.of(), reason);
    }
}
