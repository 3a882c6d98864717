package dev.shouli.feature.survey;

import dev.shouli.core.http.SignedTokens;

/**
 * The tokens in survey links: {@link SignedTokens} under the label {@code shouli-survey-v1} (what links sent
 * before other kinds of link existed were signed with, so they stay valid).
 */
public final class SurveyTokens extends SignedTokens {

    public SurveyTokens(byte[] key) {
        super(key, "shouli-survey-v1");
    }
}
