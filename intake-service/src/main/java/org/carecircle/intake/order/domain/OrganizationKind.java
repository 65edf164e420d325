package org.carecircle.intake.order.domain;

/** Who may order visits. */
public enum OrganizationKind {
    COMMUNITY_HEALTH_CENTER, NURSING_STATION, CARE_HOME
}
