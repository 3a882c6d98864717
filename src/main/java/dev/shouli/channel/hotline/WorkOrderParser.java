package dev.shouli.channel.hotline;

import dev.shouli.channel.InputText;
import dev.shouli.channel.Utf8;
import dev.shouli.channel.hotline.HotlineConfig.Source;
import dev.shouli.core.domain.AttachmentDraft;
import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Deadlines;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.Location;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.domain.Urgency;
import dev.shouli.core.domain.Verdict;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.intake.PhoneNumbers;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads a work order in the default schema (README "Hotline work orders"), or in a platform's own field
 * names mapped onto it by the source's {@code fields} and {@code values} config. Every field problem is
 * collected and reported at once, named as the platform spelled it.
 */
public final class WorkOrderParser {

    // The default schema: these names are what a source's `fields` mapping maps from.
    static final String TICKET_NUMBER = "ticketNumber";
    static final String MESSAGE_KIND = "messageKind";
    static final String SEQUENCE = "sequence";
    static final String TYPE = "type";
    static final String CATEGORY_CODE = "categoryCode";
    static final String URGENCY = "urgency";
    static final String TITLE = "title";
    static final String CALL_TIME = "callTime";
    static final String DISPATCH_TIME = "dispatchTime";
    static final String SIGN_FOR_DEADLINE = "signForDeadline";
    static final String REPLY_DEADLINE = "replyDeadline";
    static final String CALLER_NAME = "caller.name";
    static final String CALLER_PHONE = "caller.phone";
    static final String CALLER_CONFIDENTIAL = "caller.confidential";
    static final String RESPONDENT_ORGANISATION = "respondent.organisation";
    static final String RESPONDENT_ADDRESS = "respondent.address";
    static final String RESPONDENT_STAFF = "respondent.staff";
    static final String INCIDENT_ADDRESS = "incidentAddress";
    static final String INCIDENT_TIME = "incidentTime";
    static final String CONTENT = "content";
    static final String DEMAND = "demand";
    static final String REASON = "reason";
    static final String ATTACHMENTS = "attachments";
    // The platform's 回访 result (messageKind evaluation).
    static final String VERDICT = "verdict";
    static final String COMMENT = "comment";
    static final String REOPEN = "reopen";

    private static final int MAX_TEXT = 20_000;
    private static final int MAX_LINE = 500;
    private static final DateTimeFormatter CHINESE_STYLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");
    private static final DateTimeFormatter SLASH_STYLE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm[:ss]");

    private final ZoneId zone;
    private final PhoneNumbers phones;
    private final int maxAttachments;
    private final long maxAttachmentBytes;

    public WorkOrderParser(ZoneId zone, PhoneNumbers phones, int maxAttachments, long maxAttachmentBytes) {
        this.zone = zone;
        this.phones = phones;
        this.maxAttachments = maxAttachments;
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /**
     * @throws HttpProblem 400 when the body is not a JSON object, 422 with {@code errors} when fields are wrong
     */
    public WorkOrder parse(Source source, byte[] body) {
        Fields f = new Fields(source, objectOf(body));

        String ticket = f.string(TICKET_NUMBER, 64);
        if (ticket == null || ticket.isBlank()) {
            f.error(TICKET_NUMBER, "is required");
        }
        String kindText = f.string(MESSAGE_KIND, 32);
        MessageKind kind = kindText == null ? MessageKind.NEW : MessageKind.parse(kindText).orElse(null);
        if (kind == null) {
            f.error(MESSAGE_KIND, "must be one of new/新建, supplement/补充, urge/催办, revoke/撤单, reassign/改派, "
                    + "evaluation/回访");
        }
        Integer sequence = f.positiveInt(SEQUENCE);
        String type = f.string(TYPE, 16);
        if (type == null && kind == MessageKind.NEW) {
            f.error(TYPE, "is required on a new ticket: 咨询, 求助, 投诉, 举报, 建议 or 表扬");
        } else if (type != null && ComplaintKind.parse(type).isEmpty()) {
            f.error(TYPE, "must be one of 咨询, 求助, 投诉, 举报, 建议, 表扬 (or their English codes)");
        }
        String category = f.string(CATEGORY_CODE, 16);
        if (category != null && !category.matches("\\d{6}")) {
            f.error(CATEGORY_CODE, "must be a 6-digit GB/T 39666 code such as 010203");
        }
        String urgency = f.string(URGENCY, 16);
        if (urgency != null && Urgency.parse(urgency).isEmpty()) {
            f.error(URGENCY, "must be one of 一般, 紧急, 特急 (normal, urgent, critical)");
        }
        OffsetDateTime callTime = f.dateTime(CALL_TIME);
        f.dateTime(DISPATCH_TIME);
        OffsetDateTime signForBy = f.dateTime(SIGN_FOR_DEADLINE);
        OffsetDateTime replyBy = f.dateTime(REPLY_DEADLINE);
        if (signForBy != null && replyBy != null && replyBy.isBefore(signForBy)) {
            f.error(REPLY_DEADLINE, "is before the sign-for deadline");
        }
        OffsetDateTime incidentTime = f.dateTime(INCIDENT_TIME);

        String phone = f.string(CALLER_PHONE, 40);
        if (phone != null && phones.toE164(phone).isEmpty()) {
            f.error(CALLER_PHONE, "is not a valid phone number");
        }
        Complainant caller = new Complainant(f.string(CALLER_NAME, 200), phone, null, null, null,
                f.bool(CALLER_CONFIDENTIAL));
        Respondent respondent = new Respondent(f.string(RESPONDENT_ORGANISATION, 300), null,
                f.string(RESPONDENT_ADDRESS, MAX_LINE), f.string(RESPONDENT_STAFF, 200));
        String content = f.string(CONTENT, MAX_TEXT);
        if ((content == null || content.isBlank()) && (kind == MessageKind.NEW || kind == MessageKind.SUPPLEMENT)) {
            f.error(CONTENT, "is required on a " + (kind == null ? "new" : kind.code()) + " message: what the caller said");
        }
        String reason = f.string(REASON, MAX_LINE);
        if (kind == MessageKind.REVOKE && (reason == null || reason.isBlank())) {
            f.error(REASON, "is required on a revoke: why the ticket was withdrawn");
        }
        WorkOrder.Evaluation evaluation = kind == MessageKind.EVALUATION ? f.evaluation() : null;
        String title = f.string(TITLE, MAX_LINE);
        List<AttachmentDraft> attachments = f.attachments();
        String demand = f.string(DEMAND, MAX_TEXT);
        String address = f.string(INCIDENT_ADDRESS, MAX_LINE);
        f.throwIfAny();

        TicketKey key = new TicketKey(source.name(), ticket.strip(), kind, sequence == null ? 1 : sequence);
        String subject = title != null ? title : "12345 " + kind.chinese() + " " + key.ticketNumber();
        String description = content != null ? content
                : evaluation != null ? "回访：" + evaluation.verdict().chinese()
                        + (evaluation.comment() == null ? "" : "，" + evaluation.comment())
                        + (evaluation.reopens() ? "（重新交办）" : "")
                : reason != null ? kind.chinese() + "：" + reason : null;
        // Sign-for (签收) is the unit's first answer to the platform, so its deadline is both the
        // acknowledgement and the first-response deadline; the reply (回复/办结) deadline is the resolution one.
        Deadlines deadlines = signForBy == null && replyBy == null ? null
                : new Deadlines(instant(signForBy), instant(signForBy), instant(replyBy));
        ComplaintDraft draft = new ComplaintDraft(type, subject, description, null,
                incidentTime != null ? incidentTime : callTime, caller, respondent,
                new Demand(demand, List.of(), null, null), category, urgency, null,
                new Location(address, null, null), attachments, deadlines);
        return new WorkOrder(key, draft, reason, evaluation);
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static JsonObject objectOf(byte[] body) {
        String text = Utf8.decode(body, "the work order");
        if (text.isBlank()) {
            throw HttpProblem.badRequest("the body is empty; send the work order as a JSON object");
        }
        Object parsed;
        try {
            parsed = InputText.clean(Json.decodeValue(text));
        } catch (DecodeException e) {
            String reason = String.valueOf(e.getMessage()).replaceFirst("^Failed to decode:\\s*", "");
            int at = reason.indexOf("\n at [Source");
            throw HttpProblem.badRequest("the work order is not valid JSON: "
                    + (at > 0 ? reason.substring(0, at) : reason).strip());
        }
        if (!(parsed instanceof JsonObject object)) {
            throw HttpProblem.badRequest("the work order must be a JSON object");
        }
        return object;
    }

    /** Reads schema fields through the source's mapping and collects errors under the platform's names. */
    private final class Fields {

        private final Source source;
        private final JsonObject raw;
        private final JsonArray errors = new JsonArray();

        Fields(Source source, JsonObject raw) {
            this.source = source;
            this.raw = raw;
        }

        private String platformName(String schemaField) {
            return source.fields().getOrDefault(schemaField, schemaField);
        }

        void error(String schemaField, String message) {
            String name = platformName(schemaField);
            JsonObject e = new JsonObject().put("field", name).put("message", message);
            if (!name.equals(schemaField)) {
                e.put("schemaField", schemaField);
            }
            errors.add(e);
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                throw HttpProblem.invalidFields(errors);
            }
        }

        /** The raw value at the platform's path; a plain string where the schema nests (respondent) also works. */
        private Object value(String schemaField) {
            Object node = raw;
            for (String part : platformName(schemaField).split("\\.")) {
                if (node instanceof String && schemaField.equals(RESPONDENT_ORGANISATION)) {
                    return node;
                }
                if (!(node instanceof JsonObject o)) {
                    return null;
                }
                node = o.getValue(part);
            }
            if (node != null) {
                Map<String, String> codes = source.values().get(schemaField);
                if (codes != null && codes.containsKey(String.valueOf(node))) {
                    return codes.get(String.valueOf(node));
                }
            }
            return node;
        }

        String string(String field, int maxLength) {
            Object v = value(field);
            if (v == null) {
                return null;
            }
            if (v instanceof Number n) {
                v = n.toString(); // platforms send ticket numbers and codes as numbers too
            }
            if (!(v instanceof String s)) {
                error(field, "must be a string");
                return null;
            }
            if (s.codePointCount(0, s.length()) > maxLength) {
                error(field, "is longer than " + maxLength + " characters");
                return null;
            }
            return s.isBlank() ? null : s;
        }

        Integer positiveInt(String field) {
            Object v = value(field);
            if (v == null) {
                return null;
            }
            try {
                int n = Integer.parseInt(String.valueOf(v).strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            error(field, "must be a whole number from 1");
            return null;
        }

        boolean bool(String field) {
            Object v = value(field);
            if (v == null) {
                return false;
            }
            String s = String.valueOf(v).strip();
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "是", "保密" -> true;
                case "false", "0", "no", "否", "", "不保密" -> false;
                default -> {
                    error(field, "must be true or false (是/否, 1/0)");
                    yield false;
                }
            };
        }

        /** ISO-8601 with an offset, or a local time (ISO or "2026-11-20 15:30:00") in the gateway's zone. */
        OffsetDateTime dateTime(String field) {
            String s = string(field, 64);
            if (s == null) {
                return null;
            }
            String v = s.strip();
            try {
                return OffsetDateTime.parse(v);
            } catch (DateTimeParseException ignored) {
                // try the local forms
            }
            for (DateTimeFormatter format : List.of(DateTimeFormatter.ISO_LOCAL_DATE_TIME, CHINESE_STYLE, SLASH_STYLE)) {
                try {
                    return LocalDateTime.parse(v, format).atZone(zone).toOffsetDateTime();
                } catch (DateTimeParseException ignored) {
                    // next form
                }
            }
            error(field, "must be a date-time such as 2026-11-20T15:30:00+08:00 or 2026-11-20 15:30:00");
            return null;
        }

        /** The 回访 verdict (满意/基本满意/不满意, the codes or 1–3), the caller's comment and the re-open flag. */
        WorkOrder.Evaluation evaluation() {
            String verdictText = string(VERDICT, 32);
            Verdict verdict = verdictText == null ? null : Verdict.parse(verdictText).orElse(null);
            if (verdict == null) {
                error(VERDICT, verdictText == null ? "is required on an evaluation: 满意, 基本满意 or 不满意"
                        : "must be 满意, 基本满意 or 不满意 (satisfied, basically_satisfied, dissatisfied)");
            }
            String comment = string(COMMENT, MAX_TEXT);
            boolean reopens = bool(REOPEN);
            return verdict == null ? null : new WorkOrder.Evaluation(verdict, comment, reopens);
        }

        List<AttachmentDraft> attachments() {
            Object v = value(ATTACHMENTS);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof JsonArray array)) {
                error(ATTACHMENTS, "must be an array");
                return List.of();
            }
            if (array.size() > maxAttachments) {
                error(ATTACHMENTS, "has " + array.size() + " items; at most " + maxAttachments + " are accepted");
                return List.of();
            }
            List<AttachmentDraft> out = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                String at = ATTACHMENTS + "[" + i + "]";
                if (!(array.getValue(i) instanceof JsonObject a)) {
                    error(at, "must be an object with name and contentBase64 or url");
                    continue;
                }
                String name = a.getValue("name") instanceof String n && !n.isBlank() ? n.strip() : "attachment-" + (i + 1);
                if (a.getValue("url") instanceof String url) {
                    if (!url.matches("(?i)https?://\\S+") || url.length() > 2000) {
                        error(at + ".url", "must be an http(s) URL of at most 2000 characters");
                        continue;
                    }
                    // Kept as a reference, not fetched: the platform owns the file.
                    out.add(new AttachmentDraft(name, "text/uri-list", (url + "\r\n").getBytes(StandardCharsets.UTF_8)));
                } else if (a.getValue("contentBase64") instanceof String b64) {
                    byte[] bytes;
                    try {
                        bytes = Base64.getMimeDecoder().decode(b64);
                    } catch (IllegalArgumentException e) {
                        error(at + ".contentBase64", "is not valid base64");
                        continue;
                    }
                    if (bytes.length > maxAttachmentBytes) {
                        error(at + ".contentBase64", "is " + bytes.length + " bytes; at most " + maxAttachmentBytes);
                        continue;
                    }
                    String type = a.getValue("contentType") instanceof String t && t.matches("[\\w.+-]+/[\\w.+-]+")
                            ? t : "application/octet-stream";
                    out.add(new AttachmentDraft(name, type, bytes));
                } else {
                    error(at, "needs contentBase64 (inline) or url (a reference)");
                }
            }
            return out;
        }
    }
}
