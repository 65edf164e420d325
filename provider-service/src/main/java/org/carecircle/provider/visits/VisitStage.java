package org.carecircle.provider.visits;

import java.util.Map;
import java.util.Set;

/**
 * An assigned visit on the ground:
 * <pre>
 *   ASSIGNED ─▶ EN_ROUTE ─▶ CHECKED_IN ─▶ COMPLETED
 *      │           │            │
 *      └───────────┴────────────┴──▶ NOT_DONE (refused at the door, patient not home — at the door)
 * </pre>
 */
public enum VisitStage {
    ASSIGNED, EN_ROUTE, CHECKED_IN, COMPLETED, NOT_DONE;

    private static final Map<VisitStage, Set<VisitStage>> NEXT = Map.of(
            ASSIGNED, Set.of(EN_ROUTE, CHECKED_IN, NOT_DONE),
            EN_ROUTE, Set.of(CHECKED_IN, NOT_DONE),
            CHECKED_IN, Set.of(COMPLETED, NOT_DONE),
            COMPLETED, Set.of(),
            NOT_DONE, Set.of());

    public boolean canGoTo(VisitStage next) {
        return NEXT.get(this).contains(next);
    }
}
