/* code128: CODE128 barcodes (ISO/IEC 15417) for the dossier code.
 *
 * Input is printable ASCII (0x20..0x7E). The encoder uses code set B, and
 * code set C (two digits per symbol) for runs of digits long enough to save
 * space: a leading run of 4 or more (an even count), an inner run of 6 or
 * more, a trailing run of 4 or more. The output is the list of symbol values
 * (start, data, checksum, stop) and the module pattern: alternating bar and
 * space widths, bar first, each 1..4 modules; every symbol is 11 modules wide
 * and the stop 13. Quiet zones (10 modules each side) are the caller's. */
#ifndef KIOSK_PRINTER_CODE128_H
#define KIOSK_PRINTER_CODE128_H

#include <stddef.h>

#define CODE128_START_A 103
#define CODE128_START_B 104
#define CODE128_START_C 105
#define CODE128_STOP 106
#define CODE128_CODE_B 100
#define CODE128_CODE_C 99
#define CODE128_MAX_SYMBOLS 128

typedef struct code128 {
    int symbols[CODE128_MAX_SYMBOLS];   /* start ... checksum stop */
    int count;
    int modules;                        /* total width in modules, quiet zones excluded */
} code128;

/* Encode text. Returns 0, or -1 if text is empty, has a byte outside
 * 0x20..0x7E, or is too long. */
int code128_encode(const char *text, code128 *out);

/* The width pattern of a symbol value 0..106 ("212222"; the stop has 7
 * elements). NULL if out of range. */
const char *code128_pattern(int value);

/* Modulo-103 checksum of a start value and data values (weights 1, 2, ...). */
int code128_checksum(const int *values, int count);

/* Module i (0-based) of the encoded symbol: 1 for bar, 0 for space. */
int code128_module(const code128 *c, int i);

#endif
