package org.carecircle.dispatch.candidates.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The 15-minute circle per travel mode matches domain.md's table (road detour factor 1.3). */
class CircleTest {
    static final TravelModeSpeed WALKING = new TravelModeSpeed("WALKING", 3.96, 0);
    static final TravelModeSpeed BICYCLE = new TravelModeSpeed("BICYCLE", 12, 0);
    static final TravelModeSpeed EBIKE = new TravelModeSpeed("EBIKE", 17.5, 0);
    static final TravelModeSpeed CAR = new TravelModeSpeed("CAR", 25, 5);
    static final Circle CIRCLE = new Circle(15, 1.3, List.of(WALKING, BICYCLE, EBIKE, CAR));

    @Test
    void radiiMatchThePlanningTable() {
        assertThat(CIRCLE.radiusMeters(WALKING)).isBetween(700.0, 800.0);
        assertThat(CIRCLE.radiusMeters(BICYCLE)).isCloseTo(2300, within(50.0));
        assertThat(CIRCLE.radiusMeters(EBIKE)).isBetween(3000.0, 3800.0);
        assertThat(CIRCLE.radiusMeters(CAR)).isCloseTo(3200, within(100.0)); // 10 minutes moving after parking
    }

    @Test
    void aProviderOnTheEdgeOfTheCircleNeedsExactlyTheCircleTime() {
        for (TravelModeSpeed mode : CIRCLE.modes()) {
            double eta = Circle.etaSeconds(mode, CIRCLE.radiusMeters(mode), CIRCLE.detourFactor());
            assertThat(eta).as(mode.mode()).isCloseTo(15 * 60, within(1.0));
        }
    }

    @Test
    void aCarNearbyIsSlowerThanAWalkerNextDoorBecauseOfParking() {
        assertThat(Circle.etaSeconds(CAR, 200, 1.3)).isGreaterThan(Circle.etaSeconds(WALKING, 200, 1.3));
    }
}
