package org.carecircle.contracts;

/**
 * The area of a location: a geohash cell. Used as the Kafka key of visit events (see {@link Topic}) and to
 * group dispatch queues. Precision 5 is a cell of about 4.9 km × 4.9 km — roughly a sub-district.
 */
public final class AreaKey {
    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();

    private AreaKey() {
    }

    public static String of(double lat, double lon, int precision) {
        if (precision < 1 || precision > 12) {
            throw new IllegalArgumentException("geohash precision must be 1..12, was " + precision);
        }
        double[] latRange = {-90, 90};
        double[] lonRange = {-180, 180};
        StringBuilder hash = new StringBuilder(precision);
        boolean evenBit = true;
        int bit = 0;
        int ch = 0;
        while (hash.length() < precision) {
            double[] range = evenBit ? lonRange : latRange;
            double value = evenBit ? lon : lat;
            double mid = (range[0] + range[1]) / 2;
            if (value >= mid) {
                ch = (ch << 1) | 1;
                range[0] = mid;
            } else {
                ch = ch << 1;
                range[1] = mid;
            }
            evenBit = !evenBit;
            if (++bit == 5) {
                hash.append(BASE32[ch]);
                bit = 0;
                ch = 0;
            }
        }
        return hash.toString();
    }
}
