package org.carecircle.contracts.events;

import java.util.Map;

/** The registered event types and their wire names. */
public final class EventTypes {
    private EventTypes() {
    }

    /** Record class → wire type name, for every {@link CareEvent}. */
    public static Map<Class<?>, String> all() {
        return JsonTypeNameLookup.INSTANCE.all();
    }
}
