package org.carecircle.live;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.infra.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of the live keyspace, each written once in lib.lua, seen through the facade on a real Redis. */
class LiveProvidersIT {
    static final GeoPoint HOME = new GeoPoint(31.2215, 121.4265);
    static final GeoPoint NEAR = new GeoPoint(31.2235, 121.4265);
    static final List<LiveProviders.Circle> EBIKE_NURSES = List.of(new LiveProviders.Circle("NURSE", "EBIKE", 3000));
    static LettuceConnectionFactory connections;
    static LiveProviders live;
    static final LocalDate TODAY = LocalDate.now();

    @BeforeAll
    static void connect() {
        RealInfrastructure infra = RealInfrastructure.shared();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        connections.afterPropertiesSet();
        live = new LiveProviders(new StringRedisTemplate(connections), JsonMapper.builder().build(), Clock.systemUTC());
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @BeforeEach
    void onShift() {
        RealInfrastructure.shared().flushRedis();
        live.register(new Registration("n1", Instant.now(), "ns-1", "NURSE", List.of("NURSE"), "EBIKE", "李*", "", 2, null));
        live.shift("n1", true);
        assertThat(live.heartbeat("n1", NEAR, 10, Duration.ofMinutes(5), 300)).isEqualTo(LiveProviders.Heartbeat.NEWLY_AVAILABLE);
    }

    List<String> searchable() {
        return live.search(HOME, LiveProviders.From.LIVE, EBIKE_NURSES, 10, TODAY, Instant.now()).stream()
                .map(LiveFacts::id).toList();
    }

    @Test
    void aProviderReturnsToTheIndexOnlyWhenFreeOnDutyFreshAndNotOnABreak() {
        assertThat(live.reserve("n1", "offer:o1", Duration.ofMinutes(1), TODAY, Instant.now())).isTrue();
        assertThat(searchable()).isEmpty();
        assertThat(live.heartbeat("n1", NEAR, 10, Duration.ofMinutes(5), 300)).isEqualTo(LiveProviders.Heartbeat.RECORDED);
        assertThat(searchable()).as("a heartbeat does not put a reserved provider back").isEmpty();
        assertThat(live.onBreak("n1", true)).isEqualTo(LiveProviders.Change.CHANGED);
        assertThat(live.release("n1", "offer:o1")).isTrue();
        assertThat(searchable()).as("released during a break: still out").isEmpty();
        live.onBreak("n1", false);
        assertThat(searchable()).containsExactly("n1");
        live.shift("n1", false);
        assertThat(searchable()).isEmpty();
        assertThat(live.heartbeat("n1", NEAR, 10, Duration.ofMinutes(5), 300)).isEqualTo(LiveProviders.Heartbeat.OFF_DUTY);
    }

    @Test
    void aBookingIsNeverOverlappedByAnotherBookingOrAReservationAndTheSearchSaysWhenTheNextStarts() {
        Instant nineAm = Instant.now().plus(Duration.ofHours(2));
        assertThat(live.book("n1", "ord-a", nineAm, nineAm.plus(Duration.ofHours(1)))).isTrue();
        assertThat(live.book("n1", "ord-b", nineAm.plus(Duration.ofMinutes(30)), nineAm.plus(Duration.ofHours(2)))).isFalse();
        assertThat(live.book("n1", "ord-b", nineAm.plus(Duration.ofHours(1)), nineAm.plus(Duration.ofHours(2)))).isTrue();
        assertThat(live.reserve("n1", "offer:o2", Duration.ofMinutes(1), TODAY, nineAm.plusSeconds(60))).isFalse();
        LiveFacts facts = live.search(HOME, LiveProviders.From.LIVE, EBIKE_NURSES, 10, TODAY, Instant.now()).getFirst();
        assertThat(facts.freeUntil()).isEqualTo(nineAm.toEpochMilli());
        assertThat(facts.bookedBefore(nineAm.plusSeconds(1))).isTrue();
        assertThat(facts.bookedBefore(nineAm)).isFalse();
        assertThat(live.reserve("n1", "offer:o2", Duration.ofMinutes(1), TODAY, nineAm)).as("ends as the booking starts").isTrue();
    }

    @Test
    void theDailyLimitRefusesAReservationOnceReachedAndTheSearchSaysSo() {
        for (int visit = 1; visit <= 2; visit++) {
            assertThat(live.reserve("n1", "offer:o" + visit, Duration.ofMinutes(1), TODAY, Instant.now())).isTrue();
            assertThat(live.confirm("n1", "offer:o" + visit, "visit:v" + visit, Duration.ofMinutes(5), TODAY)).isTrue();
            assertThat(live.release("n1", "visit:v" + visit)).isTrue();
        }
        LiveFacts facts = live.facts("n1", TODAY, Instant.now()).orElseThrow();
        assertThat(facts.assignments()).isEqualTo(2);
        assertThat(facts.atDailyLimit()).isTrue();
        assertThat(live.reserve("n1", "offer:o3", Duration.ofMinutes(1), TODAY, Instant.now())).isFalse();
        assertThat(live.reserve("n1", "offer:o3", Duration.ofMinutes(1), TODAY.plusDays(1), Instant.now()))
                .as("another day counts anew").isTrue();
    }
}
