package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.events.OfferExplanation;

/** An offer to make: the reserved provider, the offer's id and why them. */
public record Proposal(Candidate candidate, String offerId, OfferExplanation explanation) {
}
