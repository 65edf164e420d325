package org.carecircle.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AreaKeyTest {
    @Test
    void matchesTheStandardGeohash() {
        // reference values from the geohash algorithm's definition (e.g. geohash.org)
        assertThat(AreaKey.of(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");
        assertThat(AreaKey.of(31.2215, 121.4265, 5)).isEqualTo("wtw3e");
    }

    @Test
    void nearbyHomesShareAnAreaAndDistantOnesDoNot() {
        assertThat(AreaKey.of(31.2215, 121.4265, 5)).isEqualTo(AreaKey.of(31.2200, 121.4330, 5));
        assertThat(AreaKey.of(31.2215, 121.4265, 5)).isNotEqualTo(AreaKey.of(29.5630, 106.5516, 5)); // Chongqing
    }

    @Test
    void refusesAPrecisionOutsideTheGeohashRange() {
        assertThatThrownBy(() -> AreaKey.of(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
