/* ctl_common: shared by the kioskctl subcommands of kioskd (status, outbox,
 * tickets, ratings): option parsing (-c FILE), the kioskd configuration, and
 * read-only access to kioskd's database. */
#ifndef KIOSK_CTL_COMMON_H
#define KIOSK_CTL_COMMON_H

#include "store.h"
#include "svc_config.h"

/* Parse leading "-c FILE" options (default /etc/kiosk/kiosk.conf and the
 * FAT-partition override). Returns the index of the first other argument, or
 * -1 after printing an error. */
int ctl_load_config(int argc, char **argv, svc_config *sc);

/* Open kioskd's database read-only; prints an error and returns -1 on failure. */
int ctl_open_store(const svc_config *sc, store *st);

#endif
