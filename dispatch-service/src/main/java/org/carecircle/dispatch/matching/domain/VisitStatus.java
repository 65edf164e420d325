package org.carecircle.dispatch.matching.domain;

/** Where a visit stands in dispatch. CANCELLED is final; ASSIGNED ends dispatch's work unless cancelled. */
public enum VisitStatus {
    REQUESTED, WAITING, OFFERED, ASSIGNED, CANCELLED
}
