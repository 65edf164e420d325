package org.carecircle.dispatch.reservation;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.dispatch.visit.domain.Visit;

import java.time.Duration;

/** How long a visit keeps its provider at the home (the catalogue's time on site). */
record OnSite(ServiceCatalogue catalogue) {
    Duration of(Visit visit) {
        return Duration.ofMinutes(catalogue.get(visit.serviceCode()).onSiteMinutes());
    }
}
