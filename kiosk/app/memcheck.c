/* memcheck: look through this process's own writable memory for a string.
 *
 * The privacy rule is that a visit's personal data is gone from the kiosk's
 * memory once the visit ends. Tests check it from inside: after a visit with
 * the made-up citizen, the script command `check-wiped` reads every writable
 * mapping (heap, stacks, anonymous memory, library data) through
 * /proc/self/mem and searches it for the citizen's ID number and name. The
 * needles are built at run time and kept only inverted (each byte XOR 0xFF),
 * so the search never finds its own copy. Test use only: nothing here runs in a normal visit. */
#include "memcheck.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Under AddressSanitizer, KIOSK_MEMCHECK_DESCRIBE=1 prints where each copy
 * was allocated (a debugging aid for finding who forgot to wipe). */
void __asan_describe_address(void *addr) __attribute__((weak));

static size_t scan(const unsigned char *buf, size_t len, const unsigned char *inv, size_t n,
                   unsigned long base)
{
    size_t hits = 0;
    if (len < n)
        return 0;
    for (size_t i = 0; i + n <= len; i++) {
        unsigned char b = (unsigned char)(buf[i] ^ 0xFFu);
        if (b != inv[0])
            continue;
        size_t k = 1;
        while (k < n) {
            unsigned char c = (unsigned char)(buf[i + k] ^ 0xFFu);
            if (c != inv[k])
                break;
            k++;
        }
        if (k == n) {
            hits++;
            if (__asan_describe_address && getenv("KIOSK_MEMCHECK_DESCRIBE"))
                __asan_describe_address((void *)(base + i));
        }
    }
    return hits;
}

void memcheck_invert(const char *needle, unsigned char *inv, size_t *n)
{
    size_t len = strlen(needle);
    if (len > MEMCHECK_NEEDLE_MAX)
        len = MEMCHECK_NEEDLE_MAX;
    for (size_t i = 0; i < len; i++)
        inv[i] = (unsigned char)((unsigned char)needle[i] ^ 0xFFu);
    *n = len;
}

size_t memcheck_find(const unsigned char *inv, size_t n, char *where, size_t wheresize)
{
    if (n == 0 || n > MEMCHECK_NEEDLE_MAX)
        return 0;
    FILE *maps = fopen("/proc/self/maps", "r");
    int mem = open("/proc/self/mem", O_RDONLY);
    if (!maps || mem < 0) {
        if (maps)
            fclose(maps);
        if (mem >= 0)
            close(mem);
        return 0;
    }
    size_t total = 0;
    if (where && wheresize)
        where[0] = '\0';
    size_t chunk = 1 << 20;
    unsigned char *buf = malloc(chunk + MEMCHECK_NEEDLE_MAX);
    char line[512];
    while (buf && fgets(line, sizeof line, maps)) {
        unsigned long lo, hi;
        char perms[8] = "", path[256] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi, perms, path) < 3)
            continue;
        if (perms[0] != 'r' || perms[1] != 'w')
            continue;
        if (strstr(path, "[vvar]") || strstr(path, "[vsyscall]"))
            continue;
        /* Sanitizer shadow and reserved arenas are terabytes of untouched
         * pages; no visit data lives in a mapping this large. */
        if (hi - lo > (1UL << 30))
            continue;
        size_t region_hits = 0;
        for (unsigned long at = lo; at < hi; at += chunk) {
            size_t want = hi - at < chunk + n - 1 ? hi - at : chunk + n - 1;
            ssize_t got = pread(mem, buf, want, (off_t)at);
            if (got <= 0)
                break;
            region_hits += scan(buf, (size_t)got, inv, n, at);
        }
        if (region_hits && where && strlen(where) + 80 < wheresize) {
            size_t l = strlen(where);
            snprintf(where + l, wheresize - l, "%s%zu in %s", l ? ", " : "", region_hits,
                     path[0] ? path : "anonymous");
        }
        total += region_hits;
    }
    if (buf) {
        explicit_bzero(buf, chunk + MEMCHECK_NEEDLE_MAX);
        free(buf);
    }
    fclose(maps);
    close(mem);
    return total;
}

void memcheck_scrub_stack(void)
{
    /* Locals of finished functions stay below the stack pointer until
     * overwritten; a visit's texts pass through many. Overwrite them. */
    volatile unsigned char pad[256 * 1024];
    explicit_bzero((void *)pad, sizeof pad);
}
