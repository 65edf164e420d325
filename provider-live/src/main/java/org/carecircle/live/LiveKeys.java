package org.carecircle.live;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place the live provider keyspace's names are built, for Java and (through {@link #luaTable()}) for the
 * Lua scripts. Everything here is a view: the registry part is rebuilt from the compacted {@code provider-registry}
 * topic, presence from the next heartbeats, holds and bookings from {@code visit-dispatch}.
 * <ul>
 *   <li>{@code cc:{live}:prov:<id>} hash: registry read model and presence of one provider (fields in {@link Field});</li>
 *   <li>{@code cc:{live}:geo:<qualification>:<mode>} geo set of providers available right now;</li>
 *   <li>{@code cc:{live}:base:<qualification>:<mode>} geo set of every registered base (station or health center, never
 *       a home), on duty or not: planned visits are matched against it ahead of their window;</li>
 *   <li>{@code cc:{live}:heartbeats} sorted set: provider → millis until which their last heartbeat keeps them available;</li>
 *   <li>{@code cc:{live}:hold:<id>} what the provider is reserved for ({@code offer:<offerId>}, {@code visit:<orderId>},
 *       {@code rest:<orderId>}); absent when free;</li>
 *   <li>{@code cc:{live}:daily:<id>:<yyyy-MM-dd>} assignments on a service date;</li>
 *   <li>{@code cc:{live}:cal:<id>} sorted set order → start millis and {@code cc:{live}:cal-end:<id>} hash order → end millis:
 *       the provider's bookings (accepted visits with the time they take, travel buffer included).</li>
 * </ul>
 * Every key carries the hash tag {@code {live}}, so on a Redis Cluster the whole keyspace is one slot: each script
 * reads and writes many providers' keys in one atomic step, which a cluster allows only within a slot.
 */
final class LiveKeys {
    /** The tag every live key carries; also the keyspace's name for the views' markers. */
    static final String KEYSPACE = "live";
    private static final Map<String, String> PREFIXES = new LinkedHashMap<>();
    static final String PROVIDER = prefix("prov", "cc:{live}:prov:");
    static final String GEO = prefix("geo", "cc:{live}:geo:");
    static final String BASE = prefix("base", "cc:{live}:base:");
    static final String HEARTBEATS = prefix("heartbeats", "cc:{live}:heartbeats");
    static final String HOLD = prefix("hold", "cc:{live}:hold:");
    static final String DAILY = prefix("daily", "cc:{live}:daily:");
    static final String BOOKINGS = prefix("cal", "cc:{live}:cal:");
    static final String BOOKING_ENDS = prefix("calEnd", "cc:{live}:cal-end:");

    /**
     * The key the scripts are sent with: they build their keys from {@link #luaTable()}, and a cluster routes a script
     * by its first key, so this one names the slot they all live in.
     */
    static final java.util.List<String> SLOT = java.util.List.of(HEARTBEATS);

    private LiveKeys() {
    }

    private static String prefix(String luaName, String prefix) {
        PREFIXES.put(luaName, prefix);
        return prefix;
    }

    static String provider(String providerId) {
        return PROVIDER + providerId;
    }

    static String geo(String qualification, String travelMode) {
        return GEO + qualification + ":" + travelMode;
    }

    static String base(String qualification, String travelMode) {
        return BASE + qualification + ":" + travelMode;
    }

    static String hold(String providerId) {
        return HOLD + providerId;
    }

    /** {@code local K = {prov = 'cc:{live}:prov:', ...}}: the prefixes for the scripts. */
    static String luaTable() {
        StringBuilder lua = new StringBuilder("local K = {");
        PREFIXES.forEach((name, prefix) -> lua.append(name).append(" = '").append(prefix).append("', "));
        return lua.append("}\n").toString();
    }

    /** Fields of {@link #provider(String)}. */
    static final class Field {
        static final String ORGANIZATION = "org";
        static final String ROLE = "role";
        static final String QUALIFICATIONS = "quals";
        static final String TRAVEL_MODE = "mode";
        static final String DISPLAY_NAME = "name";
        static final String PROFILE = "profile";
        static final String BASE_LAT = "baseLat";
        static final String BASE_LON = "baseLon";
        static final String ON_DUTY = "onDuty";
        static final String MAX_DAILY = "maxDaily";
        static final String REGISTERED_AT = "regAt";
        static final String ON_BREAK = "onBreak";
        static final String LAT = "lat";
        static final String LON = "lon";

        private Field() {
        }
    }
}
