package org.carecircle.dispatch.reports;

import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.events.VisitSlaBreached;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin: orders and dispatch decisions into the daily report (its own consumer group, so it can replay alone). */
@Component
class ReportListener {
    private final DailyReports reports;

    ReportListener(DailyReports reports) {
        this.reports = reports;
    }

    @KafkaListener(id = "dispatch-reports", groupId = "${spring.kafka.consumer.group-id}-reports",
            topics = {"#{@topics.visitOrders}", "#{@topics.visitDispatch}"})
    void on(CareEvent event) {
        switch (event) {
            case VisitRequested e -> reports.requested(e);
            case VisitAssigned e -> reports.assigned(e);
            case VisitEscalated e -> reports.escalated(e);
            case VisitSlaBreached e -> reports.breached(e);
            default -> { }
        }
    }
}
