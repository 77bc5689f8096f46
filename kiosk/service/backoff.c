/* backoff: see backoff.h. */
#include "backoff.h"

long backoff_delay_ms(long base_ms, long max_ms, int attempt, uint32_t rnd)
{
    if (base_ms < 1)
        base_ms = 1;
    if (max_ms < base_ms)
        max_ms = base_ms;
    if (attempt < 1)
        attempt = 1;
    long d = base_ms;
    for (int i = 1; i < attempt && d < max_ms; i++)
        d = d > max_ms / 2 ? max_ms : d * 2;
    if (d > max_ms)
        d = max_ms;
    long half = d / 2;
    return half + (long)(rnd % (uint32_t)(d - half + 1));
}

long backoff_with_retry_after(long delay_ms, long retry_after_ms)
{
    long d = retry_after_ms > delay_ms ? retry_after_ms : delay_ms;
    return d > 86400000L ? 86400000L : d;
}
