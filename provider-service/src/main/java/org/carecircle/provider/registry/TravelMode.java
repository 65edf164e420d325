package org.carecircle.provider.registry;

/** How a provider gets to homes; the 15-minute circle's radius depends on it. */
public enum TravelMode {
    WALKING, BICYCLE, EBIKE, CAR
}
