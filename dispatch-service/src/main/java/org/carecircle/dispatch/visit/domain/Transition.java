package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.events.VisitEvent;

import java.util.List;

/** The result of a state change: the visit after it and the events it caused (to publish). */
public record Transition(Visit visit, List<VisitEvent> events) {
    public Transition {
        events = List.copyOf(events);
    }
}
