package org.carecircle.dispatch.alarms;

import org.carecircle.contracts.events.ProviderAlarm;
import org.carecircle.edge.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;

/** Supervisors see their district's provider alarms: the latest ones, and live as server-sent events. */
@RestController
class AlarmController {
    private final Alarms alarms;

    AlarmController(Alarms alarms) {
        this.alarms = alarms;
    }

    @GetMapping("/dispatch/alarms")
    List<ProviderAlarm> recent(Caller caller) {
        return alarms.recent(caller.supervisedDistrict());
    }

    @GetMapping(path = "/dispatch/alarms/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller) {
        return alarms.stream(caller.supervisedDistrict());
    }
}
