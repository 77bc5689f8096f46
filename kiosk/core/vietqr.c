/* vietqr: build and check NAPAS VietQR payloads. See vietqr.h.
 *
 * The parser walks ID/LEN/VALUE objects over an explicit (pointer, length)
 * span, so a nested template is parsed with the same function and no read can
 * pass the end. Each template remembers which IDs it has seen (a bitmap of
 * 100) to reject duplicates, which a forged code could use to show one account
 * to a person and another to a bank. */
#include "vietqr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "text.h"

uint16_t vietqr_crc16(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint16_t crc = 0xFFFF;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint16_t)(p[i] << 8);
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

/* ---- building ---- */

typedef struct qr_buf {
    char *out;
    size_t size;
    size_t len;
    int err;
} qr_buf;

static void buf_raw(qr_buf *b, const char *s, size_t n)
{
    if (b->err)
        return;
    if (b->len + n + 1 > b->size) {
        b->err = VIETQR_ERR_SPACE;
        return;
    }
    memcpy(b->out + b->len, s, n);
    b->len += n;
    b->out[b->len] = '\0';
}

static void buf_obj(qr_buf *b, const char *id, const char *value, size_t n)
{
    char head[5];
    if (n > 99) {
        b->err = b->err ? b->err : VIETQR_ERR_SPACE;
        return;
    }
    snprintf(head, sizeof head, "%.2s%02u", id, (unsigned)n);
    buf_raw(b, head, 4);
    buf_raw(b, value, n);
}

static bool all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool all_alnum(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return false;
    }
    return true;
}

static bool all_printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
            return false;
    return true;
}

int vietqr_build(const vietqr_payment *p, char *out, size_t size)
{
    if (!p || !out || size == 0)
        return VIETQR_ERR_ARG;
    out[0] = '\0';
    size_t binlen = strnlen(p->bank_bin, sizeof p->bank_bin);
    size_t acclen = strnlen(p->account, sizeof p->account);
    size_t purlen = strnlen(p->purpose, sizeof p->purpose);
    if (binlen != VIETQR_BIN_LEN || !all_digits(p->bank_bin, binlen))
        return VIETQR_ERR_BIN;
    if (acclen > VIETQR_ACCOUNT_MAX || !all_alnum(p->account, acclen))
        return VIETQR_ERR_ACCOUNT;
    if (purlen > VIETQR_PURPOSE_MAX || !all_printable(p->purpose, purlen))
        return VIETQR_ERR_PURPOSE;
    if (p->amount > VIETQR_AMOUNT_MAX || (p->dynamic && (!p->has_amount || p->amount == 0)))
        return VIETQR_ERR_AMOUNT;

    char bene[64], merchant[100], amount[16], extra[40];
    qr_buf t = { bene, sizeof bene, 0, 0 };
    buf_obj(&t, "00", p->bank_bin, binlen);
    buf_obj(&t, "01", p->account, acclen);
    qr_buf m = { merchant, sizeof merchant, 0, 0 };
    buf_obj(&m, "00", VIETQR_GUID, strlen(VIETQR_GUID));
    buf_obj(&m, "01", bene, t.len);
    buf_obj(&m, "02", p->to_card ? "QRIBFTTC" : "QRIBFTTA", 8);
    if (t.err || m.err)
        return VIETQR_ERR_SPACE;

    qr_buf b = { out, size, 0, 0 };
    buf_obj(&b, "00", "01", 2);
    buf_obj(&b, "01", p->dynamic ? "12" : "11", 2);
    buf_obj(&b, "38", merchant, m.len);
    buf_obj(&b, "53", "704", 3);
    if (p->has_amount) {
        int n = snprintf(amount, sizeof amount, "%llu", p->amount);
        buf_obj(&b, "54", amount, (size_t)n);
    }
    buf_obj(&b, "58", "VN", 2);
    if (purlen > 0) {
        qr_buf e = { extra, sizeof extra, 0, 0 };
        buf_obj(&e, "08", p->purpose, purlen);
        if (e.err)
            return VIETQR_ERR_SPACE;
        buf_obj(&b, "62", extra, e.len);
    }
    buf_raw(&b, "6304", 4);
    if (b.err) {
        out[0] = '\0';
        return b.err;
    }
    char crc[5];
    snprintf(crc, sizeof crc, "%04X", vietqr_crc16(out, b.len));
    buf_raw(&b, crc, 4);
    if (b.err) {
        out[0] = '\0';
        return b.err;
    }
    return VIETQR_OK;
}

/* ---- parsing ---- */

typedef struct qr_obj {
    int id;
    const char *value;
    size_t len;
} qr_obj;

/* Read one object at s[*pos..len). Returns 1 with *o filled, 0 at the end, or
 * VIETQR_ERR_SYNTAX. */
static int obj_next(const char *s, size_t len, size_t *pos, qr_obj *o)
{
    if (*pos == len)
        return 0;
    if (len - *pos < 4 || !all_digits(s + *pos, 4))
        return VIETQR_ERR_SYNTAX;
    const char *h = s + *pos;
    o->id = (h[0] - '0') * 10 + (h[1] - '0');
    o->len = (size_t)((h[2] - '0') * 10 + (h[3] - '0'));
    if (len - *pos - 4 < o->len)
        return VIETQR_ERR_SYNTAX;
    o->value = h + 4;
    *pos += 4 + o->len;
    return 1;
}

static bool seen_once(unsigned char seen[13], int id)
{
    unsigned char bit = (unsigned char)(1u << (id % 8));
    if (seen[id / 8] & bit)
        return false;
    seen[id / 8] |= bit;
    return true;
}

static void copy_span(char *dst, size_t size, const char *src, size_t n)
{
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int parse_beneficiary(const char *s, size_t len, vietqr_payment *p)
{
    unsigned char seen[13] = { 0 };
    size_t pos = 0;
    qr_obj o;
    int rc;
    bool bin = false, acc = false;
    while ((rc = obj_next(s, len, &pos, &o)) == 1) {
        if (!seen_once(seen, o.id))
            return VIETQR_ERR_DUPLICATE;
        if (o.id == 0) {
            if (o.len != VIETQR_BIN_LEN || !all_digits(o.value, o.len))
                return VIETQR_ERR_BIN;
            copy_span(p->bank_bin, sizeof p->bank_bin, o.value, o.len);
            bin = true;
        } else if (o.id == 1) {
            if (o.len > VIETQR_ACCOUNT_MAX || !all_alnum(o.value, o.len))
                return VIETQR_ERR_ACCOUNT;
            copy_span(p->account, sizeof p->account, o.value, o.len);
            acc = true;
        }
    }
    if (rc < 0)
        return rc;
    if (!bin)
        return VIETQR_ERR_BIN;
    if (!acc)
        return VIETQR_ERR_ACCOUNT;
    return VIETQR_OK;
}

static int parse_merchant(const char *s, size_t len, vietqr_payment *p)
{
    unsigned char seen[13] = { 0 };
    size_t pos = 0;
    qr_obj o;
    int rc;
    bool guid = false, bene = false, service = false;
    while ((rc = obj_next(s, len, &pos, &o)) == 1) {
        if (!seen_once(seen, o.id))
            return VIETQR_ERR_DUPLICATE;
        if (o.id == 0) {
            if (o.len != strlen(VIETQR_GUID) || memcmp(o.value, VIETQR_GUID, o.len) != 0)
                return VIETQR_ERR_MERCHANT;
            guid = true;
        } else if (o.id == 1) {
            int r = parse_beneficiary(o.value, o.len, p);
            if (r)
                return r;
            bene = true;
        } else if (o.id == 2) {
            if (o.len == 8 && !memcmp(o.value, "QRIBFTTA", 8))
                p->to_card = false;
            else if (o.len == 8 && !memcmp(o.value, "QRIBFTTC", 8))
                p->to_card = true;
            else
                return VIETQR_ERR_SERVICE;
            service = true;
        }
    }
    if (rc < 0)
        return rc;
    if (!guid)
        return VIETQR_ERR_MERCHANT;
    if (!bene)
        return VIETQR_ERR_ACCOUNT;
    if (!service)
        return VIETQR_ERR_SERVICE;
    return VIETQR_OK;
}

static int parse_additional(const char *s, size_t len, vietqr_payment *p)
{
    unsigned char seen[13] = { 0 };
    size_t pos = 0;
    qr_obj o;
    int rc;
    while ((rc = obj_next(s, len, &pos, &o)) == 1) {
        if (!seen_once(seen, o.id))
            return VIETQR_ERR_DUPLICATE;
        if (o.id == 8) {
            if (o.len > VIETQR_PURPOSE_MAX)
                return VIETQR_ERR_PURPOSE;
            copy_span(p->purpose, sizeof p->purpose, o.value, o.len);
        }
    }
    return rc < 0 ? rc : VIETQR_OK;
}

static int parse_amount(const char *s, size_t n, vietqr_payment *p)
{
    if (n < 1 || n > 13 || !all_digits(s, n))
        return VIETQR_ERR_AMOUNT;
    unsigned long long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned long long)(s[i] - '0');
    p->amount = v;
    p->has_amount = true;
    return VIETQR_OK;
}

int vietqr_parse(const char *payload, size_t len, vietqr_payment *out)
{
    vietqr_payment tmp;
    vietqr_payment *p = out ? out : &tmp;
    memset(p, 0, sizeof *p);
    if (!payload)
        return VIETQR_ERR_ARG;
    if (!all_printable(payload, len))
        return VIETQR_ERR_SYNTAX;
    /* The CRC object must close the payload: "6304" + 4 hex digits. */
    if (len < 8 || memcmp(payload + len - 8, "6304", 4) != 0)
        return VIETQR_ERR_CRC;
    char want[5];
    snprintf(want, sizeof want, "%04X", vietqr_crc16(payload, len - 4));
    if (memcmp(want, payload + len - 4, 4) != 0)
        return VIETQR_ERR_CRC;

    unsigned char seen[13] = { 0 };
    size_t pos = 0;
    qr_obj o;
    int rc, index = 0;
    bool merchant = false, currency = false, country = false;
    while ((rc = obj_next(payload, len, &pos, &o)) == 1) {
        if (!seen_once(seen, o.id))
            return VIETQR_ERR_DUPLICATE;
        if (index++ == 0 && (o.id != 0 || o.len != 2 || memcmp(o.value, "01", 2) != 0))
            return VIETQR_ERR_FORMAT;
        int r = VIETQR_OK;
        switch (o.id) {
        case 1:
            if (o.len == 2 && !memcmp(o.value, "11", 2))
                p->dynamic = false;
            else if (o.len == 2 && !memcmp(o.value, "12", 2))
                p->dynamic = true;
            else
                r = VIETQR_ERR_FORMAT;
            break;
        case 38:
            r = parse_merchant(o.value, o.len, p);
            merchant = true;
            break;
        case 53:
            if (o.len != 3 || memcmp(o.value, "704", 3) != 0)
                r = VIETQR_ERR_CURRENCY;
            currency = true;
            break;
        case 54:
            r = parse_amount(o.value, o.len, p);
            break;
        case 58:
            if (o.len != 2 || memcmp(o.value, "VN", 2) != 0)
                r = VIETQR_ERR_COUNTRY;
            country = true;
            break;
        case 62:
            r = parse_additional(o.value, o.len, p);
            break;
        case 63:
            if (pos != len)  /* a 63 object before the end */
                r = VIETQR_ERR_CRC;
            break;
        default:
            break;          /* other EMVCo objects (59, 60, ...) are allowed */
        }
        if (r)
            return r;
    }
    if (rc < 0)
        return rc;
    if (!merchant)
        return VIETQR_ERR_MERCHANT;
    if (!currency)
        return VIETQR_ERR_CURRENCY;
    if (!country)
        return VIETQR_ERR_COUNTRY;
    return VIETQR_OK;
}

/* ---- text for 62/08 ---- */

int vietqr_fold_ascii(const char *utf8, char *out, size_t size)
{
    if (!utf8 || !out || size == 0)
        return -1;
    out[0] = '\0';
    size_t inlen = strlen(utf8);
    if (!text_utf8_valid(utf8, inlen))
        return -1;
    size_t nfdlen = 0;
    uint8_t *nfd = u8_normalize(UNINORM_NFD, (const uint8_t *)utf8, inlen, NULL, &nfdlen);
    if (!nfd && inlen > 0)
        return -1;
    size_t w = 0, i = 0;
    while (i < nfdlen && w + 1 < size) {
        uint32_t cp;
        size_t n = text_utf8_decode((const char *)nfd + i, nfdlen - i, &cp);
        if (n == 0)
            break;
        i += n;
        if (cp == 0x0111)
            cp = 'd';
        else if (cp == 0x0110)
            cp = 'D';
        else if (cp < 0x20 || cp == 0x7F)
            cp = ' ';
        if (cp < 0x80)
            out[w++] = (char)cp;
        /* combining marks and letters without an ASCII base are dropped */
    }
    out[w] = '\0';
    free(nfd);
    return (int)w;
}

int vietqr_purpose_for_dossier(const char *dossier_code, char *out, size_t size)
{
    if (!dossier_code || !out || size == 0)
        return VIETQR_ERR_ARG;
    char code[64];
    if (vietqr_fold_ascii(dossier_code, code, sizeof code) < 0)
        return VIETQR_ERR_PURPOSE;
    size_t n = strlen(code);
    char buf[96];
    if (n + 10 <= VIETQR_PURPOSE_MAX)
        snprintf(buf, sizeof buf, "LE PHI HS %s", code);
    else if (n + 3 <= VIETQR_PURPOSE_MAX)
        snprintf(buf, sizeof buf, "HS %s", code);
    else if (n <= VIETQR_PURPOSE_MAX)
        snprintf(buf, sizeof buf, "%s", code);
    else
        snprintf(buf, sizeof buf, "%s", code + n - VIETQR_PURPOSE_MAX);
    if (strlen(buf) + 1 > size)
        return VIETQR_ERR_SPACE;
    memcpy(out, buf, strlen(buf) + 1);
    return VIETQR_OK;
}

/* ---- configuration ---- */

int vietqr_account_from_config(config *c, vietqr_account *a)
{
    if (!c || !a)
        return VIETQR_ERR_ARG;
    memset(a, 0, sizeof *a);
    const char *bin = config_get(c, "payment", "bank_bin", "");
    const char *acc = config_get(c, "payment", "account", "");
    const char *name = config_get(c, "payment", "account_name", "");
    const char *service = config_get(c, "payment", "service", "account");
    size_t binlen = strlen(bin), acclen = strlen(acc);
    if (binlen != VIETQR_BIN_LEN || !all_digits(bin, binlen) || acclen > VIETQR_ACCOUNT_MAX ||
        !all_alnum(acc, acclen))
        return VIETQR_ERR_CONFIG;
    if (strcmp(service, "account") != 0 && strcmp(service, "card") != 0)
        return VIETQR_ERR_CONFIG;
    memcpy(a->bank_bin, bin, binlen + 1);
    memcpy(a->account, acc, acclen + 1);
    text_copy(a->account_name, sizeof a->account_name, name);
    a->to_card = strcmp(service, "card") == 0;
    return VIETQR_OK;
}

int vietqr_build_fee(const vietqr_account *a, unsigned long long amount_vnd,
                     const char *dossier_code, char *out, size_t size)
{
    if (!a || !dossier_code || !out || size == 0)
        return VIETQR_ERR_ARG;
    vietqr_payment p;
    memset(&p, 0, sizeof p);
    p.dynamic = true;
    memcpy(p.bank_bin, a->bank_bin, sizeof p.bank_bin);
    memcpy(p.account, a->account, sizeof p.account);
    p.to_card = a->to_card;
    p.amount = amount_vnd;
    p.has_amount = true;
    int rc = vietqr_purpose_for_dossier(dossier_code, p.purpose, sizeof p.purpose);
    if (rc)
        return rc;
    return vietqr_build(&p, out, size);
}

const char *vietqr_strerror(int err)
{
    switch (err) {
    case VIETQR_OK: return "Không có lỗi.";
    case VIETQR_ERR_ARG: return "Lỗi chương trình: thiếu tham số khi tạo mã VietQR.";
    case VIETQR_ERR_SPACE: return "Mã VietQR quá dài: rút ngắn nội dung chuyển khoản.";
    case VIETQR_ERR_SYNTAX: return "Không phải mã VietQR (cấu trúc ID/độ dài/giá trị sai).";
    case VIETQR_ERR_CRC: return "Mã VietQR bị đọc sai hoặc bị sửa (CRC không khớp): quét lại.";
    case VIETQR_ERR_FORMAT: return "Mã VietQR sai chỉ thị định dạng (00/01).";
    case VIETQR_ERR_MERCHANT: return "Mã QR không phải của NAPAS (thiếu 38 hoặc GUID sai).";
    case VIETQR_ERR_BIN: return "Mã BIN ngân hàng phải có 6 chữ số: kiểm tra payment.bank_bin.";
    case VIETQR_ERR_ACCOUNT:
        return "Số tài khoản phải có 1 đến 19 chữ/số: kiểm tra payment.account.";
    case VIETQR_ERR_SERVICE: return "Mã dịch vụ phải là QRIBFTTA hoặc QRIBFTTC.";
    case VIETQR_ERR_CURRENCY: return "Đơn vị tiền phải là VND (704).";
    case VIETQR_ERR_AMOUNT: return "Số tiền phải là số nguyên đồng, tối đa 13 chữ số.";
    case VIETQR_ERR_COUNTRY: return "Mã quốc gia phải là VN.";
    case VIETQR_ERR_PURPOSE:
        return "Nội dung chuyển khoản phải là chữ không dấu, tối đa 25 ký tự.";
    case VIETQR_ERR_DUPLICATE: return "Mã VietQR có một trường lặp lại: không dùng mã này.";
    case VIETQR_ERR_CONFIG:
        return "Chưa cấu hình tài khoản thu phí: điền [payment] bank_bin (6 số) và "
               "account trong kiosk.conf.";
    }
    return "Lỗi VietQR không xác định.";
}
