package org.carecircle.live;

import org.carecircle.contracts.events.GeoPoint;

import java.util.List;

/**
 * A provider's registration as the live store keeps it.
 *
 * @param registeredAt when it was registered (a newer registration wins)
 * @param displayName  the masked name
 * @param profileJson  the registry profile as JSON
 * @param maxDaily     daily limit of assignments, 0 = none
 * @param base         where their working day starts (station or health center), or null
 */
public record Registration(String providerId, java.time.Instant registeredAt, String organizationId, String role,
                           List<String> qualifications, String travelMode, String displayName, String profileJson,
                           int maxDaily, GeoPoint base) {
    public Registration {
        qualifications = List.copyOf(qualifications);
    }
}
