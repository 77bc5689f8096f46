/* bac: Basic Access Control (ICAO 9303-11 section 4.3).
 *
 * Keys from MRZ_information (SHA-1, first 16 bytes = Kseed, KDF counters 1
 * and 2, DES parity), GET CHALLENGE, EXTERNAL AUTHENTICATE with the 3DES
 * cryptogram and retail MAC, then session keys from K.IFD xor K.IC and the
 * SSC from the two nonces. A chip that rejects the key answers 6300 or 6982
 * (6988 on some emulators): that is CARD_E_ACCESS_DENIED. */
#include "card_int.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

card_err bac_keys(const char *mrz_info, uint8_t kenc[16], uint8_t kmac[16])
{
    uint8_t md[20];
    if (!EVP_Digest(mrz_info, strlen(mrz_info), md, NULL, EVP_sha1(), NULL))
        return CARD_E_CRYPTO;
    int r = crypto_kdf(md, 16, 1, true, 16, kenc) | crypto_kdf(md, 16, 2, true, 16, kmac);
    explicit_bzero(md, sizeof md);
    return r ? CARD_E_CRYPTO : CARD_OK;
}

static bool denied(uint16_t sw)
{
    return sw == 0x6300 || (sw & 0xFFF0) == 0x63C0 || sw == 0x6982 || sw == 0x6988 ||
           sw == 0x6987 || sw == 0x6A80;
}

card_err bac_authenticate(card_chan *ch, const char *mrz_info, sm_ctx *sm, const uint8_t *fixed_rnd)
{
    uint8_t kenc[16], kmac[16], rnd_ic[8], s[32], eifd[40], cmd[40], rsp[64], r[32], mac[8];
    uint8_t rnd[24], seed[16], ksenc[16], ksmac[16], ssc[8];
    size_t rl;
    uint16_t sw;
    card_err rc = bac_keys(mrz_info, kenc, kmac);
    if (rc)
        goto out;
    apdu_cmd gc = { 0x00, 0x84, 0x00, 0x00, NULL, 0, 8 };
    rc = chan_send(ch, &gc, false, rnd_ic, sizeof rnd_ic, &rl, &sw);
    if (rc)
        goto out;
    if (sw != 0x9000 || rl != 8) {
        rc = sw == 0x6D00 || sw == 0x6E00 ? CARD_E_UNSUPPORTED : CARD_E_PROTOCOL;
        goto out;
    }
    if (fixed_rnd)
        memcpy(rnd, fixed_rnd, 24);
    else if (crypto_random(rnd, 24)) {
        rc = CARD_E_CRYPTO;
        goto out;
    }
    memcpy(s, rnd, 8);
    memcpy(s + 8, rnd_ic, 8);
    memcpy(s + 16, rnd + 8, 16);
    if (crypto_3des_cbc(true, kenc, NULL, s, 32, eifd)) {
        rc = CARD_E_CRYPTO;
        goto out;
    }
    memcpy(cmd, eifd, 32);
    size_t pl = crypto_pad(eifd, 32, 8);
    if (crypto_retail_mac(kmac, eifd, pl, cmd + 32)) {
        rc = CARD_E_CRYPTO;
        goto out;
    }
    apdu_cmd ea = { 0x00, 0x82, 0x00, 0x00, cmd, 40, 40 };
    rc = chan_send(ch, &ea, false, rsp, sizeof rsp, &rl, &sw);
    if (rc)
        goto out;
    if (sw != 0x9000) {
        rc = denied(sw) ? CARD_E_ACCESS_DENIED : CARD_E_PROTOCOL;
        goto out;
    }
    if (rl != 40) {
        rc = CARD_E_PROTOCOL;
        goto out;
    }
    uint8_t eic[40];
    memcpy(eic, rsp, 32);
    pl = crypto_pad(eic, 32, 8);
    if (crypto_retail_mac(kmac, eic, pl, mac) || crypto_3des_cbc(false, kenc, NULL, rsp, 32, r)) {
        rc = CARD_E_CRYPTO;
        goto out;
    }
    if (CRYPTO_memcmp(mac, rsp + 32, 8) || memcmp(r, rnd_ic, 8) || memcmp(r + 8, rnd, 8)) {
        rc = CARD_E_PROTOCOL;   /* chip answered with a wrong cryptogram */
        goto out;
    }
    for (int i = 0; i < 16; i++)
        seed[i] = rnd[8 + i] ^ r[16 + i];
    if (crypto_kdf(seed, 16, 1, true, 16, ksenc) || crypto_kdf(seed, 16, 2, true, 16, ksmac)) {
        rc = CARD_E_CRYPTO;
        goto out;
    }
    memcpy(ssc, rnd_ic + 4, 4);
    memcpy(ssc + 4, rnd + 4, 4);
    sm_init(sm, SM_3DES, ksenc, ksmac, 16, ssc);
    rc = CARD_OK;
out:
    explicit_bzero(kenc, sizeof kenc);
    explicit_bzero(kmac, sizeof kmac);
    explicit_bzero(s, sizeof s);
    explicit_bzero(rnd, sizeof rnd);
    explicit_bzero(r, sizeof r);
    explicit_bzero(seed, sizeof seed);
    explicit_bzero(ksenc, sizeof ksenc);
    explicit_bzero(ksmac, sizeof ksmac);
    return rc;
}
