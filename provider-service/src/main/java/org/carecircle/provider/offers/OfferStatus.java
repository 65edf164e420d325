package org.carecircle.provider.offers;

/**
 * An offer as the provider side tracks it. OPEN until answered; ACCEPTING/DECLINED once answered here;
 * ASSIGNED when dispatch confirmed the acceptance; WITHDRAWN when dispatch took it back.
 */
public enum OfferStatus {
    OPEN, ACCEPTING, DECLINED, ASSIGNED, WITHDRAWN
}
