package org.carecircle.dispatch.visit.domain;

/** A provider reserved for an offer, with how far they are and how long they need. */
public record Candidate(String providerId, String organizationId, String travelMode, int distanceMeters, int etaMinutes) {
}
