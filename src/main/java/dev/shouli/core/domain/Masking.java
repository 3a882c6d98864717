package dev.shouli.core.domain;

import io.vertx.core.json.JsonObject;

/**
 * Masks a confidential (保密) complainant wherever the record is shown: the name to its first character,
 * the phone to its last four digits, the email to its first letter and domain.
 */
public final class Masking {

    private Masking() {
    }

    public static JsonObject complainant(JsonObject c) {
        if (c == null || !c.getBoolean("confidential", false)) {
            return c;
        }
        JsonObject masked = c.copy();
        if (c.getString("name") != null) {
            masked.put("name", c.getString("name").substring(0, c.getString("name").offsetByCodePoints(0, 1)) + "**");
        }
        masked.put("phone", phone(c.getString("phone")));
        masked.put("email", email(c.getString("email")));
        masked.remove("address");
        masked.remove("customerId");
        return masked;
    }

    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        return phone.length() <= 4 ? "****" : "*".repeat(phone.length() - 4) + phone.substring(phone.length() - 4);
    }

    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }
}
