package dev.shouli.channel.form;

import static dev.shouli.channel.form.FormInput.*;

import dev.shouli.core.domain.AttachmentDraft;
import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.ComplaintDraft;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.DemandType;
import dev.shouli.core.domain.Product;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.intake.Emails;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.core.intake.Text;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates the posted fields and turns them into a draft. Errors are per field, as message keys, so the page
 * can show each next to its field in the reader's language.
 */
final class FormReader {

    static final int MAX_LINE = 300;
    static final int MAX_TEXT = 20_000;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    static final String CONTACT_MISSING = "error.contact";

    /** A message key with its arguments. */
    record Problem(String key, Object... args) {
    }

    /** Either a draft (no errors) or the errors to show. */
    record Result(ComplaintDraft draft, Map<String, Problem> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private final PhoneNumbers phones;
    private final ZoneId zone;

    FormReader(PhoneNumbers phones, ZoneId zone) {
        this.phones = phones;
        this.zone = zone;
    }

    Result read(FormInput in, List<AttachmentDraft> attachments, Instant now) {
        Map<String, Problem> errors = new LinkedHashMap<>();
        for (String field : List.of(NAME, PHONE, EMAIL, ORGANISATION, BRANCH, RESPONDENT_ADDRESS, SUBJECT,
                AMOUNT, PURCHASED_AT, BRAND, MODEL, ORDER_NUMBER, PRICE)) {
            tooLong(in, field, MAX_LINE, errors);
        }
        tooLong(in, DESCRIPTION, MAX_TEXT, errors);
        tooLong(in, DEMAND_TEXT, MAX_TEXT, errors);

        ComplaintKind kind = in.one(KIND) == null ? ComplaintKind.COMPLAINT : ComplaintKind.parse(in.one(KIND)).orElse(null);
        if (kind == null) {
            errors.putIfAbsent(KIND, new Problem("error.kind"));
        }
        contact(in, errors);
        if (kind == ComplaintKind.COMPLAINT && in.one(ORGANISATION) == null) {
            errors.putIfAbsent(ORGANISATION, new Problem("error.organisation"));
        }
        if (in.one(DESCRIPTION) == null) {
            errors.putIfAbsent(DESCRIPTION, new Problem("error.description"));
        }
        OffsetDateTime occurredAt = occurredAt(in, now, errors);
        List<DemandType> types = new ArrayList<>();
        for (String value : in.all(DEMAND_TYPES)) {
            DemandType.parse(value).ifPresentOrElse(t -> {
                if (!types.contains(t)) {
                    types.add(t);
                }
            }, () -> errors.putIfAbsent(DEMAND_TYPES, new Problem("error.demandType")));
        }
        BigDecimal amount = amount(in, AMOUNT, errors);
        BigDecimal price = amount(in, PRICE, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        ComplaintDraft draft = new ComplaintDraft(kind.code(), in.one(SUBJECT), in.one(DESCRIPTION), null, occurredAt,
                new Complainant(in.one(NAME), in.one(PHONE), in.one(EMAIL), null, null, in.checked(CONFIDENTIAL)),
                new Respondent(in.one(ORGANISATION), in.one(BRANCH), in.one(RESPONDENT_ADDRESS), null),
                new Demand(in.one(DEMAND_TEXT), types, amount, amount == null ? null : "CNY"),
                null, null,
                new Product(in.one(PURCHASED_AT), in.one(BRAND), in.one(MODEL), null, price, in.one(ORDER_NUMBER)),
                null, attachments);
        return new Result(draft, Map.of());
    }

    /**
     * A reply needs a way back: a valid phone number or a valid email, and what is given must be valid. Neither
     * given is one problem, reported once on the phone field; the page marks the email field with it too.
     */
    private void contact(FormInput in, Map<String, Problem> errors) {
        String phone = in.one(PHONE);
        String email = in.one(EMAIL);
        if (phone == null && email == null) {
            errors.putIfAbsent(PHONE, new Problem(CONTACT_MISSING));
            return;
        }
        if (phone != null && phones.toE164(phone).isEmpty()) {
            errors.putIfAbsent(PHONE, new Problem("error.phone"));
        }
        if (email != null && Emails.normalise(email).isEmpty()) {
            errors.putIfAbsent(EMAIL, new Problem("error.email"));
        }
    }

    /** datetime-local has no zone: it is read in the intake time zone, the one the page is written for. */
    private OffsetDateTime occurredAt(FormInput in, Instant now, Map<String, Problem> errors) {
        String value = in.one(OCCURRED_AT);
        if (value == null) {
            return null;
        }
        try {
            OffsetDateTime at = LocalDateTime.parse(Text.toHalfWidth(value).replace(' ', 'T')).atZone(zone)
                    .toOffsetDateTime();
            if (at.toInstant().isAfter(now.plusSeconds(300))) {
                errors.putIfAbsent(OCCURRED_AT, new Problem("error.future"));
                return null;
            }
            return at;
        } catch (DateTimeParseException e) {
            errors.putIfAbsent(OCCURRED_AT, new Problem("error.dateTime"));
            return null;
        }
    }

    /** Accepts "299", "299.50", "¥1,299" and full-width digits; at most two decimals, not negative. */
    private static BigDecimal amount(FormInput in, String field, Map<String, Problem> errors) {
        String value = in.one(field);
        if (value == null) {
            return null;
        }
        String cleaned = Text.toHalfWidth(value).replaceAll("[¥￥,\\s元]", "");
        if (!cleaned.matches("\\d{1,12}(\\.\\d{1,2})?")) {
            errors.putIfAbsent(field, new Problem("error.amount"));
            return null;
        }
        BigDecimal amount = new BigDecimal(cleaned);
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            errors.putIfAbsent(field, new Problem("error.amount"));
            return null;
        }
        return amount;
    }

    private static void tooLong(FormInput in, String field, int max, Map<String, Problem> errors) {
        String value = in.one(field);
        if (value != null && value.codePointCount(0, value.length()) > max) {
            errors.putIfAbsent(field, new Problem("error.tooLong", max));
        }
    }
}
