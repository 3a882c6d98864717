package dev.shouli.core.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * An enumerated value known by an English code and a Chinese name, as sources send either
 * ({@code complaint} or 投诉, {@code urgent} or 紧急).
 */
public interface BilingualCode {

    String code();

    String chinese();

    /** The constant whose code (any case) or Chinese name is {@code value}; empty when none is. */
    static <E extends Enum<E> & BilingualCode> Optional<E> parse(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.code().equalsIgnoreCase(v) || e.chinese().equals(v))
                .findFirst();
    }
}
