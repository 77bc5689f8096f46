/* crypto: the symmetric primitives of ICAO 9303 on OpenSSL 3 EVP.
 *
 * Single DES is only in OpenSSL's legacy provider, so the retail MAC runs its
 * single-DES CBC part as two-key 3DES with K1 = K2 (E(K) D(K) E(K) = E(K)),
 * and its last block as real two-key 3DES. Everything works on caller buffers;
 * key material on the stack is wiped with explicit_bzero. */
#include "card_int.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <string.h>

void crypto_des_parity(uint8_t *key, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t b = key[i] & 0xFE;
        int ones = __builtin_popcount(b);
        key[i] = (uint8_t)(b | ((ones & 1) ? 0 : 1));
    }
}

int crypto_kdf(const uint8_t *seed, size_t seed_len, uint32_t counter, bool des, size_t klen,
               uint8_t *out)
{
    uint8_t buf[96], md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    if (seed_len > sizeof buf - 4 || (klen != 16 && klen != 24 && klen != 32))
        return -1;
    memcpy(buf, seed, seed_len);
    buf[seed_len] = (uint8_t)(counter >> 24);
    buf[seed_len + 1] = (uint8_t)(counter >> 16);
    buf[seed_len + 2] = (uint8_t)(counter >> 8);
    buf[seed_len + 3] = (uint8_t)counter;
    const EVP_MD *h = (klen == 16) ? EVP_sha1() : EVP_sha256();
    int ok = EVP_Digest(buf, seed_len + 4, md, &mdlen, h, NULL);
    if (ok)
        memcpy(out, md, klen);
    if (ok && des)
        crypto_des_parity(out, klen);
    explicit_bzero(buf, sizeof buf);
    explicit_bzero(md, sizeof md);
    return ok ? 0 : -1;
}

size_t crypto_pad(uint8_t *buf, size_t n, size_t bs)
{
    buf[n++] = 0x80;
    while (n % bs)
        buf[n++] = 0;
    return n;
}

size_t crypto_unpad(const uint8_t *buf, size_t n)
{
    while (n > 0 && buf[n - 1] == 0)
        n--;
    if (n == 0 || buf[n - 1] != 0x80)
        return SIZE_MAX;
    return n - 1;
}

static int cipher_run(const EVP_CIPHER *c, bool enc, const uint8_t *key, const uint8_t *iv,
                      const uint8_t *in, size_t n, uint8_t *out)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0, fin = 0, ok = 0;
    if (!ctx)
        return -1;
    if (EVP_CipherInit_ex(ctx, c, NULL, key, iv, enc ? 1 : 0) == 1 &&
        EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
        (n == 0 || EVP_CipherUpdate(ctx, out, &len, in, (int)n) == 1) &&
        EVP_CipherFinal_ex(ctx, out + len, &fin) == 1 && (size_t)(len + fin) == n)
        ok = 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : -1;
}

int crypto_3des_cbc(bool enc, const uint8_t key[16], const uint8_t *iv, const uint8_t *in,
                    size_t n, uint8_t *out)
{
    static const uint8_t zero[8];
    if (n % 8)
        return -1;
    return cipher_run(EVP_des_ede_cbc(), enc, key, iv ? iv : zero, in, n, out);
}

static const EVP_CIPHER *aes_cipher(size_t klen, bool cbc)
{
    switch (klen) {
    case 16: return cbc ? EVP_aes_128_cbc() : EVP_aes_128_ecb();
    case 24: return cbc ? EVP_aes_192_cbc() : EVP_aes_192_ecb();
    case 32: return cbc ? EVP_aes_256_cbc() : EVP_aes_256_ecb();
    }
    return NULL;
}

int crypto_aes_cbc(bool enc, const uint8_t *key, size_t klen, const uint8_t *iv,
                   const uint8_t *in, size_t n, uint8_t *out)
{
    static const uint8_t zero[16];
    const EVP_CIPHER *c = aes_cipher(klen, true);
    if (!c || n % 16)
        return -1;
    return cipher_run(c, enc, key, iv ? iv : zero, in, n, out);
}

int crypto_aes_block(const uint8_t *key, size_t klen, const uint8_t in[16], uint8_t out[16])
{
    const EVP_CIPHER *c = aes_cipher(klen, false);
    if (!c)
        return -1;
    return cipher_run(c, true, key, NULL, in, 16, out);
}

int crypto_retail_mac(const uint8_t key[16], const uint8_t *in, size_t n, uint8_t out[8])
{
    uint8_t k1[16], h[8] = { 0 }, last[8];
    int rc = -1;
    if (n == 0 || n % 8)
        return -1;
    memcpy(k1, key, 8);
    memcpy(k1 + 8, key, 8);            /* E(Ka) D(Ka) E(Ka) = single DES */
    if (n > 8) {
        uint8_t *tmp = OPENSSL_malloc(n - 8);
        if (!tmp)
            goto out;
        int r = cipher_run(EVP_des_ede_cbc(), true, k1, h, in, n - 8, tmp);
        if (r == 0)
            memcpy(h, tmp + n - 16, 8);
        OPENSSL_clear_free(tmp, n - 8);
        if (r)
            goto out;
    }
    rc = cipher_run(EVP_des_ede_cbc(), true, key, h, in + n - 8, 8, last);
    if (rc == 0)
        memcpy(out, last, 8);
out:
    explicit_bzero(k1, sizeof k1);
    explicit_bzero(h, sizeof h);
    explicit_bzero(last, sizeof last);
    return rc;
}

int crypto_cmac(const uint8_t *key, size_t klen, const uint8_t *in, size_t n, uint8_t out[16])
{
    const char *name = klen == 16 ? "AES-128-CBC" : klen == 24 ? "AES-192-CBC" : "AES-256-CBC";
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
    EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[2];
    size_t outl = 0;
    int ok = 0;
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)name, 0);
    params[1] = OSSL_PARAM_construct_end();
    if (ctx && EVP_MAC_init(ctx, key, klen, params) == 1 && EVP_MAC_update(ctx, in, n) == 1 &&
        EVP_MAC_final(ctx, out, &outl, 16) == 1 && outl == 16)
        ok = 1;
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    return ok ? 0 : -1;
}

int crypto_random(uint8_t *out, size_t n)
{
    return RAND_bytes(out, (int)n) == 1 ? 0 : -1;
}
