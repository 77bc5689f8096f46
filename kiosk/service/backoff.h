/* backoff: exponential backoff with jitter for the uploader.
 *
 * The delay before retry n (n >= 1) is d = min(max, base * 2^(n-1)); the
 * wait is drawn uniformly from [d/2, d] ("equal jitter"), so kiosks that lost
 * the line together do not all come back in the same second. A server's
 * Retry-After is a floor. */
#ifndef KIOSK_BACKOFF_H
#define KIOSK_BACKOFF_H

#include <stdint.h>

/* rnd: any 32 random bits (the caller's RNG, so tests are repeatable). */
long backoff_delay_ms(long base_ms, long max_ms, int attempt, uint32_t rnd);

/* Combine with a Retry-After (ms, -1 for none): the larger wins, capped at
 * one day. */
long backoff_with_retry_after(long delay_ms, long retry_after_ms);

#endif
