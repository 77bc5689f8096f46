/* receipt_qr: the receipt's tracking QR text, "HS1:<dossier code>:<check>".
 * See receipt_qr.h for the scheme, docs/qr.md for the reasons.
 *
 * The check character is ISO 7064 MOD 37-2 (pure system, modulus 37, radix 2),
 * which detects every single substitution and every transposition of adjacent
 * characters in an alphanumeric string. It is computed over the dossier code
 * without its separators because the standard's alphabet has no '.' or '-';
 * the separators are checked by the structure instead. */
#include "receipt_qr.h"

#include <stdbool.h>
#include <string.h>

static const char mod37_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

static int alnum_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    return -1;
}

char receipt_qr_mod37_2(const char *s, size_t len)
{
    int p = 0;
    for (size_t i = 0; i < len; i++) {
        int v = alnum_value(s[i]);
        if (v < 0)
            continue;
        p = ((p + v) * 2) % 37;
    }
    return mod37_alphabet[(38 - p) % 37];
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper_alnum(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); }

static char to_upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }

static bool valid_yymmdd(const char *d)
{
    int yy = (d[0] - '0') * 10 + (d[1] - '0');
    int mm = (d[2] - '0') * 10 + (d[3] - '0');
    int dd = (d[4] - '0') * 10 + (d[5] - '0');
    static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (mm < 1 || mm > 12 || dd < 1)
        return false;
    int max = days[mm - 1];
    if (mm == 2 && (2000 + yy) % 4 != 0) /* years 2000..2099: every 4th is leap */
        max = 28;
    return dd <= max;
}

/* Validate an upper-case dossier code of exactly len bytes. */
static int check_code_upper(const char *c, size_t len)
{
    /* <agency>-<yymmdd>-<nnnn>: the last 12 bytes are fixed. */
    if (len < 1 + 12 || len > RECEIPT_QR_CODE_MAX - 1)
        return RECEIPT_QR_ERR_FORMAT;
    size_t alen = len - 12;
    const char *tail = c + alen;
    if (tail[0] != '-' || tail[7] != '-')
        return RECEIPT_QR_ERR_FORMAT;
    for (int i = 1; i <= 6; i++)
        if (!is_digit(tail[i]))
            return RECEIPT_QR_ERR_FORMAT;
    for (int i = 8; i <= 11; i++)
        if (!is_digit(tail[i]))
            return RECEIPT_QR_ERR_FORMAT;
    /* Agency: groups of [0-9A-Z] separated by single dots, no dot at either end. */
    if (c[0] == '.' || c[alen - 1] == '.')
        return RECEIPT_QR_ERR_FORMAT;
    for (size_t i = 0; i < alen; i++) {
        if (c[i] == '.') {
            if (c[i + 1] == '.')
                return RECEIPT_QR_ERR_FORMAT;
        } else if (!is_upper_alnum(c[i])) {
            return RECEIPT_QR_ERR_FORMAT;
        }
    }
    if (!valid_yymmdd(tail + 1))
        return RECEIPT_QR_ERR_DATE;
    return RECEIPT_QR_OK;
}

static int upper_copy(const char *src, size_t len, char *dst, size_t size)
{
    if (len + 1 > size)
        return -1;
    for (size_t i = 0; i < len; i++)
        dst[i] = to_upper(src[i]);
    dst[len] = '\0';
    return 0;
}

int receipt_qr_check_code(const char *code, size_t len)
{
    char buf[RECEIPT_QR_CODE_MAX];
    if (!code)
        return RECEIPT_QR_ERR_ARG;
    if (upper_copy(code, len, buf, sizeof buf) != 0)
        return RECEIPT_QR_ERR_FORMAT;
    if (memchr(buf, '\0', len))
        return RECEIPT_QR_ERR_FORMAT;
    return check_code_upper(buf, len);
}

int receipt_qr_format(const char *dossier_code, char *out, size_t size)
{
    if (!dossier_code || !out || size == 0)
        return RECEIPT_QR_ERR_ARG;
    out[0] = '\0';
    char code[RECEIPT_QR_CODE_MAX];
    size_t len = strnlen(dossier_code, RECEIPT_QR_CODE_MAX);
    if (upper_copy(dossier_code, len, code, sizeof code) != 0)
        return RECEIPT_QR_ERR_FORMAT;
    int rc = check_code_upper(code, len);
    if (rc != RECEIPT_QR_OK)
        return rc;
    size_t plen = strlen(RECEIPT_QR_PREFIX);
    if (plen + len + 2 + 1 > size)
        return RECEIPT_QR_ERR_SPACE;
    memcpy(out, RECEIPT_QR_PREFIX, plen);
    memcpy(out + plen, code, len);
    out[plen + len] = ':';
    out[plen + len + 1] = receipt_qr_mod37_2(code, len);
    out[plen + len + 2] = '\0';
    return RECEIPT_QR_OK;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int receipt_qr_parse(const char *text, size_t len, char *dossier_code, size_t size)
{
    if (!dossier_code || size == 0)
        return RECEIPT_QR_ERR_ARG;
    dossier_code[0] = '\0';
    if (!text)
        return RECEIPT_QR_ERR_ARG;
    while (len > 0 && is_space(text[0])) {
        text++;
        len--;
    }
    while (len > 0 && is_space(text[len - 1]))
        len--;
    /* "HS<digits>:" */
    if (len < 3 || to_upper(text[0]) != 'H' || to_upper(text[1]) != 'S' || !is_digit(text[2]))
        return RECEIPT_QR_ERR_NOT_RECEIPT;
    size_t i = 2;
    unsigned version = 0;
    while (i < len && is_digit(text[i]) && i < 6)
        version = version * 10 + (unsigned)(text[i++] - '0');
    if (i >= len || text[i] != ':')
        return RECEIPT_QR_ERR_NOT_RECEIPT;
    if (version != 1)
        return RECEIPT_QR_ERR_VERSION;
    i++;
    /* <code>:<check> */
    if (len - i < 3 || text[len - 2] != ':')
        return RECEIPT_QR_ERR_FORMAT;
    size_t clen = len - 2 - i;
    char code[RECEIPT_QR_CODE_MAX];
    if (upper_copy(text + i, clen, code, sizeof code) != 0)
        return RECEIPT_QR_ERR_FORMAT;
    if (memchr(code, '\0', clen))
        return RECEIPT_QR_ERR_FORMAT;
    int rc = check_code_upper(code, clen);
    if (rc != RECEIPT_QR_OK)
        return rc;
    if (to_upper(text[len - 1]) != receipt_qr_mod37_2(code, clen))
        return RECEIPT_QR_ERR_CHECK;
    if (clen + 1 > size)
        return RECEIPT_QR_ERR_SPACE;
    memcpy(dossier_code, code, clen + 1);
    return RECEIPT_QR_OK;
}

const char *receipt_qr_strerror(int err)
{
    switch ((receipt_qr_err)err) {
    case RECEIPT_QR_OK:
        return "Đã đọc mã hồ sơ.";
    case RECEIPT_QR_ERR_ARG:
        return "Lỗi nội bộ khi đọc mã QR. Xin mời hỏi cán bộ hướng dẫn.";
    case RECEIPT_QR_ERR_NOT_RECEIPT:
        return "Mã QR này không phải mã trên phiếu hẹn trả kết quả. "
               "Xin mời đưa mã QR in trên phiếu hẹn vào trước máy ảnh.";
    case RECEIPT_QR_ERR_VERSION:
        return "Phiếu hẹn này dùng mẫu mã QR mà máy chưa đọc được. "
               "Xin mời nhập mã hồ sơ bằng bàn phím hoặc hỏi cán bộ.";
    case RECEIPT_QR_ERR_FORMAT:
    case RECEIPT_QR_ERR_DATE:
        return "Mã hồ sơ trong mã QR không đúng mẫu. "
               "Xin mời nhập mã hồ sơ in trên phiếu hẹn bằng bàn phím.";
    case RECEIPT_QR_ERR_CHECK:
        return "Mã QR bị đọc sai hoặc đã bị sửa. "
               "Xin mời đưa lại phiếu hẹn, giữ yên và phẳng trước máy ảnh.";
    case RECEIPT_QR_ERR_SPACE:
        return "Lỗi nội bộ khi đọc mã QR. Xin mời hỏi cán bộ hướng dẫn.";
    }
    return "Không đọc được mã QR. Xin mời thử lại.";
}
