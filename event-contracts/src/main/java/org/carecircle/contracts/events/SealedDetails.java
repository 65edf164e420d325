package org.carecircle.contracts.events;

/**
 * {@link VisitDetails} encrypted with AES-256-GCM (see {@code DetailsCipher}); only services holding the key
 * (intake for the orderer, provider-service for the assigned provider) can open it. Bound to its order id.
 *
 * @param keyId      which configured key sealed it (keys can be rotated)
 * @param nonce      base64, 12 bytes
 * @param ciphertext base64, ciphertext and tag
 */
public record SealedDetails(String keyId, String nonce, String ciphertext) {
}
