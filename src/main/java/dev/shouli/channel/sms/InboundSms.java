package dev.shouli.channel.sms;

/**
 * One mobile-originated message as a provider delivered it.
 *
 * @param from     the sender as the provider wrote it (normalised to E.164 by intake)
 * @param concat   set when this is one part of a longer message the provider did not reassemble
 * @param verbatim the bytes of this message as it arrived (the whole request, or its element of a batch)
 */
public record InboundSms(String messageId, String from, String to, String text, Concat concat, byte[] verbatim) {

    /** Part {@code part} of {@code total} of the message the sender's phone split under {@code ref}. */
    public record Concat(String ref, int total, int part) {
    }
}
