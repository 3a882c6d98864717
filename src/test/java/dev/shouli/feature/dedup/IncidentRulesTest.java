package dev.shouli.feature.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shouli.ShouliConfig;
import dev.shouli.core.domain.Complainant;
import dev.shouli.core.domain.Complaint;
import dev.shouli.core.domain.ComplaintKind;
import dev.shouli.core.domain.Demand;
import dev.shouli.core.domain.Location;
import dev.shouli.core.domain.Product;
import dev.shouli.core.domain.Respondent;
import dev.shouli.core.domain.Urgency;
import dev.shouli.core.intake.PhoneNumbers;
import dev.shouli.support.TestGateway;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What links two different people's reports into an incident (many people, one problem: docs/features/dedup.md), on profiles, without a database:
 * a shared respondent or a shared place, and a similar matter — and never templated words alone.
 */
class IncidentRulesTest {

    private static final Instant NIGHT = Instant.parse("2026-11-28T23:00:00Z");
    private static final ShouliConfig CONFIG = TestGateway.config(Map.of("SHOULI_DEDUP_ENABLED", "true"));

    private final Profiler profiler = new Profiler(new IdentityKeys(new PhoneNumbers("CN")),
            new RespondentKey.Normaliser(Map.of()));
    private final DedupRules rules = new DedupRules(CONFIG.section(DedupConfig.class), profiler.respondents());
    private final AtomicLong ids = new AtomicLong();

    private StoredCase stored(String text, Double lat, Double lon, String address, String respondent) {
        CaseProfile p = profile(text, lat, lon, address, respondent);
        long id = ids.incrementAndGet();
        return new StoredCase(id, "TS-" + id, "api", id, p.receivedAt(), p.respondent(), p.place(), p.placeKeys(),
                p.orderNumber(), p.fingerprint().shingles(), null, p.foldedText(), p.textChars(), p.point(),
                p.category(), p.addresses());
    }

    private CaseProfile profile(String text, Double lat, Double lon, String address, String respondent) {
        Complaint c = new Complaint(ComplaintKind.COMPLAINT, "api", NIGHT, null, Complainant.empty(),
                respondent == null ? Respondent.empty() : new Respondent(respondent, null, null, null), Demand.empty(),
                null, text, "en", null, Urgency.NORMAL, Product.empty(), new Location(address, lat, lon), List.of(),
                null);
        return profiler.profile(c);
    }

    private Optional<DedupRules.Decision> link(CaseProfile in, StoredCase other) {
        return rules.incident(in, -1L, List.of(other));
    }

    @Test
    void twoReportsOfOneTypeAtOneAddressAreOneIncident() {
        StoredCase first = stored("Noise - Residential / Loud Music/Party at 766 ROOSEVELT AVENUE, NEW YORK",
                40.747766, -73.890724, null, null);

        assertThat(link(profile("Noise - Residential / Banging/Pounding at 766 ROOSEVELT AVENUE",
                40.747766, -73.890724, null, null), first)).hasValueSatisfying(d ->
                assertThat(d.rule()).isEqualTo("incident: same place, similar matter"));
    }

    @Test
    void theSameComplaintNextDoorIsAnotherIncidentHoweverCloseTheCoordinates() {
        StoredCase party = stored("Noise - Residential / Loud Music/Party at 766 ROOSEVELT AVENUE", 40.747766,
                -73.890724, null, null);

        assertThat(link(profile("Noise - Residential / Loud Music/Party at 770 ROOSEVELT AVENUE", 40.747770,
                -73.890780, null, null), party)).isEmpty();
    }

    @Test
    void anotherTypeOfComplaintAtTheSameAddressIsAnotherIncident() {
        StoredCase heat = stored("HEAT/HOT WATER / ENTIRE BUILDING at 524 EAST 180 STREET, NEW YORK", 40.8506,
                -73.8782, null, null);

        assertThat(link(profile("Illegal Parking / Double Parked Blocking Traffic at 524 EAST 180 STREET, NEW YORK",
                40.8506, -73.8782, null, null), heat)).isEmpty();
    }

    @Test
    void templatedWordingAtPlacesFarApartIsNoIncident() {
        StoredCase bronx = stored("Noise - Residential / Loud Music/Party", 40.8300, -73.9180, null, null);

        assertThat(link(profile("Noise - Residential / Loud Music/Party", 40.6600, -73.9600, null, null), bronx))
                .isEmpty();
    }

    @Test
    void coordinatesWithinTheRadiusAreOnePlaceWhenNoHouseNumberIsGiven() {
        StoredCase first = stored("Street Condition / Pothole, deep hole in the right lane", 40.75800, -73.98400,
                null, null);

        assertThat(link(profile("Street Condition / Pothole in the right lane, my tyre burst", 40.75810, -73.98405,
                null, null), first)).isPresent();
        assertThat(link(profile("Street Condition / Pothole in the right lane, my tyre burst", 40.75900, -73.98405,
                null, null), first)).isEmpty();
    }

    @Test
    void twoNumbersOnOneChineseRoadAreTwoPlacesAndOneNumberWrittenTwoWaysIsOne() {
        StoredCase site = stored("来电人反映：朝阳区建国路88号附近夜间施工噪音，噪音扰民，请尽快处理。", null, null, null, null);

        assertThat(link(profile("噪音扰民 - 夜间施工噪音，地点：建国路88号。", null, null, null, null), site)).isPresent();
        assertThat(link(profile("噪音扰民 - 夜间施工噪音，地点：建国路12号。", null, null, null, null), site)).isEmpty();
    }

    @Test
    void oneTraderAtTwoOfItsShopsIsOneIncident() {
        StoredCase nanshan = stored("乐享健身南山店突然关门，会员卡里还有800元余额，要求退款。", null, null,
                "南山区南海大道1001号", "乐享健身");

        assertThat(link(profile("乐享健身福田店突然关店，卡里还有1200元没用完，要求退还余额。", null, null,
                "福田区深南大道2008号", "乐享健身"), nanshan)).hasValueSatisfying(d ->
                assertThat(d.rule()).isEqualTo("incident: same respondent, similar matter"));
    }

    @Test
    void addressesAreFoundDownToTheHouseNumberAndLeftOutOfTheFingerprint() {
        assertThat(Addresses.in(Script.fold("Loud music at 120 W 45TH ST, NEW YORK, NY 10036. Every night.")))
                .containsExactly("120 W 45 ST");
        assertThat(Addresses.in(Script.fold("地点：朝阳区建國路88號"))).containsExactly("建国路88号");
        assertThat(Addresses.without(Script.fold("Loud music at 120 W 45TH ST, NEW YORK. Every night.")))
                .doesNotContain("45").doesNotContain("york").contains("every night");
        assertThat(Addresses.without("blocked at 12 main st, blocking the driveway")).contains("blocking the driveway");
    }
}
