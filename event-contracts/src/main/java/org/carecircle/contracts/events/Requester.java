package org.carecircle.contracts.events;

/**
 * The organization that ordered a visit.
 *
 * @param kind     COMMUNITY_HEALTH_CENTER, NURSING_STATION or CARE_HOME
 * @param district the district whose supervisors oversee the order (from the orderer's credentials)
 */
public record Requester(String organizationId, String kind, String district) {
}
