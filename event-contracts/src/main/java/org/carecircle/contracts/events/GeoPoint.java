package org.carecircle.contracts.events;

/** WGS-84 coordinates in decimal degrees. */
public record GeoPoint(double lat, double lon) {
}
