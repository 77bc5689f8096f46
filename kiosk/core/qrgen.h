/* qrgen: QR codes we make (receipts, tickets, technician enrolment) with
 * libqrencode, as a plain module matrix that the screen and the printer both
 * draw. UTF-8 text is encoded in 8-bit mode behind an ECI 26 (UTF-8)
 * designator whenever it is not plain ASCII, so every phone reads it right.
 * The caller owns the result and frees it with qrgen_free(). */
#ifndef KIOSK_QRGEN_H
#define KIOSK_QRGEN_H

#include <stddef.h>

typedef enum qrgen_ecc { QRGEN_ECC_L, QRGEN_ECC_M, QRGEN_ECC_Q, QRGEN_ECC_H } qrgen_ecc;

typedef struct qrgen_code {
    int size;               /* modules per side, quiet zone included */
    int quiet;              /* quiet zone width in modules (on each side) */
    int version;            /* QR version 1..40 */
    unsigned char *modules; /* size*size bytes, row-major, 1 = dark */
} qrgen_code;

/* Encode len bytes of data. Returns 0, or -1 (too long, out of memory). */
int qrgen_encode(const char *data, size_t len, qrgen_ecc ecc, int quiet, qrgen_code *out);
void qrgen_free(qrgen_code *code);

#endif
