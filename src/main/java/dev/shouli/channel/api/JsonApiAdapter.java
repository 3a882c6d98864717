package dev.shouli.channel.api;

import dev.shouli.channel.ChannelAdapter;
import dev.shouli.channel.IncomingRequest;
import dev.shouli.channel.InputText;
import dev.shouli.channel.ParsedSubmission;
import dev.shouli.channel.Utf8;
import dev.shouli.core.config.CoreConfig.IntakeConfig;
import dev.shouli.core.domain.AttachmentDraft;
import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.DemandType;
import dev.shouli.core.domain.Location;
import dev.shouli.core.domain.Product;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.domain.Urgency;
import dev.shouli.core.http.HttpProblem;
import dev.shouli.core.intake.Emails;
import dev.shouli.core.intake.PhoneNumbers;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/complaints}: JSON intake for integrators. The body has the record's shape (see the
 * README); the {@code Idempotency-Key} header makes retries safe.
 */
public final class JsonApiAdapter implements ChannelAdapter {

    private static final Set<String> LANGUAGES = Set.of("zh-Hans", "zh-Hant", "zh-CN", "zh-TW", "zh-HK", "en");
    private static final int MAX_TEXT = 20_000;
    private static final int MAX_LINE = 500;

    private final IntakeConfig config;
    private final PhoneNumbers phones;

    public JsonApiAdapter(IntakeConfig config, PhoneNumbers phones) {
        this.config = config;
        this.phones = phones;
    }

    @Override
    public String channel() {
        return "api";
    }

    @Override
    public String path() {
        return "/api/v1/complaints";
    }

    @Override
    public List<String> contentTypes() {
        return List.of("application/json");
    }

    @Override
    public ParsedSubmission parse(IncomingRequest request) {
        String key = request.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw HttpProblem.badRequest("Idempotency-Key must be 1 to 255 characters");
        }
        JsonObject body = parseObject(Utf8.decode(request.body(), "the request body"));
        return new ParsedSubmission(key == null ? null : key.strip(), draft(body));
    }

    private static JsonObject parseObject(String text) {
        if (text.isBlank()) {
            throw HttpProblem.badRequest("the request body is empty; send a JSON object describing the complaint");
        }
        Object parsed;
        try {
            parsed = InputText.clean(io.vertx.core.json.Json.decodeValue(text));
        } catch (DecodeException e) {
            String reason = String.valueOf(e.getMessage()).replaceFirst("^Failed to decode:\\s*", "");
            int source = reason.indexOf("\n at [Source");
            throw HttpProblem.badRequest("the body is not valid JSON: "
                    + (source > 0 ? reason.substring(0, source) : reason).strip());
        }
        if (!(parsed instanceof JsonObject object)) {
            throw HttpProblem.badRequest("the body must be a JSON object, not " + (parsed == null ? "null"
                    : parsed instanceof JsonArray ? "an array" : "a single value"));
        }
        return object;
    }

    private ComplaintDraft draft(JsonObject body) {
        FieldErrors errors = new FieldErrors();
        JsonFields f = new JsonFields(errors);

        String kind = f.string(body, "kind", "kind", 32);
        if (kind != null && ComplaintKind.parse(kind).isEmpty()) {
            errors.add("kind", "must be one of complaint, report, inquiry, suggestion, help, praise");
        }
        String urgency = f.string(body, "urgency", "urgency", 32);
        if (urgency != null && Urgency.parse(urgency).isEmpty()) {
            errors.add("urgency", "must be one of normal, urgent, critical");
        }
        String language = f.string(body, "language", "language", 16);
        if (language != null && !LANGUAGES.contains(language)) {
            errors.add("language", "must be one of " + LANGUAGES);
        }
        String subject = f.string(body, "subject", "subject", MAX_LINE);
        String description = f.string(body, "description", "description", MAX_TEXT);
        if (description == null || description.isBlank()) {
            errors.add("description", "is required: say what happened");
        }

        Complainant complainant = complainant(f, errors, f.object(body, "complainant", "complainant"));
        Respondent respondent = respondent(f, f.object(body, "respondent", "respondent"));
        Demand demand = demand(f, errors, f.object(body, "demand", "demand"));
        Product product = product(f, f.object(body, "product", "product"));
        Location location = location(f, f.object(body, "location", "location"));
        List<AttachmentDraft> attachments = attachments(f, errors, f.array(body, "attachments", "attachments"));

        ComplaintDraft draft = new ComplaintDraft(kind, subject, description, language,
                f.dateTime(body, "occurredAt", "occurredAt", config.timeZone()), complainant, respondent, demand,
                f.string(body, "category", "category", 64), urgency, product, location, attachments);
        errors.throwIfAny();
        return draft;
    }

    private Complainant complainant(JsonFields f, FieldErrors errors, JsonObject o) {
        String phone = f.string(o, "phone", "complainant.phone", 40);
        if (phone != null && phones.toE164(phone).isEmpty()) {
            errors.add("complainant.phone", "is not a valid phone number (numbers without a country code are read as "
                    + phones.defaultRegion() + ")");
        }
        String email = f.string(o, "email", "complainant.email", 254);
        if (email != null && Emails.normalise(email).isEmpty()) {
            errors.add("complainant.email", "is not a valid email address");
        }
        return new Complainant(f.string(o, "name", "complainant.name", 200), phone, email,
                f.string(o, "address", "complainant.address", MAX_LINE),
                f.string(o, "customerId", "complainant.customerId", 100),
                f.bool(o, "confidential", "complainant.confidential"));
    }

    private static Respondent respondent(JsonFields f, JsonObject o) {
        return new Respondent(f.string(o, "organisation", "respondent.organisation", 300),
                f.string(o, "branch", "respondent.branch", 300),
                f.string(o, "address", "respondent.address", MAX_LINE),
                f.string(o, "staff", "respondent.staff", 200));
    }

    private static Demand demand(JsonFields f, FieldErrors errors, JsonObject o) {
        List<DemandType> types = new ArrayList<>();
        JsonArray given = f.array(o, "types", "demand.types");
        for (int i = 0; i < given.size(); i++) {
            Object t = given.getValue(i);
            var type = t instanceof String s ? DemandType.parse(s) : java.util.Optional.<DemandType>empty();
            if (type.isEmpty()) {
                errors.add("demand.types[" + i + "]", "must be one of refund, return, replace, repair, compensation, "
                        + "apology, explanation, punish, other");
            } else if (!types.contains(type.get())) {
                types.add(type.get());
            }
        }
        String currency = f.string(o, "currency", "demand.currency", 3);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            errors.add("demand.currency", "must be an ISO 4217 code such as CNY");
        }
        return new Demand(f.string(o, "text", "demand.text", MAX_TEXT), types, f.amount(o, "amount", "demand.amount"),
                currency);
    }

    private static Product product(JsonFields f, JsonObject o) {
        return new Product(f.string(o, "purchasedAt", "product.purchasedAt", 64),
                f.string(o, "brand", "product.brand", 200), f.string(o, "model", "product.model", 200),
                f.positiveInt(o, "quantity", "product.quantity"), f.amount(o, "price", "product.price"),
                f.string(o, "orderNumber", "product.orderNumber", 100));
    }

    private static Location location(JsonFields f, JsonObject o) {
        return new Location(f.string(o, "address", "location.address", MAX_LINE),
                f.coordinate(o, "lat", "location.lat", 90), f.coordinate(o, "long", "location.long", 180));
    }

    private List<AttachmentDraft> attachments(JsonFields f, FieldErrors errors, JsonArray given) {
        if (given.size() > config.maxAttachments()) {
            throw HttpProblem.tooLarge("at most " + config.maxAttachments() + " attachments are accepted, got "
                    + given.size());
        }
        List<AttachmentDraft> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String path = "attachments[" + i + "]";
            if (!(given.getValue(i) instanceof JsonObject a)) {
                errors.add(path, "must be an object with name, contentType and contentBase64");
                continue;
            }
            String name = f.string(a, "name", path + ".name", 255);
            String type = f.string(a, "contentType", path + ".contentType", 127);
            String data = f.string(a, "contentBase64", path + ".contentBase64", Integer.MAX_VALUE);
            if (name == null || name.isBlank() || data == null) {
                errors.add(path, "needs name and contentBase64");
                continue;
            }
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                errors.add(path + ".contentBase64", "is not valid base64");
                continue;
            }
            if (bytes.length > config.maxAttachmentBytes()) {
                throw HttpProblem.tooLarge(path + " is " + bytes.length + " bytes; the limit per attachment is "
                        + config.maxAttachmentBytes() + " bytes");
            }
            out.add(new AttachmentDraft(name, type == null ? "application/octet-stream" : type, bytes));
        }
        return out;
    }
}
