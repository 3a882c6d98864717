package dev.shouli.channel.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Typed reads of optional JSON fields that record a field error instead of throwing, so one bad field
 * does not hide the others. Each reader returns null when the field is absent or wrong.
 */
final class JsonFields {

    private final FieldErrors errors;

    JsonFields(FieldErrors errors) {
        this.errors = errors;
    }

    JsonObject object(JsonObject parent, String key, String path) {
        Object v = parent.getValue(key);
        if (v == null) {
            return new JsonObject();
        }
        if (v instanceof JsonObject o) {
            return o;
        }
        errors.add(path, "must be an object");
        return new JsonObject();
    }

    String string(JsonObject parent, String key, String path, int maxLength) {
        Object v = parent.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(path, "must be a string");
            return null;
        }
        if (s.codePointCount(0, s.length()) > maxLength) {
            errors.add(path, "is longer than " + maxLength + " characters");
            return null;
        }
        return s;
    }

    boolean bool(JsonObject parent, String key, String path) {
        Object v = parent.getValue(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            errors.add(path, "must be true or false");
            return false;
        }
        return b;
    }

    Integer positiveInt(JsonObject parent, String key, String path) {
        Object v = parent.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1
                || n.longValue() > 1_000_000) {
            errors.add(path, "must be a whole number from 1 to 1000000");
            return null;
        }
        return n.intValue();
    }

    /** Money as a JSON number or a decimal string ("299.00"); never a binary float in the record. */
    BigDecimal amount(JsonObject parent, String key, String path) {
        Object v = parent.getValue(key);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(v.toString().strip());
            if (amount.signum() < 0 || amount.scale() > 2 || amount.compareTo(new BigDecimal("1000000000")) > 0) {
                errors.add(path, "must be a non-negative amount with at most 2 decimals");
                return null;
            }
            return amount;
        } catch (NumberFormatException e) {
            errors.add(path, "must be a number such as 299 or \"299.00\"");
            return null;
        }
    }

    Double coordinate(JsonObject parent, String key, String path, double limit) {
        Object v = parent.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || Math.abs(n.doubleValue()) > limit) {
            errors.add(path, "must be a number from -" + (int) limit + " to " + (int) limit);
            return null;
        }
        return n.doubleValue();
    }

    /** ISO-8601 with an offset; a local time is read in the gateway's time zone. */
    OffsetDateTime dateTime(JsonObject parent, String key, String path, ZoneId zone) {
        String s = string(parent, key, path, 64);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.strip());
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s.strip()).atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException e2) {
                errors.add(path, "must be an ISO-8601 date-time such as 2026-11-20T15:30:00+08:00");
                return null;
            }
        }
    }

    JsonArray array(JsonObject parent, String key, String path) {
        Object v = parent.getValue(key);
        if (v == null) {
            return new JsonArray();
        }
        if (v instanceof JsonArray a) {
            return a;
        }
        errors.add(path, "must be an array");
        return new JsonArray();
    }
}
