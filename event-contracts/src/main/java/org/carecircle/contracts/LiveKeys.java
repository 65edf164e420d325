package org.carecircle.contracts;

/**
 * Layout of the live provider state in Redis, shared by provider-service (which owns presence: registry read
 * model, location, heartbeats, the geo index) and dispatch-service (which owns holds: who is reserved for which
 * offer or visit, and removes/re-adds reserved providers to the geo index). All of it can be rebuilt: the registry
 * from the compacted {@code provider-registry} topic, presence from the next heartbeats, holds from
 * {@code visit-dispatch}.
 */
public final class LiveKeys {
    private LiveKeys() {
    }

    /** Hash: registry read model and presence of one provider (fields below). */
    public static String provider(String providerId) {
        return "cc:prov:" + providerId;
    }

    /** Geo set of providers who are available right now, split by qualification and travel mode. */
    public static String geo(String qualification, String travelMode) {
        return "cc:geo:" + qualification + ":" + travelMode;
    }

    /**
     * Geo set of every registered provider with a base (their station or health center, where their working day
     * starts), by qualification and travel mode, on duty or not: planned visits are matched against it ahead of
     * their window, never against where someone happens to be hours before.
     */
    public static String base(String qualification, String travelMode) {
        return "cc:base:" + qualification + ":" + travelMode;
    }

    /**
     * Sorted set: provider id → epoch millis until which their last heartbeat keeps them available (only providers
     * on duty). provider-service alone knows the heartbeat timeout; readers just compare with now.
     */
    public static final String HEARTBEATS = "cc:heartbeats";

    /** Counter of a provider's assignments on one service date (yyyy-MM-dd in the district's zone). */
    public static String dailyAssignments(String providerId, String date) {
        return "cc:daily:" + providerId + ":" + date;
    }

    /** String: what the provider is reserved for ({@code offer:<offerId>} or {@code visit:<orderId>}); absent if free. */
    public static String hold(String providerId) {
        return "cc:hold:" + providerId;
    }

    /** Sorted set: the provider's bookings (order id → start millis): accepted visits with their time taken. */
    public static String bookings(String providerId) {
        return "cc:cal:" + providerId;
    }

    /** Hash: order id → end millis (travel buffer included) of each booking in {@link #bookings(String)}. */
    public static String bookingEnds(String providerId) {
        return "cc:cal-end:" + providerId;
    }

    /** Fields of {@link #provider(String)}. */
    public static final class ProviderField {
        public static final String ORGANIZATION = "org";
        public static final String ROLE = "role";
        public static final String QUALIFICATIONS = "quals";
        public static final String TRAVEL_MODE = "mode";
        public static final String DISPLAY_NAME = "name";
        /** Comma-separated geo set keys this provider belongs to while available. */
        public static final String GEO_KEYS = "geokeys";
        /** Comma-separated base geo set keys ({@link #base(String, String)}) this provider belongs to. */
        public static final String BASE_KEYS = "basekeys";
        /** Where the provider's working day starts (their station): a workplace, never a home. */
        public static final String BASE_LAT = "baseLat";
        public static final String BASE_LON = "baseLon";
        public static final String ON_DUTY = "onDuty";
        /** "1" while on a break: on duty, located, but not offered work. */
        public static final String ON_BREAK = "onBreak";
        /** Daily limit of assignments, "0" = none. */
        public static final String MAX_DAILY = "maxDaily";
        public static final String LAT = "lat";
        public static final String LON = "lon";
        public static final String ACCURACY = "accuracy";

        private ProviderField() {
        }
    }
}
