package org.carecircle.provider.offers;

/**
 * An offer as the provider side tracks it. OPEN until answered; ACCEPTING/DECLINED once answered here;
 * ASSIGNED when dispatch confirmed the acceptance; WITHDRAWN when dispatch took it back before it was theirs;
 * CANCELLED when the order was cancelled after the provider accepted — kept in their inbox so that they see it.
 */
public enum OfferStatus {
    OPEN, ACCEPTING, DECLINED, ASSIGNED, WITHDRAWN, CANCELLED
}
