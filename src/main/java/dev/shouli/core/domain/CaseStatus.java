package dev.shouli.core.domain;

import java.util.Arrays;
import java.util.Optional;

public enum CaseStatus {
    NEW, ACKNOWLEDGED, IN_PROGRESS, RESOLVED, CLOSED, RETURNED, MERGED;

    public String code() {
        return name().toLowerCase();
    }

    public static Optional<CaseStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.code().equals(value)).findFirst();
    }
}
