package org.carecircle.dispatch.candidates.domain;

import java.util.List;

/**
 * The community circle as a travel time: for each travel mode, the straight-line radius a provider can cover in
 * {@code minutes}, given the road detour factor, and the ETA for a straight-line distance.
 */
public record Circle(double minutes, double detourFactor, List<TravelModeSpeed> modes) {

    public Circle {
        if (minutes <= 0 || detourFactor < 1) {
            throw new IllegalArgumentException("circle needs minutes > 0 and detour factor >= 1");
        }
        modes = List.copyOf(modes);
    }

    /** Straight-line radius in meters reachable within the circle's time by {@code mode}. */
    public double radiusMeters(TravelModeSpeed mode) {
        double movingSeconds = Math.max(0, (minutes - mode.overheadMinutes()) * 60);
        return movingSeconds * mode.metersPerSecond() / detourFactor;
    }

    /** Travel time in seconds for a straight-line distance. */
    public static double etaSeconds(TravelModeSpeed mode, double straightLineMeters, double detourFactor) {
        return mode.overheadMinutes() * 60 + straightLineMeters * detourFactor / mode.metersPerSecond();
    }
}
