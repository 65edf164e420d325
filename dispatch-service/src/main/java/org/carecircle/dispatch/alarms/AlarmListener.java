package org.carecircle.dispatch.alarms;

import org.carecircle.contracts.events.ProviderAlarm;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin: hands provider alarms to the supervisors' feed. */
@Component
class AlarmListener {
    private final Alarms alarms;

    AlarmListener(Alarms alarms) {
        this.alarms = alarms;
    }

    @KafkaListener(id = "dispatch-alarms", topics = "#{@topics.providerAlarms}")
    void on(ProviderAlarm alarm) {
        alarms.raised(alarm);
    }
}
