package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlacesTest {

    @Test
    void aPlaceNamedInTheTextIsAKey() {
        assertThat(Places.keys(null, "建国路88号楼下的垃圾一直没人清")).contains("建国路");
        assertThat(Places.keys(null, "幸福小区停电了")).contains("幸福");
    }

    @Test
    void wordsThatOnlyEndLikeAPlaceAreNoKey() {
        assertThat(Places.keys(null, "培训机构卷款跑路了，要求退还学费")).isEmpty();
        assertThat(Places.keys(null, "这是典型的套路贷，宽带线路也一直断")).isEmpty();
    }

    @Test
    void aRealPlaceNextToSuchAWordIsStillFound() {
        assertThat(Places.keys(null, "中山路的健身房老板跑路了")).contains("中山路").noneMatch(k -> k.endsWith("跑路"));
    }
}
