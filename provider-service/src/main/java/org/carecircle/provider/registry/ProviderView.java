package org.carecircle.provider.registry;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.ProviderProfile;

import java.util.List;

/** A provider as their nursing station sees them: their base (a workplace), never their live location. */
public record ProviderView(String providerId, String organizationId, String displayName, String role,
                           List<String> qualifications, TravelMode travelMode, ProviderProfile profile, GeoPoint base,
                           boolean onDuty,
                           boolean onBreak, boolean available, String reservedFor) {
}
