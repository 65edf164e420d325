package org.carecircle.dispatch.visit;

import org.carecircle.dispatch.visit.domain.Visit;

/** Told after every saved change of a visit, before its events go out (e.g. to free providers it dropped). */
public interface VisitSaved {
    void saved(Visit before, Visit after);
}
