package org.carecircle.simulator.record;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each check of the record on a life that keeps the promise, and on one that breaks it. */
class RecordCheckTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    final List<JsonNode> events = new ArrayList<>();
    int clock;

    private ObjectNode event(String type, String orderId, String providerId, String offerId) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", "e" + events.size());
        e.put("type", type);
        e.put("occurredAt", T0.plusSeconds(clock++).toString());
        e.put("orderId", orderId);
        if (providerId != null) {
            e.put("providerId", providerId);
        }
        if (offerId != null) {
            e.put("offerId", offerId);
        }
        if (type.equals("visit-offered")) {
            e.putObject("explanation").put("candidatesConsidered", 3);
        }
        if (type.equals("visit-assigned")) {
            e.putArray("team").add(providerId);
        }
        events.add(e);
        return e;
    }

    private RecordCheck.Report check(Set<String> accepted) {
        return RecordCheck.check(events, accepted, T0.plusSeconds(3600));
    }

    @Test
    void aVisitDeclinedOfferedOnAssignedAndCompletedKeepsEveryPromise() {
        event("visit-requested", "o1", null, null);
        event("visit-offered", "o1", "p1", "f1");
        event("offer-declined", "o1", "p1", "f1");
        event("visit-offered", "o1", "p2", "f2");
        event("offer-accepted", "o1", "p2", "f2");
        event("visit-assigned", "o1", "p2", "f2");
        event("visit-completed", "o1", "p2", null);
        event("visit-requested", "o2", null, null);
        event("visit-queued", "o2", null, null);
        events.add(events.get(1)); // a duplicate delivery of the first offer counts once

        RecordCheck.Report report = check(Set.of("o1", "o2"));

        assertThat(report.clean()).as(RecordCheck.counts(report).toString()).isTrue();
    }

    @Test
    void oneRequestThatMadeTwoOrdersIsCaughtAndTwoRequestsAreNot() {
        event("visit-requested", "o1", null, null).put("idempotencyKeyHash", "k1").putObject("requester").put("organizationId", "chc-1");
        event("visit-requested", "o2", null, null).put("idempotencyKeyHash", "k2").putObject("requester").put("organizationId", "chc-1");
        event("visit-requested", "o3", null, null).put("idempotencyKeyHash", "k1").putObject("requester").put("organizationId", "chc-2");
        assertThat(check(Set.of("o1", "o2", "o3")).orderedTwice()).isEmpty();

        event("visit-requested", "o4", null, null).put("idempotencyKeyHash", "k1").putObject("requester").put("organizationId", "chc-1");
        assertThat(check(Set.of("o1", "o2", "o3", "o4")).orderedTwice()).containsExactly("one request made orders [o1, o4]");
    }

    @Test
    void anOrderAnswered202ThatNeverReachedTheRecordIsLost() {
        event("visit-requested", "o1", null, null);
        event("visit-queued", "o1", null, null);

        assertThat(check(Set.of("o1", "o-missing")).lost()).containsExactly("o-missing");
    }

    @Test
    void anOrderLeftAfterAWithdrawalWithNoOfferOutIsStuckButNotAPairWaitingForItsSecondSeatOrACancelledOne() {
        event("visit-requested", "o1", null, null);
        event("visit-offered", "o1", "p1", "f1");
        event("offer-withdrawn", "o1", "p1", "f1");
        event("visit-requested", "pair", null, null);
        event("visit-offered", "pair", "p2", "f2");
        event("visit-offered", "pair", "p3", "f3");
        event("offer-accepted", "pair", "p2", "f2");
        event("visit-requested", "late", null, null);
        event("visit-offered", "late", "p5", "f5");
        event("visit-offered", "late", "p6", "f6");
        event("visit-assigned", "late", "p5", "f5");
        event("offer-withdrawn", "late", "p6", "f6");
        event("offer-accepted", "late", "p6", "f6"); // too late: it assigns nothing, and the visit is p5's
        event("visit-requested", "cancelled", null, null);
        event("visit-offered", "cancelled", "p4", "f4");
        event("visit-cancelled", "cancelled", null, null);
        event("offer-withdrawn", "cancelled", "p4", "f4");
        event("visit-requested", "planned", null, null).putObject("window")
                .put("earliestStart", T0.plusSeconds(7200).toString());

        assertThat(check(Set.of()).stuck()).containsExactly("o1 ended at offer-withdrawn");
    }

    @Test
    void aVisitHeldByTwoProvidersAtOnceIsDoubleAndOneAssignedOnAWithdrawnOfferIsCaught() {
        event("visit-requested", "o1", null, null);
        event("visit-offered", "o1", "p1", "f1");
        event("visit-offered", "o1", "p2", "f2");
        event("visit-assigned", "o1", "p1", "f1");
        event("offer-withdrawn", "o1", "p2", "f2");
        event("visit-assigned", "o1", "p2", "f2");

        RecordCheck.Report report = check(Set.of("o1"));

        assertThat(report.doubleAssigned()).hasSize(1).first().asString().contains("p1").contains("p2");
        assertThat(report.acceptedAfterWithdrawal()).containsExactly("o1 assigned to p2 on withdrawn offer f2");
    }

    @Test
    void aProviderOfferedASecondVisitWhileHoldingOneOverlaps() {
        event("visit-offered", "o1", "p1", "f1");
        event("visit-assigned", "o1", "p1", "f1");
        event("visit-offered", "o2", "p1", "f2");

        assertThat(check(Set.of()).overlapping()).containsExactly("p1 offered o2 while holding o1");
    }

    @Test
    void anOfferWithoutExplanationAndADeclinerOfferedAgainAreReported() {
        event("visit-offered", "o1", "p1", "f1").remove("explanation");
        event("offer-declined", "o1", "p1", "f1");
        event("visit-offered", "o1", "p1", "f2");

        RecordCheck.Report report = check(Set.of());

        assertThat(report.unexplained()).containsExactly("o1 offer f1");
        assertThat(report.reOffered()).containsExactly("o1 offered again to p1, who declined it");
    }
}
