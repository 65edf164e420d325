package org.carecircle.contracts.events;

import java.time.Instant;

/** When a visit may start; both ends optional. */
public record TimeWindow(Instant earliestStart, Instant latestStart) {
}
