package org.carecircle.contracts.catalogue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The service catalogue, loaded from data. */
public final class ServiceCatalogue {
    private final Map<String, ServiceDefinition> byCode = new LinkedHashMap<>();

    public ServiceCatalogue(List<ServiceDefinition> services) {
        for (ServiceDefinition service : services) {
            if (byCode.put(service.code(), service) != null) {
                throw new IllegalArgumentException("service code " + service.code() + " is listed twice");
            }
        }
    }

    public Optional<ServiceDefinition> find(String code) {
        return Optional.ofNullable(code).map(byCode::get);
    }

    public ServiceDefinition get(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("unknown service code " + code));
    }

    public Collection<ServiceDefinition> all() {
        return byCode.values();
    }
}
