package org.carecircle.contracts.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GeoPointTest {
    @Test
    void greatCircleDistances() {
        GeoPoint huayang = new GeoPoint(31.2215, 121.4265);
        assertThat(huayang.metersTo(huayang)).isZero();
        assertThat(huayang.metersTo(new GeoPoint(32.2215, 121.4265))).isCloseTo(111_195, within(50.0)); // 1° of latitude
        // Shanghai (People's Square) to Beijing (Tian'anmen): about 1,067 km
        assertThat(new GeoPoint(31.2304, 121.4737).metersTo(new GeoPoint(39.9042, 116.4074)))
                .isCloseTo(1_067_000, within(5_000.0));
    }
}
