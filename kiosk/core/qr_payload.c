/* qr_payload: parsers for the texts of the QR codes the kiosk reads (ID card,
 * procedure, receipt). See qr_payload.h for the formats.
 *
 * Design choices: the whole text is validated as UTF-8 and normalised to NFC
 * once, into a bounded scratch buffer, before it is split; fields are views into
 * that buffer, copied into the identity only after every check passed, so a
 * half-filled identity never escapes. Errors are specific (which field is wrong)
 * because the message tells the citizen what to do, and a technician reading a
 * fuzzer report or a test can tell the branches apart. */
#include "qr_payload.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "receipt_qr.h"
#include "text.h"

#define CARD_MAX_FIELDS 16
#define NFC_SCRATCH (QR_PAYLOAD_MAX * 3 + 1)

typedef struct field {
    const char *p;
    size_t n;
} field;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_space((*s)[0])) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_space((*s)[*n - 1]))
        (*n)--;
}

static bool prefix_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (to_lower(s[i]) != to_lower(prefix[i]))
            return false;
    return true;
}

/* Control characters (C0 except tab, DEL) have no place in any of our codes. */
static bool has_controls(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return true;
    }
    return false;
}

/* ---- dates ---------------------------------------------------------------- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return (m == 2 && leap(y)) ? 29 : d[m - 1];
}

/* ddmmyyyy -> y, m, d; years 1900..2099. */
static bool parse_ddmmyyyy(const char *s, size_t n, int *y, int *m, int *d)
{
    if (n != 8 || !all_digits(s, 8))
        return false;
    *d = (s[0] - '0') * 10 + (s[1] - '0');
    *m = (s[2] - '0') * 10 + (s[3] - '0');
    *y = (s[4] - '0') * 1000 + (s[5] - '0') * 100 + (s[6] - '0') * 10 + (s[7] - '0');
    if (*y < 1900 || *y > 2099 || *m < 1 || *m > 12 || *d < 1)
        return false;
    return *d <= days_in_month(*y, *m);
}

static bool parse_iso(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    char b[8] = { s[8], s[9], s[5], s[6], s[0], s[1], s[2], s[3] };
    return parse_ddmmyyyy(b, 8, y, m, d);
}

static void write_iso(char out[11], int y, int m, int d)
{
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
}

static long date_key(int y, int m, int d) { return (long)y * 10000 + m * 100 + d; }

int qr_card_expiry(const char *dob_iso, const char *issue_iso, char out[11])
{
    int by, bm, bd, iy, im, id;
    out[0] = '\0';
    if (!dob_iso || !issue_iso || !parse_iso(dob_iso, &by, &bm, &bd) ||
        !parse_iso(issue_iso, &iy, &im, &id))
        return -1;
    if (date_key(iy, im, id) < date_key(by, bm, bd))
        return -1;
    int age = iy - by - ((im < bm || (im == bm && id < bd)) ? 1 : 0);
    /* Luật Căn cước công dân 2014 (25, 40, 60); Luật Căn cước 2023 from 2024-07-01
     * adds 14. A card issued within 2 years before a milestone runs to the next. */
    static const int old_rules[] = { 25, 40, 60, 0 };
    static const int new_rules[] = { 14, 25, 40, 60, 0 };
    const int *ms = date_key(iy, im, id) >= 20240701L ? new_rules : old_rules;
    for (; *ms; ms++) {
        if (age < *ms - 2) {
            int ey = by + *ms;
            int ed = bd;
            if (bm == 2 && bd == 29 && !leap(ey))
                ed = 28; /* a 29 February birthday in a common year: not observed on a card */
            write_iso(out, ey, bm, ed);
            return 0;
        }
    }
    return 0; /* no expiry */
}

/* ---- card QR --------------------------------------------------------------- */

/* Validate and NFC-normalise into scratch. Returns OK and the normalised length. */
static int normalise(const char *text, size_t len, char *scratch, size_t size, size_t *out_len)
{
    if (len > QR_PAYLOAD_MAX)
        return QR_PAYLOAD_ERR_TOO_LONG;
    trim(&text, &len);
    if (len == 0)
        return QR_PAYLOAD_ERR_EMPTY;
    if (!text_utf8_valid(text, len) || has_controls(text, len))
        return QR_PAYLOAD_ERR_ENCODING;
    if (text_to_nfc(text, len, scratch, size) != 0)
        return QR_PAYLOAD_ERR_TOO_LONG;
    *out_len = strlen(scratch);
    return QR_PAYLOAD_OK;
}

static size_t split_fields(const char *s, size_t n, field *f, size_t max)
{
    size_t count = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '|') {
            if (count < max) {
                f[count].p = s + start;
                f[count].n = i - start;
            }
            count++;
            start = i + 1;
        }
    }
    return count;
}

static bool copy_field(char *dst, size_t size, field f)
{
    if (f.n + 1 > size)
        return false;
    memcpy(dst, f.p, f.n);
    dst[f.n] = '\0';
    return true;
}

/* Copy a field that may be cut (the address): at a character boundary. */
static void copy_field_cut(char *dst, size_t size, field f)
{
    size_t n = f.n < size - 1 ? f.n : size - 1;
    /* back off to a UTF-8 lead byte */
    while (n > 0 && n < f.n && ((unsigned char)f.p[n] & 0xC0) == 0x80)
        n--;
    memcpy(dst, f.p, n);
    dst[n] = '\0';
}

static int card_fields(field *f, size_t count, identity *id)
{
    for (size_t i = 0; i < 7; i++)
        trim(&f[i].p, &f[i].n);
    if (f[0].n != 12 || !all_digits(f[0].p, 12))
        return QR_PAYLOAD_ERR_ID;
    if (!(f[1].n == 0 || (f[1].n == 9 && all_digits(f[1].p, 9))))
        return QR_PAYLOAD_ERR_OLD_ID;
    if (f[2].n == 0)
        return QR_PAYLOAD_ERR_NAME;
    if (f[2].n >= sizeof id->full_name)
        return QR_PAYLOAD_ERR_TOO_LONG;
    int by, bm, bd, iy, im, idd;
    if (!parse_ddmmyyyy(f[3].p, f[3].n, &by, &bm, &bd))
        return QR_PAYLOAD_ERR_BIRTH_DATE;
    const char *sex;
    if (f[4].n == 3 && (!memcmp(f[4].p, "Nam", 3) || !memcmp(f[4].p, "NAM", 3)))
        sex = "Nam";
    else if (f[4].n == 4 && (!memcmp(f[4].p, "N\xe1\xbb\xaf", 4) ||    /* Nữ */
                             !memcmp(f[4].p, "N\xe1\xbb\xae", 4)))     /* NỮ */
        sex = "N\xe1\xbb\xaf";
    else
        return QR_PAYLOAD_ERR_SEX;
    if (!parse_ddmmyyyy(f[6].p, f[6].n, &iy, &im, &idd) ||
        date_key(iy, im, idd) < date_key(by, bm, bd))
        return QR_PAYLOAD_ERR_ISSUE_DATE;
    (void)count;

    copy_field(id->id_number, sizeof id->id_number, f[0]);
    copy_field(id->old_id_number, sizeof id->old_id_number, f[1]);
    copy_field(id->full_name, sizeof id->full_name, f[2]);
    write_iso(id->date_of_birth, by, bm, bd);
    memcpy(id->sex, sex, strlen(sex) + 1);
    copy_field_cut(id->place_of_residence, sizeof id->place_of_residence, f[5]);
    write_iso(id->date_of_issue, iy, im, idd);
    char exp[11];
    if (qr_card_expiry(id->date_of_birth, id->date_of_issue, exp) == 0) {
        if (exp[0])
            memcpy(id->date_of_expiry, exp, sizeof exp);
        else
            text_copy(id->date_of_expiry, sizeof id->date_of_expiry, "Không thời hạn");
    }
    id->assurance = IDENTITY_QR;
    return QR_PAYLOAD_OK;
}

int qr_card_parse(const char *text, size_t len, identity *id)
{
    if (!id)
        return QR_PAYLOAD_ERR_ARG;
    memset(id, 0, sizeof *id);
    if (!text)
        return QR_PAYLOAD_ERR_ARG;
    static _Thread_local char scratch[NFC_SCRATCH];
    size_t n = 0;
    int rc = normalise(text, len, scratch, sizeof scratch, &n);
    if (rc == QR_PAYLOAD_OK) {
        field f[CARD_MAX_FIELDS];
        size_t count = split_fields(scratch, n, f, CARD_MAX_FIELDS);
        if (count == 1) {
            rc = QR_PAYLOAD_ERR_NOT_CARD;
        } else if (count < 7 || count > CARD_MAX_FIELDS) {
            /* Name the right error: a card QR cut short, or something else. */
            const char *p = f[0].p;
            size_t fn = f[0].n;
            trim(&p, &fn);
            rc = (fn == 12 && all_digits(p, 12)) ? QR_PAYLOAD_ERR_FIELDS : QR_PAYLOAD_ERR_NOT_CARD;
        } else {
            rc = card_fields(f, count, id);
        }
    }
    explicit_bzero(scratch, sizeof scratch);
    if (rc != QR_PAYLOAD_OK)
        identity_wipe(id);
    return rc;
}

/* ---- procedure QR ---------------------------------------------------------- */

int qr_procedure_code_valid(const char *s, size_t len)
{
    return len == 8 && is_digit(s[0]) && s[1] == '.' && all_digits(s + 2, 6);
}

/* d.dddddd optionally followed by a localisation suffix ".000.00.00.H55[...]". */
static bool procedure_full_valid(const char *s, size_t n)
{
    if (n < 8 || !qr_procedure_code_valid(s, 8))
        return false;
    if (n == 8)
        return true;
    if (n >= QR_PROCEDURE_CODE_MAX || s[8] != '.' || s[n - 1] == '.')
        return false;
    for (size_t i = 9; i < n; i++) {
        char c = s[i];
        if (!(is_digit(c) || (c >= 'A' && c <= 'Z') || (c == '.' && s[i - 1] != '.')))
            return false;
    }
    return true;
}

static int hexval(char c)
{
    if (is_digit(c))
        return c - '0';
    c = to_lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static bool host_is_gov_vn(const char *h, size_t n)
{
    static const char suffix[] = ".gov.vn";
    size_t k = sizeof suffix - 1;
    if (n == k - 1 && prefix_ci(h, n, "gov.vn"))
        return true;
    return n > k && prefix_ci(h + n - k, k, suffix);
}

/* Find ma_thu_tuc= in an http(s) URL on a host under gov.vn; percent-decode its value. */
static int procedure_from_url(const char *s, size_t n, char *val, size_t vsize, size_t *vlen)
{
    size_t i = prefix_ci(s, n, "https://") ? 8 : 7;
    size_t hs = i;
    while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
        i++;
    const char *host = s + hs;
    size_t hn = i - hs;
    if (memchr(host, '@', hn)) /* user@host tricks: refuse */
        return QR_PAYLOAD_ERR_NOT_PROCEDURE;
    const char *colon = memchr(host, ':', hn);
    if (colon)
        hn = (size_t)(colon - host);
    if (!host_is_gov_vn(host, hn))
        return QR_PAYLOAD_ERR_NOT_PROCEDURE;
    const char *q = memchr(s + i, '?', n - i);
    if (!q)
        return QR_PAYLOAD_ERR_NOT_PROCEDURE;
    size_t qs = (size_t)(q - s) + 1;
    size_t qe = qs;
    while (qe < n && s[qe] != '#')
        qe++;
    static const char key[] = "ma_thu_tuc=";
    size_t kl = sizeof key - 1;
    size_t p = qs;
    while (p < qe) {
        size_t e = p;
        while (e < qe && s[e] != '&' && s[e] != ';')
            e++;
        if (e - p >= kl && prefix_ci(s + p, kl, key)) {
            size_t o = 0;
            for (size_t j = p + kl; j < e; j++) {
                char c = s[j];
                if (c == '%') {
                    if (j + 2 >= e)
                        return QR_PAYLOAD_ERR_PROCEDURE_CODE;
                    int hi = hexval(s[j + 1]), lo = hexval(s[j + 2]);
                    if (hi < 0 || lo < 0)
                        return QR_PAYLOAD_ERR_PROCEDURE_CODE;
                    c = (char)(hi * 16 + lo);
                    j += 2;
                } else if (c == '+') {
                    c = ' ';
                }
                if (o + 1 >= vsize)
                    return QR_PAYLOAD_ERR_PROCEDURE_CODE;
                val[o++] = c;
            }
            val[o] = '\0';
            *vlen = o;
            return QR_PAYLOAD_OK;
        }
        p = e + 1;
    }
    return QR_PAYLOAD_ERR_NOT_PROCEDURE;
}

static int procedure_store(const char *v, size_t vn, char *code, size_t size, char *localised,
                           size_t localised_size)
{
    trim(&v, &vn);
    char up[QR_PROCEDURE_CODE_MAX];
    if (vn >= sizeof up)
        return QR_PAYLOAD_ERR_PROCEDURE_CODE;
    for (size_t i = 0; i < vn; i++)
        up[i] = (v[i] >= 'a' && v[i] <= 'z') ? (char)(v[i] - 'a' + 'A') : v[i];
    if (!procedure_full_valid(up, vn))
        return QR_PAYLOAD_ERR_PROCEDURE_CODE;
    if (size < 9 || (localised && vn > 8 && localised_size < vn + 1))
        return QR_PAYLOAD_ERR_ARG;
    memcpy(code, up, 8);
    code[8] = '\0';
    if (localised && vn > 8) {
        memcpy(localised, up, vn);
        localised[vn] = '\0';
    }
    return QR_PAYLOAD_OK;
}

int qr_procedure_parse(const char *text, size_t len, char *code, size_t size, char *localised,
                       size_t localised_size)
{
    if (!code || size == 0 || (localised && localised_size == 0))
        return QR_PAYLOAD_ERR_ARG;
    code[0] = '\0';
    if (localised)
        localised[0] = '\0';
    if (!text)
        return QR_PAYLOAD_ERR_ARG;
    if (len > QR_PAYLOAD_MAX)
        return QR_PAYLOAD_ERR_TOO_LONG;
    trim(&text, &len);
    if (len == 0)
        return QR_PAYLOAD_ERR_EMPTY;
    if (!text_utf8_valid(text, len) || has_controls(text, len))
        return QR_PAYLOAD_ERR_ENCODING;

    if (prefix_ci(text, len, "TTHC") && len > 4 && is_digit(text[4])) {
        size_t i = 4;
        unsigned version = 0;
        while (i < len && is_digit(text[i]) && i < 8)
            version = version * 10 + (unsigned)(text[i++] - '0');
        if (i >= len || text[i] != ':')
            return QR_PAYLOAD_ERR_NOT_PROCEDURE;
        if (version != 1)
            return QR_PAYLOAD_ERR_VERSION;
        i++;
        if (len - i != 10 || text[len - 2] != ':' || !qr_procedure_code_valid(text + i, 8))
            return QR_PAYLOAD_ERR_PROCEDURE_CODE;
        char want = receipt_qr_mod37_2(text + i, 8);
        char got = text[len - 1];
        if (got >= 'a' && got <= 'z')
            got = (char)(got - 'a' + 'A');
        if (got != want)
            return QR_PAYLOAD_ERR_CHECK;
        return procedure_store(text + i, 8, code, size, localised, localised_size);
    }
    if (prefix_ci(text, len, "https://") || prefix_ci(text, len, "http://")) {
        char val[QR_PROCEDURE_CODE_MAX + 8];
        size_t vn = 0;
        int rc = procedure_from_url(text, len, val, sizeof val, &vn);
        if (rc != QR_PAYLOAD_OK)
            return rc;
        return procedure_store(val, vn, code, size, localised, localised_size);
    }
    if (len >= 8 && qr_procedure_code_valid(text, 8))
        return procedure_store(text, len, code, size, localised, localised_size);
    return QR_PAYLOAD_ERR_NOT_PROCEDURE;
}

int qr_procedure_format(const char *code, char *out, size_t size)
{
    if (!code || !out || size == 0)
        return QR_PAYLOAD_ERR_ARG;
    out[0] = '\0';
    size_t n = strnlen(code, 16);
    if (!qr_procedure_code_valid(code, n))
        return QR_PAYLOAD_ERR_PROCEDURE_CODE;
    size_t need = strlen(QR_PROCEDURE_PREFIX) + 8 + 2 + 1;
    if (size < need)
        return QR_PAYLOAD_ERR_ARG;
    snprintf(out, size, "%s%.8s:%c", QR_PROCEDURE_PREFIX, code, receipt_qr_mod37_2(code, 8));
    return QR_PAYLOAD_OK;
}

/* ---- classification -------------------------------------------------------- */

qr_payload_kind qr_payload_classify(const char *text, size_t len)
{
    if (!text)
        return QR_KIND_UNKNOWN;
    trim(&text, &len);
    if (len >= 4 && prefix_ci(text, len, "HS") && is_digit(text[2])) {
        for (size_t i = 3; i < len && i < 8; i++) {
            if (text[i] == ':')
                return QR_KIND_RECEIPT;
            if (!is_digit(text[i]))
                break;
        }
    }
    if (prefix_ci(text, len, "TTHC"))
        return QR_KIND_PROCEDURE;
    if (len >= 8 && qr_procedure_code_valid(text, 8) && (len == 8 || text[8] == '.'))
        return QR_KIND_PROCEDURE;
    if (prefix_ci(text, len, "https://") || prefix_ci(text, len, "http://")) {
        static const char key[] = "ma_thu_tuc=";
        for (size_t i = 0; i + sizeof key - 1 <= len; i++)
            if (prefix_ci(text + i, len - i, key))
                return QR_KIND_PROCEDURE;
        return QR_KIND_UNKNOWN;
    }
    if (len > 12 && all_digits(text, 12) && text[12] == '|')
        return QR_KIND_CARD;
    return QR_KIND_UNKNOWN;
}

const char *qr_payload_strerror(int err)
{
    switch ((qr_payload_err)err) {
    case QR_PAYLOAD_OK:
        return "Đã đọc mã QR.";
    case QR_PAYLOAD_ERR_ARG:
        return "Lỗi nội bộ khi đọc mã QR. Xin mời hỏi cán bộ hướng dẫn.";
    case QR_PAYLOAD_ERR_EMPTY:
        return "Mã QR không có nội dung. Xin mời đưa mã khác trước máy ảnh.";
    case QR_PAYLOAD_ERR_TOO_LONG:
        return "Mã QR quá dài, máy không đọc được. Xin mời hỏi cán bộ hướng dẫn.";
    case QR_PAYLOAD_ERR_ENCODING:
        return "Mã QR có ký tự không đọc được. Xin mời đưa lại mã, hoặc nhập thông tin bằng bàn phím.";
    case QR_PAYLOAD_ERR_NOT_CARD:
        return "Mã QR này không phải mã trên thẻ căn cước. "
               "Xin mời đưa mã QR in trên thẻ căn cước vào trước máy ảnh.";
    case QR_PAYLOAD_ERR_FIELDS:
        return "Mã QR trên thẻ đọc chưa đủ thông tin. Xin mời giữ yên thẻ trước máy ảnh để đọc lại.";
    case QR_PAYLOAD_ERR_ID:
        return "Số định danh cá nhân trong mã QR không đúng 12 chữ số. "
               "Xin mời đọc lại, hoặc nhập số trên thẻ bằng bàn phím.";
    case QR_PAYLOAD_ERR_OLD_ID:
        return "Số chứng minh nhân dân cũ trong mã QR không đúng. Xin mời đọc lại thẻ.";
    case QR_PAYLOAD_ERR_NAME:
        return "Mã QR trên thẻ không có họ tên. Xin mời đọc lại thẻ hoặc hỏi cán bộ.";
    case QR_PAYLOAD_ERR_BIRTH_DATE:
        return "Ngày sinh trong mã QR không đúng. Xin mời đọc lại thẻ hoặc hỏi cán bộ.";
    case QR_PAYLOAD_ERR_SEX:
        return "Giới tính trong mã QR không đúng. Xin mời đọc lại thẻ hoặc hỏi cán bộ.";
    case QR_PAYLOAD_ERR_ISSUE_DATE:
        return "Ngày cấp thẻ trong mã QR không đúng. Xin mời đọc lại thẻ hoặc hỏi cán bộ.";
    case QR_PAYLOAD_ERR_NOT_PROCEDURE:
        return "Mã QR này không phải mã thủ tục hành chính. "
               "Xin mời đưa mã QR của thủ tục, hoặc tìm thủ tục theo tên.";
    case QR_PAYLOAD_ERR_PROCEDURE_CODE:
        return "Mã thủ tục trong mã QR không đúng mẫu. Xin mời tìm thủ tục theo tên.";
    case QR_PAYLOAD_ERR_CHECK:
        return "Mã QR bị đọc sai hoặc đã bị sửa. Xin mời giữ yên và đưa lại mã trước máy ảnh.";
    case QR_PAYLOAD_ERR_VERSION:
        return "Máy chưa đọc được mẫu mã QR này. Xin mời tìm thủ tục theo tên hoặc hỏi cán bộ.";
    }
    return "Không đọc được mã QR. Xin mời thử lại.";
}
