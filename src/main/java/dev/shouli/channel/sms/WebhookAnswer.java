package dev.shouli.channel.sms;

/** The body a provider expects once its messages are committed (TwiML, Aliyun's JSON, an empty 200). */
public record WebhookAnswer(int status, String contentType, String body) {
}
