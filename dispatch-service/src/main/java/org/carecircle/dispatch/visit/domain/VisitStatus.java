package org.carecircle.dispatch.visit.domain;

/**
 * Where a visit stands in dispatch. ASSIGNED holds the provider until the visit ends; DONE (completed or not
 * done at the door) and CANCELLED are final.
 */
public enum VisitStatus {
    REQUESTED, WAITING, OFFERED, ASSIGNED, DONE, CANCELLED
}
