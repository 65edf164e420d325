package org.carecircle.contracts.crypto;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A service that seals or opens visit details and was started without their keys says which settings it needs,
 * instead of Spring's "required a bean of type DetailsCipher" (the keys are secrets: they have no default anywhere).
 */
public class MissingDetailsKeysAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        if (cause.getBeanType() == null || !DetailsCipher.class.isAssignableFrom(cause.getBeanType())) {
            return null;
        }
        return new FailureAnalysis("This service seals or opens visit details (the home's address, the notes) and no "
                + "key to do so is configured.",
                "Set CARECIRCLE_CRYPTO_ACTIVE_KEY=<id> and CARECIRCLE_CRYPTO_KEYS_<ID>=<base64 of 32 random bytes, e.g. "
                        + "from openssl rand -base64 32> (carecircle.crypto.active-key and carecircle.crypto.keys.<id>), "
                        + "the same keys in intake-service and provider-service; keep earlier keys listed to open what "
                        + "they sealed.", cause);
    }
}
