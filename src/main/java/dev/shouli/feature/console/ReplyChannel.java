package dev.shouli.feature.console;

import io.vertx.core.json.JsonObject;

/**
 * How a reply reaches the complainant: on the channel the case came from when it can carry one (email, or SMS
 * through the configured provider), else by email or SMS when the case has that contact. A hotline caller is
 * answered through the platform (the reply action), never directly. {@code channel} null: no reply possible,
 * {@code reasonKey} says why.
 */
record ReplyChannel(String channel, String to, String reasonKey) {

    static ReplyChannel of(JsonObject record, boolean smsConfigured) {
        String caseChannel = record.getString("channel", "");
        if (caseChannel.startsWith("hotline:")) {
            return new ReplyChannel(null, null, "reply.viaHotline");
        }
        JsonObject c = record.getJsonObject("complainant", new JsonObject());
        String email = c.getString("email");
        String phone = c.getString("phone");
        boolean smsFirst = "sms".equals(caseChannel) && phone != null && smsConfigured;
        if (!smsFirst && email != null) {
            return new ReplyChannel("email", email, null);
        }
        if (phone != null && smsConfigured) {
            return new ReplyChannel("sms", phone, null);
        }
        return new ReplyChannel(null, null, phone != null ? "reply.noSmsProvider" : "reply.noContact");
    }
}
