/* isotime: dates and times from the upstream (ISO 8601, RFC 3339) as a
 * citizen reads them in Vietnam: "05/03/2026" and "14:05 05/03/2026", the
 * time in the kiosk's own time zone. */
#ifndef KIOSK_ISOTIME_H
#define KIOSK_ISOTIME_H

#include <stddef.h>

/* "YYYY-MM-DD" (anything after the date ignored unless it is a time) to
 * "DD/MM/YYYY"; "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|-HH:MM)" to
 * "HH:MM DD/MM/YYYY" in local time. A time without a zone is taken as local.
 * Returns 0, or -1 (out holds a copy of iso, cut to fit) when iso is not one
 * of these or names an impossible date. */
int isotime_format(const char *iso, char *out, size_t size);

#endif
