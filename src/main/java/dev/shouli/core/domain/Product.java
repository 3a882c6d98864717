package dev.shouli.core.domain;

import java.math.BigDecimal;

/** Purchase facts when the complainant states them. Times stay text: people write "去年双十一". */
public record Product(String purchasedAt, String brand, String model, Integer quantity, BigDecimal price,
                      String orderNumber) {

    public static Product empty() {
        return new Product(null, null, null, null, null, null);
    }

    public boolean isEmpty() {
        return purchasedAt == null && brand == null && model == null && quantity == null && price == null
                && orderNumber == null;
    }
}
