package org.carecircle.dispatch.visit;

import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start, every visit still in the round queue or with offers out is indexed again: visits stored by an earlier
 * version (before the escalation, waiting and provider indexes) are then escalated, listed and found like the rest.
 * Idempotent; with several instances each does it once, harmlessly.
 */
@Component
class IndexBackfill {
    private static final Logger log = LoggerFactory.getLogger(IndexBackfill.class);
    private final VisitRepository visits;

    IndexBackfill(VisitRepository visits) {
        this.visits = visits;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reindex() {
        int count = visits.reindexAll();
        if (count > 0) {
            log.info("Indexed {} stored visits again", count);
        }
    }
}
