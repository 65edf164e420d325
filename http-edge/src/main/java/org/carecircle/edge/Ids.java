package org.carecircle.edge;

/** What an identifier in a path or body may look like (providers, organizations, orders, offers). */
public final class Ids {
    /** Letters, digits, dot, underscore, dash; 1 to 64 characters. */
    public static final String PATTERN = "[A-Za-z0-9._-]{1,64}";

    private Ids() {
    }
}
