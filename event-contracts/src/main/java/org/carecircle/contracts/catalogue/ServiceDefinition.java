package org.carecircle.contracts.catalogue;

import java.util.List;

/**
 * One service of the catalogue (see {@code carecircle/service-catalogue.yml}).
 *
 * @param code            stable code used on the wire, e.g. NURSING_PICC_MAINT
 * @param name            Chinese name shown to staff
 * @param category        medical, nursing, rehab, palliative, living-care, social, emergency
 * @param qualifications  a provider needs at least one of these
 * @param onSiteMinutes   usual time at the home
 * @param defaultPriority priority when the order does not say
 * @param credentials     credential types a provider must hold, valid on the visit date
 * @param onlineNursing   online-ordered home nursing (互联网+护理服务): the nurse needs the configured experience
 *                        and title
 */
public record ServiceDefinition(String code, String name, String category, List<String> qualifications,
                                int onSiteMinutes, Priority defaultPriority, List<String> credentials,
                                boolean onlineNursing, int providers) {
    public ServiceDefinition {
        if (qualifications == null || qualifications.isEmpty()) {
            throw new IllegalArgumentException("service " + code + " names no qualification");
        }
        qualifications = List.copyOf(qualifications);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        if (providers < 0 || providers > 2) {
            throw new IllegalArgumentException("service " + code + ": providers must be 1 or 2");
        }
        providers = providers == 0 ? 1 : providers;
    }
}
