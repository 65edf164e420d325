package org.carecircle.contracts.crypto;

import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitDetails;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Seals the personal part of an order (address, notes) with AES-256-GCM, bound to the order id as associated
 * data, so Kafka, its dead-letter topics and anyone reading them see only ciphertext. Keys come from
 * configuration by id; new orders use the active key, old ones open with the key they name.
 */
public final class DetailsCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final Map<String, SecretKeySpec> keys;
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param base64Keys  key id → base64 of 32 random bytes
     * @param activeKeyId the key new details are sealed with
     */
    public DetailsCipher(Map<String, String> base64Keys, String activeKeyId) {
        if (!base64Keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key '" + activeKeyId + "' is not among the configured keys");
        }
        this.keys = base64Keys.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> key(e.getKey(), e.getValue())));
        this.activeKeyId = activeKeyId;
    }

    private static SecretKeySpec key(String id, String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length != 32) {
            throw new IllegalArgumentException("key '" + id + "' must be 32 bytes (AES-256), was " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public SealedDetails seal(String orderId, VisitDetails details) {
        return seal(orderId, encode(details));
    }

    /** Seals any personal text bound to an order (e.g. a visit record's clinical part, as JSON). */
    public SealedDetails sealText(String orderId, String text) {
        return seal(orderId, text.getBytes(StandardCharsets.UTF_8));
    }

    public String openText(String orderId, SealedDetails sealed) {
        return new String(openBytes(orderId, sealed), StandardCharsets.UTF_8);
    }

    private SealedDetails seal(String orderId, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), nonce, orderId, plain);
        Base64.Encoder b64 = Base64.getEncoder();
        return new SealedDetails(activeKeyId, b64.encodeToString(nonce), b64.encodeToString(sealed));
    }

    /** @throws IllegalArgumentException if the key is unknown or the ciphertext was tampered with or moved */
    public VisitDetails open(String orderId, SealedDetails sealed) {
        return decode(openBytes(orderId, sealed));
    }

    private byte[] openBytes(String orderId, SealedDetails sealed) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalArgumentException("unknown key id " + sealed.keyId());
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return crypt(Cipher.DECRYPT_MODE, key, b64.decode(sealed.nonce()), orderId, b64.decode(sealed.ciphertext()));
    }

    private static byte[] crypt(int mode, SecretKeySpec key, byte[] nonce, String orderId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(orderId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("details could not be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened"), e);
        }
    }

    private static byte[] encode(VisitDetails details) {
        byte[] address = details.address().getBytes(StandardCharsets.UTF_8);
        byte[] notes = details.notes() == null ? null : details.notes().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + address.length + (notes == null ? 0 : notes.length));
        buffer.putInt(address.length).put(address).putInt(notes == null ? -1 : notes.length);
        if (notes != null) {
            buffer.put(notes);
        }
        return buffer.array();
    }

    private static VisitDetails decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] address = new byte[buffer.getInt()];
        buffer.get(address);
        int notesLength = buffer.getInt();
        String notes = null;
        if (notesLength >= 0) {
            byte[] notesBytes = new byte[notesLength];
            buffer.get(notesBytes);
            notes = new String(notesBytes, StandardCharsets.UTF_8);
        }
        return new VisitDetails(new String(address, StandardCharsets.UTF_8), notes);
    }
}
