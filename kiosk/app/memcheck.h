/* memcheck: search the process's writable memory (tests of the privacy
 * rule), and scrub the unused stack at the end of a visit. */
#ifndef KIOSK_MEMCHECK_H
#define KIOSK_MEMCHECK_H

#include <stddef.h>

#define MEMCHECK_NEEDLE_MAX 256

/* The needle kept inverted (each byte XOR 0xFF): it never matches itself. */
void memcheck_invert(const char *needle, unsigned char *inv, size_t *n);
/* Number of copies of the (inverted) needle in writable memory; where lists
 * the regions. */
size_t memcheck_find(const unsigned char *inv, size_t n, char *where, size_t wheresize);
/* Overwrite the stack below the caller (locals of returned functions). */
void memcheck_scrub_stack(void);

#endif
