package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.feature.dedup.RespondentKey.Relation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RespondentKeyTest {

    private final RespondentKey.Normaliser keys = new RespondentKey.Normaliser(
            Map.of("Haidilao", "海底捞", "中移动", "中国移动"));

    private Relation relation(String a, String b) {
        return keys.of(a, null).relationTo(keys.of(b, null));
    }

    @Test
    void storeAndCompanyBranchAreTheSameRespondent() {
        assertThat(relation("A店", "A公司深圳南山分店")).isEqualTo(Relation.SAME);
    }

    @Test
    void legalFormIsIgnored() {
        assertThat(keys.of("华润万家股份有限公司", null).base()).isEqualTo("华润万家");
        assertThat(keys.of("Acme Trading Co., Ltd.", null).base()).isEqualTo("acmetrading");
    }

    @Test
    void branchPartIsKeptApartFromTheBase() {
        RespondentKey key = keys.of("A公司深圳南山分店", null);

        assertThat(key.base()).isEqualTo("a");
        assertThat(key.branch()).isEqualTo("深圳南山分店");
    }

    @Test
    void traditionalAndFullWidthSpellingsMeet() {
        assertThat(relation("海底撈（旺角店）", "海底捞")).isEqualTo(Relation.SAME);
        assertThat(relation("ＡＢＣ超市", "abc超市")).isEqualTo(Relation.SAME);
    }

    @Test
    void branchWrittenWithoutStoreWordIsRelatedToItsParent() {
        assertThat(relation("海底捞南山", "海底捞")).isEqualTo(Relation.SAME);
        assertThat(relation("海底捞南山", "西贝莜面村")).isEqualTo(Relation.DIFFERENT);
    }

    @Test
    void regionInFrontAndTradeWordsBehindAreIgnored() {
        assertThat(relation("四川海底捞餐饮股份有限公司", "海底捞火锅(南山店)")).isEqualTo(Relation.SAME);
        assertThat(relation("北京链家房地产经纪有限公司", "鏈家地產")).isEqualTo(Relation.SAME);
    }

    @Test
    void differentCompaniesAreDifferent() {
        assertThat(relation("中国移动", "中国联通")).isEqualTo(Relation.DIFFERENT);
        assertThat(relation("华为", "华润万家")).isEqualTo(Relation.DIFFERENT);
        assertThat(relation("B公司", "A公司深圳南山分店")).isEqualTo(Relation.DIFFERENT);
    }

    @Test
    void configuredAliasesNameTheSameRespondent() {
        assertThat(relation("Haidilao", "海底捞旺角店")).isEqualTo(Relation.SAME);
        assertThat(relation("Haidilao", "西贝")).isEqualTo(Relation.DIFFERENT);
        assertThat(relation("中移动营业厅", "中国移动")).isEqualTo(Relation.SAME);
    }

    @Test
    void missingRespondentIsUnknownNotDifferent() {
        assertThat(keys.of(null, null).relationTo(keys.of("A店", null))).isEqualTo(Relation.UNKNOWN);
    }

    @Test
    void freeTextNamingTheRespondentIsFound() {
        String text = RespondentKey.squash(Script.fold("我在海底撈吃飯被多收了錢"));

        assertThat(keys.mentions(text, keys.of("海底捞", null))).isTrue();
        assertThat(keys.mentions(text, keys.of("西贝", null))).isFalse();
    }
}
