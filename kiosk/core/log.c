/* log: key=value event lines on stderr. See log.h. */
#include "log.h"

#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>

static int g_quiet;

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
}

void log_hash(const void *data, size_t len, char out[9])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(data, len, md);
    snprintf(out, 9, "%02x%02x%02x%02x", md[0], md[1], md[2], md[3]);
}
