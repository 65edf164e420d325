package org.carecircle.contracts.crypto;

import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitDetails;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetailsCipherTest {
    static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final VisitDetails DETAILS = new VisitDetails("长宁区华阳路街道 演示路1弄2号301室", "左足压疮, 家属电话 13800138000");

    @Test
    void sealedDetailsOpenOnlyForTheirOrderAndShowNothingInClear() {
        DetailsCipher cipher = new DetailsCipher(Map.of("k1", K1), "k1");

        SealedDetails sealed = cipher.seal("ord-1", DETAILS);

        assertThat(sealed.toString()).doesNotContain("华阳路").doesNotContain("13800138000");
        assertThat(cipher.open("ord-1", sealed)).isEqualTo(DETAILS);
        assertThatThrownBy(() -> cipher.open("ord-2", sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cipher.seal("ord-1", DETAILS).nonce()).isNotEqualTo(sealed.nonce());
        assertThat(cipher.open("ord-1", cipher.seal("ord-1", new VisitDetails("a", null))).notes()).isNull();
    }

    @Test
    void tamperingIsDetectedAndRotatedKeysStillOpenOldDetails() {
        DetailsCipher before = new DetailsCipher(Map.of("k1", K1), "k1");
        SealedDetails old = before.seal("ord-1", DETAILS);
        DetailsCipher rotated = new DetailsCipher(Map.of("k1", K1, "k2", K2), "k2");

        assertThat(rotated.open("ord-1", old)).isEqualTo(DETAILS);
        assertThat(rotated.seal("ord-1", DETAILS).keyId()).isEqualTo("k2");
        byte[] bytes = Base64.getDecoder().decode(old.ciphertext());
        bytes[3] ^= 1;
        SealedDetails tampered = new SealedDetails("k1", old.nonce(), Base64.getEncoder().encodeToString(bytes));
        assertThatThrownBy(() -> rotated.open("ord-1", tampered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DetailsCipher(Map.of("k1", "c2hvcnQ="), "k1")).isInstanceOf(IllegalArgumentException.class);
    }
}
