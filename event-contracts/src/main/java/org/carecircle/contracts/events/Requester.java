package org.carecircle.contracts.events;

/** The organization that ordered a visit. {@code kind} is COMMUNITY_HEALTH_CENTER, NURSING_STATION or CARE_HOME. */
public record Requester(String organizationId, String kind) {
}
