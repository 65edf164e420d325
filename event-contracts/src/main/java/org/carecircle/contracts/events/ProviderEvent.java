package org.carecircle.contracts.events;

/** An event about one provider; keyed by {@link #providerId()} so a provider's events stay in order. */
public sealed interface ProviderEvent extends CareEvent permits ProviderRegistered, ProviderAvailabilityChanged, ProviderAlarm {

    String providerId();

    @Override
    default String messageKey() {
        return providerId();
    }
}
