package dev.shouli.core.intake.extract;

import dev.shouli.core.domain.DemandType;
import dev.shouli.core.domain.Respondent;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the free-text extractor found in a message. Everything it could not find is empty or null; nothing
 * is guessed, and the text it came from is always stored beside it.
 *
 * @param phones       E.164 numbers, in order of appearance, without repeats
 * @param emails       canonical addresses (lower-cased, punycode domain), in order of appearance
 * @param orderNumbers order numbers written next to an order label (订单号, 訂單編號, order no., …)
 * @param amount       the amount demanded, or else the first amount stated; null when none
 * @param currency     ISO 4217 code of {@code amount} (CNY for 元/块/¥), null when there is no amount
 * @param respondent   the party complained about when the text names it with a label or "against …"
 * @param demandText   the sentence that states the demand (要求退款…, please refund …)
 * @param demandTypes  types recognised in {@code demandText}
 * @param occurredAt   when it happened, from a stated date or a relative day (昨天下午); null otherwise
 */
public record Extraction(List<String> phones, List<String> emails, List<String> orderNumbers, BigDecimal amount,
                         String currency, Respondent respondent, String demandText, List<DemandType> demandTypes,
                         OffsetDateTime occurredAt) {

    public Extraction {
        phones = List.copyOf(phones);
        emails = List.copyOf(emails);
        orderNumbers = List.copyOf(orderNumbers);
        respondent = respondent == null ? Respondent.empty() : respondent;
        demandTypes = List.copyOf(demandTypes);
    }

    public static Extraction empty() {
        return new Extraction(List.of(), List.of(), List.of(), null, null, Respondent.empty(), null, List.of(), null);
    }
}
