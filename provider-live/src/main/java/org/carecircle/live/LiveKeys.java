package org.carecircle.live;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place the live provider keyspace's names are built, for Java and (through {@link #luaTable()}) for the
 * Lua scripts. Everything here is a view: the registry part is rebuilt from the compacted {@code provider-registry}
 * topic, presence from the next heartbeats, holds and bookings from {@code visit-dispatch}.
 * <ul>
 *   <li>{@code cc:prov:<id>} hash: registry read model and presence of one provider (fields in {@link Field});</li>
 *   <li>{@code cc:geo:<qualification>:<mode>} geo set of providers available right now;</li>
 *   <li>{@code cc:base:<qualification>:<mode>} geo set of every registered base (station or health center, never
 *       a home), on duty or not: planned visits are matched against it ahead of their window;</li>
 *   <li>{@code cc:heartbeats} sorted set: provider → millis until which their last heartbeat keeps them available;</li>
 *   <li>{@code cc:hold:<id>} what the provider is reserved for ({@code offer:<offerId>}, {@code visit:<orderId>},
 *       {@code rest:<orderId>}); absent when free;</li>
 *   <li>{@code cc:daily:<id>:<yyyy-MM-dd>} assignments on a service date;</li>
 *   <li>{@code cc:cal:<id>} sorted set order → start millis and {@code cc:cal-end:<id>} hash order → end millis:
 *       the provider's bookings (accepted visits with the time they take, travel buffer included).</li>
 * </ul>
 */
final class LiveKeys {
    private static final Map<String, String> PREFIXES = new LinkedHashMap<>();
    static final String PROVIDER = prefix("prov", "cc:prov:");
    static final String GEO = prefix("geo", "cc:geo:");
    static final String BASE = prefix("base", "cc:base:");
    static final String HEARTBEATS = prefix("heartbeats", "cc:heartbeats");
    static final String HOLD = prefix("hold", "cc:hold:");
    static final String DAILY = prefix("daily", "cc:daily:");
    static final String BOOKINGS = prefix("cal", "cc:cal:");
    static final String BOOKING_ENDS = prefix("calEnd", "cc:cal-end:");

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

    /** {@code local K = {prov = 'cc:prov:', ...}}: the prefixes for the scripts. */
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
