/* qrgen: module matrices from libqrencode. See qrgen.h.
 *
 * libqrencode's QRinput API is used instead of QRcode_encodeString so that we
 * can put an ECI 26 header in front of non-ASCII data: without it, readers
 * guess the charset (Shift-JIS or Latin-1) and garble Vietnamese. */
#include "qrgen.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

static QRecLevel to_level(qrgen_ecc e)
{
    switch (e) {
    case QRGEN_ECC_L: return QR_ECLEVEL_L;
    case QRGEN_ECC_M: return QR_ECLEVEL_M;
    case QRGEN_ECC_Q: return QR_ECLEVEL_Q;
    case QRGEN_ECC_H: return QR_ECLEVEL_H;
    }
    return QR_ECLEVEL_M;
}

static int is_ascii(const char *d, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)d[i] >= 0x80)
            return 0;
    return 1;
}

int qrgen_encode(const char *data, size_t len, qrgen_ecc ecc, int quiet, qrgen_code *out)
{
    memset(out, 0, sizeof *out);
    if (quiet < 0 || quiet > 16)
        return -1;
    QRinput *in = QRinput_new2(0, to_level(ecc));
    if (!in)
        return -1;
    int rc = 0;
    if (!is_ascii(data, len))
        rc = QRinput_appendECIheader(in, 26);
    if (rc == 0)
        rc = QRinput_append(in, QR_MODE_8, (int)len, (const unsigned char *)data);
    QRcode *qr = rc == 0 ? QRcode_encodeInput(in) : NULL;
    QRinput_free(in);
    if (!qr)
        return -1;
    int size = qr->width + 2 * quiet;
    out->modules = calloc((size_t)size * (size_t)size, 1);
    if (!out->modules) {
        QRcode_free(qr);
        return -1;
    }
    out->size = size;
    out->quiet = quiet;
    out->version = qr->version;
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            out->modules[(size_t)(y + quiet) * (size_t)size + (size_t)(x + quiet)] =
                qr->data[y * qr->width + x] & 1;
    QRcode_free(qr);
    return 0;
}

void qrgen_free(qrgen_code *code)
{
    free(code->modules);
    memset(code, 0, sizeof *code);
}
