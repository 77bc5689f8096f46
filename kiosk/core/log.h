/* log: one line per event, key=value, to stderr (journald keeps it).
 * Never pass a citizen's personal data: use log_hash() for a short,
 * non-reversible tag when two events must be correlated. */
#ifndef KIOSK_LOG_H
#define KIOSK_LOG_H

#include <stddef.h>

/* log_event("card", "event=read apdus=%d ms=%d", n, ms) prints
 * "kiosk[card] event=read apdus=12 ms=310". */
void log_event(const char *module, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write the first 8 hex digits of SHA-256(data) into out (9 bytes). */
void log_hash(const void *data, size_t len, char out[9]);

/* The last (at most max) lines logged by this process, oldest first; the
 * strings stay valid until the next log_event. Returns the count. */
int log_tail(const char **lines, int max);

/* Silence all logging (benchmarks, fuzzers). */
void log_set_quiet(int quiet);

#endif
