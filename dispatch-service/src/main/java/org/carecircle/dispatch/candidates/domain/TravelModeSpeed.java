package org.carecircle.dispatch.candidates.domain;

/**
 * How fast a travel mode moves and what it loses before moving (parking a car and walking in).
 */
public record TravelModeSpeed(String mode, double speedKmh, double overheadMinutes) {
    public double metersPerSecond() {
        return speedKmh / 3.6;
    }
}
