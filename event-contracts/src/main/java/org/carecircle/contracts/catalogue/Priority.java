package org.carecircle.contracts.catalogue;

/** How soon a visit must happen (targets are configuration, see domain.md "Timing expectations"). */
public enum Priority {
    EMERGENCY, URGENT, ROUTINE, SCHEDULED
}
