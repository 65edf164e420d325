package org.carecircle.dispatch.reservation;

/** What a provider's hold in the live store says they are reserved for. */
public final class Holds {
    private Holds() {
    }

    /** While an offer is open. */
    public static String offer(String offerId) {
        return "offer:" + offerId;
    }

    /** Once the visit is theirs. */
    public static String visit(String orderId) {
        return "visit:" + orderId;
    }

    /** While they travel on after a visit (the travel buffer). */
    public static String rest(String orderId) {
        return "rest:" + orderId;
    }
}
