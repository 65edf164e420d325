package org.carecircle.provider.registry;

import org.carecircle.contracts.events.ProviderProfile;

import java.util.List;

/** A provider as their nursing station sees them; never their exact location. */
public record ProviderView(String providerId, String organizationId, String displayName, String role,
                           List<String> qualifications, TravelMode travelMode, ProviderProfile profile, boolean onDuty,
                           boolean onBreak, boolean available, String reservedFor) {
}
