/* The whole read (card_read_transport) against a mock chip below the
 * transport seam: BAC with 3DES secure messaging, files served from memory,
 * EF.SOD signed by a run-time test PKI. Error paths: wrong key, expiry
 * candidates, torn response, wrong MAC, plain 6988, 6700 on large reads,
 * persistent faults (must end), extended length with and without support,
 * a changed DG13 (hash mismatch), and a trace that must not show personal
 * data. The chip side is written here, independently of the driver's SM
 * wrap/unwrap (it only shares the block cipher and MAC primitives, which
 * test_card_sm checks against ICAO 9303 D.4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_card_pki.h"
#include "transport_mock.h"

typedef struct chip_file {
    uint16_t fid;
    uint8_t *data;
    size_t len;
} chip_file;

typedef struct chip {
    chip_file files[8];
    int nfiles;
    uint8_t kenc[16], kmac[16], rnd_ic[8];
    bool sm_on;
    uint8_t ksenc[16], ksmac[16], ssc[8];
    int sel;
    unsigned nprot;             /* protected commands received */
    unsigned torn_at, badmac_at, plain_at;  /* fault on this protected command (1-based) */
    bool fault_always;          /* every protected READ BINARY is torn */
    size_t small_le;
    bool refuse_ext;
    bool strict_eof;            /* 6B00 to a read past the end of the file */
    unsigned auths, reads, ext_reads, odd_reads;
} chip;

static void inc(uint8_t *ssc)
{
    for (int i = 7; i >= 0; i--)
        if (++ssc[i])
            break;
}

static void mac8(const uint8_t *key, const uint8_t *in, size_t n, uint8_t out[8])
{
    uint8_t buf[4200];
    memcpy(buf, in, n);
    n = crypto_pad(buf, n, 8);
    assert_int_equal(crypto_retail_mac(key, buf, n, out), 0);
}

static card_err put_sw(uint8_t *rsp, size_t *rl, uint16_t sw)
{
    rsp[0] = (uint8_t)(sw >> 8);
    rsp[1] = (uint8_t)sw;
    *rl = 2;
    return CARD_OK;
}

static card_err chip_plain(chip *c, const uint8_t *cmd, size_t n, uint8_t *rsp, size_t *rl)
{
    c->sm_on = false;
    switch (cmd[1]) {
    case 0xA4:
        return put_sw(rsp, rl, cmd[2] == 0x04 ? 0x9000 : 0x6A82);
    case 0x84:
        crypto_random(c->rnd_ic, 8);
        memcpy(rsp, c->rnd_ic, 8);
        rsp[8] = 0x90;
        rsp[9] = 0x00;
        *rl = 10;
        return CARD_OK;
    case 0x82: {
        uint8_t m[8], r[32], kic[16], out[32], seed[16];
        if (n != 46 || cmd[4] != 40)
            return put_sw(rsp, rl, 0x6700);
        mac8(c->kmac, cmd + 5, 32, m);
        if (memcmp(m, cmd + 37, 8))
            return put_sw(rsp, rl, 0x6300);
        crypto_3des_cbc(false, c->kenc, NULL, cmd + 5, 32, r);
        if (memcmp(r + 8, c->rnd_ic, 8))
            return put_sw(rsp, rl, 0x6300);
        crypto_random(kic, 16);
        memcpy(out, c->rnd_ic, 8);
        memcpy(out + 8, r, 8);
        memcpy(out + 16, kic, 16);
        crypto_3des_cbc(true, c->kenc, NULL, out, 32, rsp);
        mac8(c->kmac, rsp, 32, rsp + 32);
        rsp[40] = 0x90;
        rsp[41] = 0x00;
        *rl = 42;
        for (int i = 0; i < 16; i++)
            seed[i] = r[16 + i] ^ kic[i];
        crypto_kdf(seed, 16, 1, true, 16, c->ksenc);
        crypto_kdf(seed, 16, 2, true, 16, c->ksmac);
        memcpy(c->ssc, c->rnd_ic + 4, 4);
        memcpy(c->ssc + 4, r + 4, 4);
        c->sm_on = true;
        c->auths++;
        c->sel = -1;
        return CARD_OK;
    }
    case 0xB0:
        return put_sw(rsp, rl, 0x6A82);     /* no EF.CardAccess: BAC only */
    }
    return put_sw(rsp, rl, 0x6D00);
}

static card_err chip_protected(chip *c, const uint8_t *cmd, size_t n, uint8_t *rsp, size_t *rl)
{
    if (!c->sm_on)
        return put_sw(rsp, rl, 0x6988);
    c->nprot++;
    size_t lc, off;
    bool ext = false;
    if (n > 7 && cmd[4] == 0) {
        lc = (size_t)cmd[5] << 8 | cmd[6];
        off = 7;
        ext = true;
    } else {
        lc = cmd[4];
        off = 5;
    }
    const uint8_t *body = cmd + off;
    tlv d87 = { 0 }, d85 = { 0 }, d97 = { 0 }, d8e = { 0 };
    size_t p = 0;
    while (p < lc) {
        tlv t;
        size_t u = tlv_parse(body + p, lc - p, &t);
        assert_true(u > 0);
        if (t.tag == 0x87) d87 = t;
        if (t.tag == 0x85) d85 = t;
        if (t.tag == 0x97) d97 = t;
        if (t.tag == 0x8E) d8e = t;
        p += u;
    }
    assert_non_null(d8e.val);
    inc(c->ssc);
    uint8_t macin[4200], m[8];
    memcpy(macin, c->ssc, 8);
    memcpy(macin + 8, cmd, 4);
    macin[8] |= 0;
    size_t ml = crypto_pad(macin, 12, 8);
    size_t dos = (size_t)(d8e.val - 2 - body);
    memcpy(macin + ml, body, dos);
    mac8(c->ksmac, macin, ml + dos, m);
    if (memcmp(m, d8e.val, 8)) {
        c->sm_on = false;
        return put_sw(rsp, rl, 0x6988);
    }
    uint8_t data[300];
    size_t dl = 0;
    if (d87.val) {
        crypto_3des_cbc(false, c->ksenc, NULL, d87.val + 1, d87.len - 1, data);
        dl = crypto_unpad(data, d87.len - 1);
    }
    if (d85.val) {      /* odd INS: data without the padding-indicator byte */
        crypto_3des_cbc(false, c->ksenc, NULL, d85.val, d85.len, data);
        dl = crypto_unpad(data, d85.len);
    }
    static uint8_t wrapped53[70000];
    size_t le = 0;
    if (d97.val)
        le = d97.len == 1 ? (d97.val[0] ? d97.val[0] : 256)
                          : ((size_t)d97.val[0] << 8 | d97.val[1]) ? ((size_t)d97.val[0] << 8 | d97.val[1]) : 65536;
    uint16_t sw = 0x9000;
    const uint8_t *out = NULL;
    size_t ol = 0;
    if (cmd[1] == 0xA4) {
        c->sel = -1;
        for (int i = 0; i < c->nfiles; i++)
            if (dl == 2 && c->files[i].fid == (data[0] << 8 | data[1]))
                c->sel = i;
        sw = c->sel >= 0 ? 0x9000 : 0x6A82;
    } else if (cmd[1] == 0xB0 || cmd[1] == 0xB1) {
        size_t o = (size_t)cmd[2] << 8 | cmd[3];
        if (cmd[1] == 0xB1) {
            assert_true(dl >= 3 && data[0] == 0x54 && data[1] == dl - 2);
            o = 0;
            for (size_t i = 2; i < dl; i++)
                o = o << 8 | data[i];
            c->odd_reads++;
            if (le > 4)
                le -= 4;
        }
        c->reads++;
        if (d97.len == 2)
            c->ext_reads++;
        if (c->sel < 0)
            sw = 0x6986;
        else if ((c->small_le && le > c->small_le) || (d97.len == 2 && c->refuse_ext))
            sw = 0x6700;
        else if (o > c->files[c->sel].len || (c->strict_eof && o + le > c->files[c->sel].len))
            sw = 0x6B00;
        else {
            out = c->files[c->sel].data + o;
            ol = c->files[c->sel].len - o < le ? c->files[c->sel].len - o : le;
        }
    } else {
        sw = 0x6D00;
    }
    if (cmd[1] == 0xB1 && ol) {
        ol = tlv_put(wrapped53, sizeof wrapped53, 0x53, out, ol);
        out = wrapped53;
    }
    inc(c->ssc);
    static uint8_t r[70000];
    size_t rlen = 0;
    if (ol) {
        uint8_t *pt = malloc(ol + 8), *ct = malloc(ol + 8);
        memcpy(pt, out, ol);
        size_t pl = crypto_pad(pt, ol, 8);
        crypto_3des_cbc(true, c->ksenc, NULL, pt, pl, ct);
        if (cmd[1] & 1) {
            rlen += tlv_put(r, sizeof r, 0x85, ct, pl);
        } else {
            rlen += tlv_put_hdr(r, 0x87, pl + 1);
            r[rlen++] = 0x01;
            memcpy(r + rlen, ct, pl);
            rlen += pl;
        }
        free(pt);
        free(ct);
    }
    r[rlen++] = 0x99;
    r[rlen++] = 2;
    r[rlen++] = (uint8_t)(sw >> 8);
    r[rlen++] = (uint8_t)sw;
    memcpy(macin, c->ssc, 8);
    memcpy(macin + 8, r, rlen);
    mac8(c->ksmac, macin, 8 + rlen, m);
    r[rlen++] = 0x8E;
    r[rlen++] = 8;
    memcpy(r + rlen, m, 8);
    rlen += 8;
    r[rlen++] = 0x90;
    r[rlen++] = 0x00;
    (void)ext;
    bool is_read = cmd[1] == 0xB0;
    if (c->nprot == c->torn_at || (c->fault_always && is_read)) {
        rlen = rlen / 2;            /* torn: the response is cut */
        c->sm_on = false;
    } else if (c->nprot == c->badmac_at) {
        r[rlen - 4] ^= 0x01;        /* last MAC byte */
        c->sm_on = false;
    } else if (c->nprot == c->plain_at) {
        c->sm_on = false;
        return put_sw(rsp, rl, 0x6988);
    }
    assert_true(rlen <= *rl);
    memcpy(rsp, r, rlen);
    *rl = rlen;
    return CARD_OK;
}

static card_err chip_fn(void *user, const uint8_t *cmd, size_t n, uint8_t *rsp, size_t *rl)
{
    chip *c = user;
    if (n < 4)
        return put_sw(rsp, rl, 0x6700);
    if ((cmd[0] & 0x0C) == 0x0C)
        return chip_protected(c, cmd, n, rsp, rl);
    return chip_plain(c, cmd, n, rsp, rl);
}

/* ---- the card's content ---- */

static pki_party csca, ds;
static char trust[64];
static uint8_t dg1[128], dg13[600], dg2[2000], sod[8192], jpeg[1500];
static size_t dg1l, dg13l, dg2l, sodl;

static const char mrz[] = "IDVNM0990123459001099012345<<0"
                          "9902015M3902013VNM<<<<<<<<<<<2"
                          "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<";

static size_t load_hex(const char *name, uint8_t *out, size_t cap)
{
    char path[512], text[8192];
    snprintf(path, sizeof path, "%s/tests/data/card/%s", KIOSK_SOURCE_DIR, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    return (size_t)card_hex(text, out, cap);
}

static int setup(void **st)
{
    (void)st;
    csca = pki_cert("CSCA Test", NULL, -1, 3650, true, 1);
    ds = pki_cert("DS Test", &csca, -1, 1800, false, 2);
    strcpy(trust, "/tmp/test_card_lds_XXXXXX");
    assert_non_null(mkdtemp(trust));
    pki_write_pem(trust, "csca.pem", csca.cert);
    dg1l = tlv_put(dg1 + 2, sizeof dg1 - 2, 0x5F1F, (const uint8_t *)mrz, 90);
    dg1[0] = 0x61;
    dg1[1] = (uint8_t)dg1l;
    dg1l += 2;
    dg13l = load_hex("dg13_reference.hex", dg13, sizeof dg13);
    /* DG2: 75 { 7F61 { 02 01 01, 7F60 { A1 { 80 02 0101 }, 5F2E { FAC record } } } } */
    for (size_t i = 0; i < sizeof jpeg; i++)
        jpeg[i] = (uint8_t)(i * 13 + 5);
    jpeg[0] = 0xFF, jpeg[1] = 0xD8, jpeg[2] = 0xFF, jpeg[3] = 0xE0;
    uint8_t rec[1600] = { 'F', 'A', 'C', 0, '0', '1', '0', 0 };
    size_t reclen = 14 + 20 + 12 + sizeof jpeg;
    rec[8] = (uint8_t)(reclen >> 24), rec[9] = (uint8_t)(reclen >> 16);
    rec[10] = (uint8_t)(reclen >> 8), rec[11] = (uint8_t)reclen;
    rec[13] = 1;
    size_t fr = reclen - 14;
    rec[14] = (uint8_t)(fr >> 24), rec[15] = (uint8_t)(fr >> 16);
    rec[16] = (uint8_t)(fr >> 8), rec[17] = (uint8_t)fr;
    memcpy(rec + 46, jpeg, sizeof jpeg);
    uint8_t bdb[1700], bit[1800], grp[1900];
    static const uint8_t hdr[] = { 0xA1, 0x04, 0x80, 0x02, 0x01, 0x01 };
    memcpy(bdb, hdr, sizeof hdr);
    size_t bl = sizeof hdr + tlv_put(bdb + sizeof hdr, sizeof bdb - sizeof hdr, 0x5F2E, rec, reclen);
    size_t il = tlv_put(bit, sizeof bit, 0x7F60, bdb, bl);
    static const uint8_t cnt[] = { 0x02, 0x01, 0x01 };
    memcpy(grp, cnt, 3);
    memcpy(grp + 3, bit, il);
    uint8_t g2[1950];
    size_t gl = tlv_put(g2, sizeof g2, 0x7F61, grp, 3 + il);
    dg2l = tlv_put(dg2, sizeof dg2, 0x75, g2, gl);
    sod_input in[3] = { { 1, dg1, dg1l }, { 2, dg2, dg2l }, { 13, dg13, dg13l } };
    sodl = pki_sod(&ds, in, 3, sod, sizeof sod);
    assert_true(sodl > 0);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    pki_free(&csca);
    pki_free(&ds);
    pki_rmdir(trust);
    return 0;
}

static void chip_init(chip *c, uint8_t *dg13_served)
{
    memset(c, 0, sizeof *c);
    c->sel = -1;
    c->files[0] = (chip_file){ 0x0101, dg1, dg1l };
    c->files[1] = (chip_file){ 0x0102, dg2, dg2l };
    c->files[2] = (chip_file){ 0x010D, dg13_served ? dg13_served : dg13, dg13l };
    c->files[3] = (chip_file){ 0x011D, sod, sodl };
    c->nfiles = 4;
    assert_int_equal(bac_keys("099012345999020153902013", c->kenc, c->kmac), CARD_OK);
}

typedef struct run {
    card_err rc;
    card_report rep;
    identity id;
    card_mock m;
} run;

static void read_card(chip *c, const card_keys *k, bool photo, bool ext_capable, FILE *trace,
                      run *r)
{
    card_options o;
    card_options_init(&o);
    o.trust_dir = trust;
    o.want_photo = photo;
    o.trace = trace;
    card_mock_handler(&r->m, chip_fn, c);
    r->m.tr.ext_capable = ext_capable;
    memset(&r->id, 0, sizeof r->id);
    r->rc = card_read_transport(&r->m.tr, k, &o, &r->id, &r->rep);
}

static card_keys mrz_keys(void)
{
    card_keys k;
    assert_int_equal(card_keys_from_mrz("099012345", "990201", "390201", &k), CARD_OK);
    return k;
}

static unsigned baseline_apdus;

static void test_full_read(void **st)
{
    (void)st;
    chip c;
    run r;
    chip_init(&c, NULL);
    card_keys k = mrz_keys();
    read_card(&c, &k, true, false, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_int_equal(r.rep.access, CARD_ACCESS_BAC);
    assert_int_equal(r.rep.verification, CARD_VERIFY_VERIFIED);
    assert_int_equal(r.id.assurance, IDENTITY_CHIP_VERIFIED);
    assert_int_equal(r.rep.active_auth, CARD_AA_NOT_AVAILABLE);
    assert_int_equal(r.rep.reauth, 0);
    assert_string_equal(r.id.full_name, "Nguyễn Văn An");
    assert_string_equal(r.id.id_number, "001099012345");
    assert_string_equal(r.id.document_number, "099012345");
    assert_string_equal(r.id.father_name, "Nguyễn Văn Bình");
    assert_int_equal(r.id.photo_len, sizeof jpeg);
    assert_memory_equal(r.id.photo, jpeg, sizeof jpeg);
    assert_int_equal(c.auths, 1);
    /* chunking: reads of 223 bytes from offset 0, the first one past the end
     * of small files: ceil(len/223) reads per file, the minimum */
    unsigned want_reads = 0;
    size_t lens[4] = { dg1l, dg2l, dg13l, sodl };
    for (int i = 0; i < 4; i++)
        want_reads += (unsigned)((lens[i] + 222) / 223);
    assert_int_equal(c.reads, want_reads);
    /* CardAccess + SELECT AID + GET CHALLENGE + EXT AUTH + 4 SELECT + reads */
    assert_int_equal(r.rep.apdus, 4 + 4 + want_reads);
    assert_int_equal(r.rep.file_len[2], dg2l);
    baseline_apdus = r.rep.apdus;
    identity_wipe(&r.id);
}

static void test_wrong_key_and_candidates(void **st)
{
    (void)st;
    chip c;
    run r;
    chip_init(&c, NULL);
    card_keys k;
    assert_int_equal(card_keys_from_mrz("099012345", "990201", "400201", &k), CARD_OK);
    read_card(&c, &k, false, false, NULL, &r);
    assert_int_equal(r.rc, CARD_E_ACCESS_DENIED);
    assert_int_equal(r.rep.last_sw, 0x6300);
    assert_string_equal(r.id.full_name, "");
    /* QR keys: the computed expiry (2024) is wrong, the next milestone (2039) is right */
    assert_int_equal(card_keys_from_qr("001099012345|012345678|Nguyễn Văn An|01021999|Nam|x|10072021", &k),
                     CARD_OK);
    chip_init(&c, NULL);
    read_card(&c, &k, false, false, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_int_equal(c.auths, 1);
    assert_int_equal(r.rep.verification, CARD_VERIFY_VERIFIED);
    identity_wipe(&r.id);
    /* CAN only on a BAC-only card: no usable key */
    assert_int_equal(card_keys_from_id("001099012345", &k), CARD_OK);
    chip_init(&c, NULL);
    read_card(&c, &k, false, false, NULL, &r);
    assert_int_equal(r.rc, CARD_E_NEED_MRZ);
    assert_int_equal(r.rep.last_sw, 0);
}

static void fault_case(unsigned torn, unsigned badmac, unsigned plain)
{
    chip c;
    run r;
    chip_init(&c, NULL);
    c.torn_at = torn;
    c.badmac_at = badmac;
    c.plain_at = plain;
    card_keys k = mrz_keys();
    read_card(&c, &k, true, false, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_int_equal(r.rep.reauth, 1);
    assert_int_equal(c.auths, 2);
    assert_int_equal(r.rep.verification, CARD_VERIFY_VERIFIED);
    assert_int_equal(r.id.photo_len, sizeof jpeg);
    assert_memory_equal(r.id.photo, jpeg, sizeof jpeg);
    assert_string_equal(r.id.full_name, "Nguyễn Văn An");
    assert_true(r.rep.apdus > baseline_apdus);
    identity_wipe(&r.id);
}

static void test_torn_response(void **st)
{
    (void)st;
    fault_case(5, 0, 0);    /* inside DG13 */
    fault_case(14, 0, 0);   /* inside DG2 */
}

static void test_wrong_mac(void **st)
{
    (void)st;
    fault_case(0, 6, 0);
}

static void test_plain_6988(void **st)
{
    (void)st;
    fault_case(0, 0, 9);
}

static void test_persistent_fault_ends(void **st)
{
    (void)st;
    chip c;
    run r;
    chip_init(&c, NULL);
    c.fault_always = true;
    card_keys k = mrz_keys();
    read_card(&c, &k, false, false, NULL, &r);
    assert_int_equal(r.rc, CARD_E_SM);
    assert_true(r.rep.apdus < 200);
    assert_string_equal(r.id.full_name, "");
    assert_null(r.id.photo);
}

static void test_6700_smaller_reads(void **st)
{
    (void)st;
    chip c;
    run r;
    chip_init(&c, NULL);
    c.small_le = 100;
    card_keys k = mrz_keys();
    read_card(&c, &k, true, false, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_int_equal(r.rep.reauth, 0);
    assert_int_equal(r.rep.verification, CARD_VERIFY_VERIFIED);
    assert_memory_equal(r.id.photo, jpeg, sizeof jpeg);
    assert_true(r.rep.apdus > baseline_apdus);
    identity_wipe(&r.id);
}

static void test_extended(void **st)
{
    (void)st;
    chip c;
    run r;
    chip_init(&c, NULL);
    card_keys k = mrz_keys();
    read_card(&c, &k, true, true, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_true(r.rep.extended_used);
    assert_true(c.ext_reads > 0);
    assert_true(r.rep.apdus < baseline_apdus);
    assert_memory_equal(r.id.photo, jpeg, sizeof jpeg);
    identity_wipe(&r.id);
    /* a card that refuses extended length: one probe, then short reads */
    chip_init(&c, NULL);
    c.refuse_ext = true;
    read_card(&c, &k, true, true, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_false(r.rep.extended_used);
    assert_int_equal(c.ext_reads, 1);
    assert_int_equal(r.rep.apdus, baseline_apdus + 1);
    assert_int_equal(r.rep.verification, CARD_VERIFY_VERIFIED);
    identity_wipe(&r.id);
}

/* A card that refuses reads past the end of a file: the driver learns it on
 * the first small file and reads a 4-byte header first from then on. */
static void test_strict_end_of_file(void **st)
{
    (void)st;
    chip c;
    run r;
    chip_init(&c, NULL);
    c.strict_eof = true;
    card_keys k = mrz_keys();
    read_card(&c, &k, true, false, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_int_equal(r.rep.reauth, 0);
    assert_int_equal(r.rep.verification, CARD_VERIFY_VERIFIED);
    assert_memory_equal(r.id.photo, jpeg, sizeof jpeg);
    /* DG13 (431 bytes) read in 2 chunks from 0; DG1 refused once, then header + rest;
     * SOD and DG2 with a header read: one more than the minimum each */
    unsigned want = (unsigned)((dg13l + 222) / 223) + 1 + 1 + (unsigned)((dg1l - 4 + 222) / 223) +
                    1 + (unsigned)((sodl - 4 + 222) / 223) + 1 + (unsigned)((dg2l - 4 + 222) / 223);
    assert_int_equal(c.reads, want);
    identity_wipe(&r.id);
}

static void test_tampered_dg13(void **st)
{
    (void)st;
    uint8_t changed[600];
    memcpy(changed, dg13, dg13l);
    changed[40] ^= 0x01;        /* one letter of the name */
    chip c;
    run r;
    chip_init(&c, changed);
    card_keys k = mrz_keys();
    read_card(&c, &k, false, false, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_int_equal(r.rep.verification, CARD_VERIFY_HASH_MISMATCH);
    assert_int_equal(r.rep.mismatch_dg, 13);
    assert_int_equal(r.id.assurance, IDENTITY_CHIP);
    identity_wipe(&r.id);
}

static void test_trace_masks_personal_data(void **st)
{
    (void)st;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    chip c;
    run r;
    chip_init(&c, NULL);
    card_keys k = mrz_keys();
    read_card(&c, &k, true, false, f, &r);
    fclose(f);
    assert_int_equal(r.rc, CARD_OK);
    assert_non_null(strstr(buf, "masked"));
    assert_non_null(strstr(buf, "> [SM] 00B00000"));
    assert_non_null(strstr(buf, "9000"));
    assert_null(strstr(buf, "4E677579"));               /* "Nguy" */
    assert_null(strstr(buf, "4E475559454E"));           /* "NGUYEN" */
    assert_null(strstr(buf, "303031303939303132333435")); /* "001099012345" */
    assert_null(strstr(buf, "NGUYEN"));
    assert_null(strstr(buf, "FFD8FFE0"));               /* the photo */
    free(buf);
    identity_wipe(&r.id);
}

/* A file beyond 32767 bytes: offsets above 0x7FFF need READ BINARY B1 with DO54. */
static void test_big_file(void **st)
{
    (void)st;
    size_t n = 40000;
    uint8_t *big = malloc(n + 8), *bsod = malloc(8192);
    for (size_t i = 0; i < n + 8; i++)
        big[i] = (uint8_t)(i * 31 + 7);
    size_t bl = tlv_put_hdr(big, 0x75, n);      /* 75 82 9C 40: content is opaque here */
    size_t total = bl + n;
    sod_input in[3] = { { 1, dg1, dg1l }, { 2, big, total }, { 13, dg13, dg13l } };
    size_t bsl = pki_sod(&ds, in, 3, bsod, 8192);
    chip c;
    run r;
    chip_init(&c, NULL);
    c.files[1] = (chip_file){ 0x0102, big, total };
    c.files[3] = (chip_file){ 0x011D, bsod, bsl };
    card_keys k = mrz_keys();
    read_card(&c, &k, true, false, NULL, &r);
    assert_int_equal(r.rc, CARD_OK);
    assert_int_equal(r.rep.file_len[2], total);
    assert_true(c.odd_reads > 0);
    unsigned odd = 0;
    for (size_t o = 0; o < total; o += 223)
        odd += o > 0x7FFF;
    assert_int_equal(c.odd_reads, odd);
    assert_int_equal(r.rep.verification, CARD_VERIFY_VERIFIED);   /* every byte hashed right */
    assert_int_equal(r.id.photo_len, 0);                          /* no image in it */
    identity_wipe(&r.id);
    free(big);
    free(bsod);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_read),
        cmocka_unit_test(test_wrong_key_and_candidates),
        cmocka_unit_test(test_torn_response),
        cmocka_unit_test(test_wrong_mac),
        cmocka_unit_test(test_plain_6988),
        cmocka_unit_test(test_persistent_fault_ends),
        cmocka_unit_test(test_6700_smaller_reads),
        cmocka_unit_test(test_extended),
        cmocka_unit_test(test_strict_end_of_file),
        cmocka_unit_test(test_tampered_dg13),
        cmocka_unit_test(test_trace_masks_personal_data),
        cmocka_unit_test(test_big_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
