package dev.shouli.core.domain;

import java.math.BigDecimal;
import java.util.List;

/** 诉求: what the complainant wants, in their words and as normalised types. */
public record Demand(String text, List<DemandType> types, BigDecimal amount, String currency) {

    public Demand {
        types = types == null ? List.of() : List.copyOf(types);
    }

    public static Demand empty() {
        return new Demand(null, List.of(), null, null);
    }
}
