package dev.shouli.feature.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shouli.core.config.ConfigException;
import dev.shouli.feature.dedup.GeoPoint;
import dev.shouli.support.TestGateway;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing section as check-config reads it, and what its rules mean. */
class RoutingConfigTest {

    private static RoutingConfig config(String yaml) {
        return TestGateway.config(RoutingFixture.file(yaml), Map.of()).section(RoutingConfig.class);
    }

    private static final RoutingConfig SHIPPED = TestGateway.config(Map.of()).section(RoutingConfig.class);

    private static CaseFacts facts(String category, String channel, String text) {
        return new CaseFacts(1, "TS1", channel, "complaint", "normal", category,
                CaseFacts.respondentKey("中国移动通信集团广东有限公司"), Features.normalise("深圳市南山区科技园"),
                GeoPoint.of(22.54, 113.95), new BigDecimal("299"), Features.normalise(text));
    }

    private static RuleSet rules(String document) {
        return SHIPPED.ruleSet(1, document);
    }

    @Test
    void theShippedTaxonomiesHaveEveryCategoryInThreeLanguages() {
        assertThat(SHIPPED.taxonomies().names()).containsExactly("consumer", "hotline");
        assertThat(SHIPPED.taxonomies().all()).hasSize(17)
                .allSatisfy(c -> assertThat(c.names()).containsOnlyKeys("zh-CN", "zh-TW", "en"));
        assertThat(SHIPPED.taxonomies().resolve("個人資料")).contains("personal_data");
        assertThat(SHIPPED.taxonomies().resolve("Transport")).contains("交通运输");
        assertThat(SHIPPED.units().triage().code()).isEqualTo("triage");
    }

    @Test
    void aRuleNamingAnUnknownUnitFailsCheckConfigWithItsPlace() {
        assertThatThrownBy(() -> config("routing:\n  rules:\n    - {name: x, unit: nowhere}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.rules")
                .hasMessageContaining("rules[0].unit: no unit 'nowhere'");
    }

    @Test
    void anUnknownConditionIsNamedWithItsPath() {
        assertThatThrownBy(() -> config("routing:\n  units: [{code: a}]\n  rules:\n"
                + "    - {name: x, unit: a, when: {any: [{channel: sms}, {catgory: delivery}]}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rules[0].when.any[1].catgory: unknown condition");
    }

    @Test
    void aKeywordRuleMustNameAKnownCategory() {
        assertThatThrownBy(() -> config("routing:\n  keywords: [{category: gossip, words: [八卦]}]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("keywords[0].category: 'gossip'");
    }

    @Test
    void aUnitsCalendarMustExist() {
        assertThatThrownBy(() -> config("routing:\n  units: [{code: a, calendar: lunar}]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no business calendar 'lunar'");
    }

    @Test
    void theFirstRuleThatHoldsWins() {
        RuleSet set = rules("""
                rules:
                  - {name: privacy, when: {all: [{category: personal_data}, {not: {channel: hotline}}]}, unit: triage}
                  - {name: mobile, when: {respondent: [中国移动, China Mobile]}, unit: triage}
                """);

        assertThat(set.route(facts("personal_data", "api", "")).orElseThrow().name()).isEqualTo("privacy");
        assertThat(set.route(facts("personal_data", "hotline:beijing", "")).orElseThrow().name()).isEqualTo("mobile");
    }

    @Test
    void aConditionOnTheCategoryOfAnUndecidedCaseIsNeverTrueNotEvenNegated() {
        RuleSet set = rules("""
                rules:
                  - {name: not-delivery, when: {not: {category: delivery}}, unit: triage}
                  - {name: delivery-or-sms, when: {any: [{category: delivery}, {channel: sms}]}, unit: triage}
                """);

        assertThat(set.route(facts(null, "api", ""))).isEmpty();
        assertThat(set.route(facts(null, "sms", "")).orElseThrow().name()).isEqualTo("delivery-or-sms");
        assertThat(set.route(facts("safety", "api", "")).orElseThrow().name()).isEqualTo("not-delivery");
    }

    @Test
    void placesKeywordsAmountsAndCoordinatesAreTested() {
        RuleSet set = rules("""
                rules:
                  - {name: far, when: {near: {lat: 39.9, long: 116.4, radiusMetres: 1000}}, unit: triage}
                  - {name: big, when: {amount: {min: 1000}}, unit: triage}
                  - {name: nanshan, when: {place: 南山區, keywords: [退款], amount: {max: 500}}, unit: triage}
                """);

        assertThat(set.route(facts(null, "api", "要求退款")).orElseThrow().name()).isEqualTo("nanshan");
        assertThat(set.route(facts(null, "api", "要求道歉"))).isEmpty();
    }

    @Test
    void aPolygonContainsThePointsInsideIt() {
        RuleSet set = rules("""
                rules:
                  - {name: area, when: {within: [[22.50, 113.90], [22.60, 113.90], [22.60, 114.00], [22.50, 114.00]]}, unit: triage}
                """);

        assertThat(set.route(facts(null, "api", ""))).isPresent();
    }

    @Test
    void aCategoryRuleCoversTheCategoriesBelowItAndTheSourceCodesItNames() {
        RoutingConfig tree = config("""
                routing:
                  taxonomies:
                    - name: city
                      categories:
                        - code: housing
                          names: {zh-CN: 住房}
                          sourceCodes: ["05*"]
                          children:
                            - {code: lifts, names: {zh-CN: 电梯}}
                """);
        RuleSet set = tree.ruleSet(1, "rules: [{name: housing, when: {category: 住房}, unit: triage}]");

        assertThat(set.route(facts("lifts", "api", ""))).isPresent();
        assertThat(set.route(facts("050203", "hotline:x", ""))).isPresent();
        assertThat(set.route(facts("060203", "hotline:x", ""))).isEmpty();
    }

    @Test
    void theConfiguredRulesAreShownAsTheDocumentTheEditorStartsFrom() {
        RoutingConfig c = config("routing:\n  units: [{code: a}]\n  rules: [{name: x, unit: a, when: {channel: sms}}]\n");

        assertThat(c.ruleSet(1, c.rules().document()).rules()).hasSize(1);
    }
}
