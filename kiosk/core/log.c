/* log: key=value event lines on stderr. See log.h. */
#include "log.h"

#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>

static int g_quiet;

/* The last lines, for the technician's log tail on the kiosk screen. They
 * hold no personal data (the rule for every log line). */
#define RING 64
static char g_ring[RING][160];
static unsigned g_ring_next;

int log_tail(const char **lines, int max)
{
    int n = 0;
    unsigned count = g_ring_next < RING ? g_ring_next : RING;
    for (unsigned i = count > (unsigned)max ? count - (unsigned)max : 0; i < count && n < max; i++)
        lines[n++] = g_ring[(g_ring_next - count + i) % RING];
    return n;
}

void log_set_quiet(int quiet)
{
    g_quiet = quiet;
}

void log_event(const char *module, const char *fmt, ...)
{
    if (g_quiet)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "kiosk[%s] %s\n", module, line);
    snprintf(g_ring[g_ring_next++ % RING], sizeof g_ring[0], "[%s] %s", module, line);
}

void log_hash(const void *data, size_t len, char out[9])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(data, len, md);
    snprintf(out, 9, "%02x%02x%02x%02x", md[0], md[1], md[2], md[3]);
}
