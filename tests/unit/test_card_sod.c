/* Passive authentication with a test PKI generated at run time: verified,
 * unknown signer (no store, other CSCA), hash mismatch (changed DG, DG not
 * listed), bad signature, expired signer (now and at a later date), a master
 * list as trust store, DER and PEM certificates, garbage SODs. Also active
 * authentication: ISO 9796-2 RSA and ECDSA signatures built here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/rsa.h>
#include <time.h>

#include "test_card_pki.h"

static pki_party csca, ds, ds_expired, rogue, ds_rogue;
static char dir_ok[64], dir_rogue[64], dir_ml[64], dir_der[64], dir_empty[64];
static uint8_t dg1[96], dg13[64], dg2[64];

static int setup(void **st)
{
    (void)st;
    csca = pki_cert("CSCA Test", NULL, -1, 3650, true, 1);
    ds = pki_cert("DS Test", &csca, -1, 1800, false, 2);
    ds_expired = pki_cert("DS Expired", &csca, -800, -30, false, 3);
    rogue = pki_cert("CSCA Rogue", NULL, -1, 3650, true, 4);
    ds_rogue = pki_cert("DS Test", &rogue, -1, 1800, false, 5);
    const char *dirs[] = { dir_ok, dir_rogue, dir_ml, dir_der, dir_empty };
    for (int i = 0; i < 5; i++) {
        strcpy((char *)dirs[i], "/tmp/test_card_sod_XXXXXX");
        assert_non_null(mkdtemp((char *)dirs[i]));
    }
    pki_write_pem(dir_ok, "csca.pem", csca.cert);
    pki_write_pem(dir_rogue, "rogue.pem", rogue.cert);
    unsigned char *der = NULL;
    int dl = i2d_X509(csca.cert, &der);
    pki_write(dir_der, "csca.cer", der, (size_t)dl);
    OPENSSL_free(der);
    pki_write(dir_der, "notes.txt", (const uint8_t *)"not a certificate\n", 18);
    /* master list signed by the rogue (its own signature is not what we trust) */
    X509 *certs[2] = { rogue.cert, csca.cert };
    static uint8_t ml[16384];
    size_t mll = pki_master_list(&ds_rogue, certs, 2, ml, sizeof ml);
    assert_true(mll > 0);
    pki_write(dir_ml, "icao.ml", ml, mll);
    memset(dg1, 0x31, sizeof dg1);
    dg1[0] = 0x61;
    memset(dg13, 0x32, sizeof dg13);
    dg13[0] = 0x6D;
    memset(dg2, 0x33, sizeof dg2);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    pki_free(&csca);
    pki_free(&ds);
    pki_free(&ds_expired);
    pki_free(&rogue);
    pki_free(&ds_rogue);
    pki_rmdir(dir_ok);
    pki_rmdir(dir_rogue);
    pki_rmdir(dir_ml);
    pki_rmdir(dir_der);
    pki_rmdir(dir_empty);
    return 0;
}

static card_verify verify_with(const pki_party *signer, const char *dir, const sod_input *signed_dgs,
                               int ns, const sod_input *read_dgs, int nr, int *mdg, uint8_t *flip_at_end)
{
    static uint8_t sod[16384];
    size_t n = pki_sod(signer, signed_dgs, ns, sod, sizeof sod);
    assert_true(n > 0);
    if (flip_at_end)
        sod[n - 1] ^= 0x01;
    return sod_verify(sod, n, dir, read_dgs, nr, mdg, 0);
}

static void test_verified(void **st)
{
    (void)st;
    sod_input in[2] = { { 1, dg1, sizeof dg1 }, { 13, dg13, sizeof dg13 } };
    int mdg = -1;
    assert_int_equal(verify_with(&ds, dir_ok, in, 2, in, 2, &mdg, NULL), CARD_VERIFY_VERIFIED);
    assert_int_equal(mdg, 0);
    assert_int_equal(verify_with(&ds, dir_der, in, 2, in, 2, &mdg, NULL), CARD_VERIFY_VERIFIED);
    assert_int_equal(verify_with(&ds, dir_ml, in, 2, in, 2, &mdg, NULL), CARD_VERIFY_VERIFIED);
    /* parse only */
    static uint8_t sod[16384];
    size_t n = pki_sod(&ds, in, 2, sod, sizeof sod);
    sod_info si;
    assert_int_equal(sod_parse(sod, n, &si), CARD_OK);
    assert_int_equal(si.n, 2);
    assert_int_equal(si.dgs[1].dg, 13);
    assert_non_null(EVP_get_digestbyname(si.digest));
    assert_int_equal(EVP_MD_get_size(EVP_get_digestbyname(si.digest)), 32);
}

static void test_unknown_signer(void **st)
{
    (void)st;
    sod_input in[2] = { { 1, dg1, sizeof dg1 }, { 13, dg13, sizeof dg13 } };
    int mdg;
    assert_int_equal(verify_with(&ds, dir_rogue, in, 2, in, 2, &mdg, NULL), CARD_VERIFY_UNKNOWN_SIGNER);
    assert_int_equal(verify_with(&ds, dir_empty, in, 2, in, 2, &mdg, NULL), CARD_VERIFY_UNKNOWN_SIGNER);
    assert_int_equal(verify_with(&ds, NULL, in, 2, in, 2, &mdg, NULL), CARD_VERIFY_UNKNOWN_SIGNER);
    assert_int_equal(verify_with(&ds, "/nonexistent/dir", in, 2, in, 2, &mdg, NULL),
                     CARD_VERIFY_UNKNOWN_SIGNER);
    /* same subject name as the real DS, signed by the rogue CSCA */
    assert_int_equal(verify_with(&ds_rogue, dir_ok, in, 2, in, 2, &mdg, NULL), CARD_VERIFY_UNKNOWN_SIGNER);
}

static void test_hash_mismatch(void **st)
{
    (void)st;
    sod_input in[2] = { { 1, dg1, sizeof dg1 }, { 13, dg13, sizeof dg13 } };
    uint8_t changed[sizeof dg13];
    memcpy(changed, dg13, sizeof dg13);
    changed[40] ^= 0x20;
    sod_input rd[2] = { { 1, dg1, sizeof dg1 }, { 13, changed, sizeof changed } };
    int mdg = 0;
    assert_int_equal(verify_with(&ds, dir_ok, in, 2, rd, 2, &mdg, NULL), CARD_VERIFY_HASH_MISMATCH);
    assert_int_equal(mdg, 13);
    /* a DG read but absent from the SOD */
    sod_input rd2[3] = { { 1, dg1, sizeof dg1 }, { 13, dg13, sizeof dg13 }, { 2, dg2, sizeof dg2 } };
    assert_int_equal(verify_with(&ds, dir_ok, in, 2, rd2, 3, &mdg, NULL), CARD_VERIFY_HASH_MISMATCH);
    assert_int_equal(mdg, 2);
    /* a mismatch is reported even when the signer is unknown */
    assert_int_equal(verify_with(&ds_rogue, dir_ok, in, 2, rd, 2, &mdg, NULL), CARD_VERIFY_HASH_MISMATCH);
}

static void test_bad_signature(void **st)
{
    (void)st;
    sod_input in[2] = { { 1, dg1, sizeof dg1 }, { 13, dg13, sizeof dg13 } };
    int mdg;
    uint8_t flip = 1;
    assert_int_equal(verify_with(&ds, dir_ok, in, 2, in, 2, &mdg, &flip), CARD_VERIFY_BAD_SIGNATURE);
    uint8_t junk[64];
    memset(junk, 0x77, sizeof junk);
    assert_int_equal(sod_verify(junk, sizeof junk, dir_ok, in, 2, &mdg, 0), CARD_VERIFY_BAD_SIGNATURE);
    assert_int_equal(sod_verify(junk, 0, dir_ok, in, 2, &mdg, 0), CARD_VERIFY_BAD_SIGNATURE);
}

static void test_expired(void **st)
{
    (void)st;
    sod_input in[2] = { { 1, dg1, sizeof dg1 }, { 13, dg13, sizeof dg13 } };
    int mdg;
    assert_int_equal(verify_with(&ds_expired, dir_ok, in, 2, in, 2, &mdg, NULL), CARD_VERIFY_EXPIRED_SIGNER);
    /* the good signer, checked 6 years from now */
    static uint8_t sod[16384];
    size_t n = pki_sod(&ds, in, 2, sod, sizeof sod);
    assert_int_equal(sod_verify(sod, n, dir_ok, in, 2, &mdg, (long long)time(NULL) + 6LL * 365 * 86400),
                     CARD_VERIFY_EXPIRED_SIGNER);
}

/* ---- active authentication ---- */

static size_t dg15_of(EVP_PKEY *k, uint8_t *out, size_t cap)
{
    unsigned char *der = NULL;
    int dl = i2d_PUBKEY(k, &der);
    size_t n = tlv_put(out, cap, 0x6F, der, (size_t)dl);
    OPENSSL_free(der);
    return n;
}

static void test_aa_rsa(void **st)
{
    (void)st;
    EVP_PKEY *k = EVP_RSA_gen(1024);
    uint8_t dg15[400], chal[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, m[128], sig[128];
    size_t dl = dg15_of(k, dg15, sizeof dg15);
    /* ISO 9796-2 scheme 1, SHA-1: 6A || M1 (106 bytes) || SHA1(M1 || chal) || BC */
    m[0] = 0x6A;
    for (int i = 1; i < 107; i++)
        m[i] = (uint8_t)(i * 7);
    uint8_t h[140];
    memcpy(h, m + 1, 106);
    memcpy(h + 106, chal, 8);
    EVP_Digest(h, 114, m + 107, NULL, EVP_sha1(), NULL);
    m[127] = 0xBC;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);
    size_t sl = sizeof sig;
    assert_int_equal(EVP_PKEY_sign_init(c), 1);
    assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING), 1);
    assert_int_equal(EVP_PKEY_sign(c, sig, &sl, m, 128), 1);
    EVP_PKEY_CTX_free(c);
    assert_int_equal(aa_verify(dg15, dl, chal, 8, sig, sl), CARD_AA_PASSED);
    chal[0] ^= 1;
    assert_int_equal(aa_verify(dg15, dl, chal, 8, sig, sl), CARD_AA_FAILED);
    chal[0] ^= 1;
    sig[5] ^= 1;
    assert_int_equal(aa_verify(dg15, dl, chal, 8, sig, sl), CARD_AA_FAILED);
    assert_int_equal(aa_verify(dg15, 3, chal, 8, sig, sl), CARD_AA_NOT_AVAILABLE);
    EVP_PKEY_free(k);
}

static void test_aa_ecdsa(void **st)
{
    (void)st;
    EVP_PKEY *k = EVP_EC_gen("brainpoolP256r1");
    uint8_t dg15[400], chal[8] = { 9, 8, 7, 6, 5, 4, 3, 2 }, der[100], plain[64];
    size_t dl = dg15_of(k, dg15, sizeof dg15), sl = sizeof der;
    EVP_MD_CTX *mc = EVP_MD_CTX_new();
    assert_int_equal(EVP_DigestSignInit(mc, NULL, EVP_sha256(), NULL, k), 1);
    assert_int_equal(EVP_DigestSign(mc, der, &sl, chal, 8), 1);
    EVP_MD_CTX_free(mc);
    const unsigned char *p = der;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)sl);
    BN_bn2binpad(ECDSA_SIG_get0_r(es), plain, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(es), plain + 32, 32);
    ECDSA_SIG_free(es);
    assert_int_equal(aa_verify(dg15, dl, chal, 8, plain, 64), CARD_AA_PASSED);
    assert_int_equal(aa_verify(dg15, dl, chal, 8, der, sl), CARD_AA_PASSED);
    plain[10] ^= 0x40;
    assert_int_equal(aa_verify(dg15, dl, chal, 8, plain, 64), CARD_AA_FAILED);
    assert_int_equal(aa_verify(dg15, dl, chal, 8, plain, 63), CARD_AA_FAILED);
    EVP_PKEY_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verified),
        cmocka_unit_test(test_unknown_signer),
        cmocka_unit_test(test_hash_mismatch),
        cmocka_unit_test(test_bad_signature),
        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_aa_rsa),
        cmocka_unit_test(test_aa_ecdsa),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
