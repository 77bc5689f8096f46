/* ctl_common: see ctl_common.h. */
#include "ctl_common.h"

#include <stdio.h>
#include <string.h>

int ctl_load_config(int argc, char **argv, svc_config *sc)
{
    static config cfg;
    config_init(&cfg);
    int i = 1;
    bool any = false;
    while (i + 1 < argc && (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config"))) {
        if (config_load_file(&cfg, argv[i + 1], false) != 0) {
            fprintf(stderr, "kioskctl: %s\n", cfg.error);
            return -1;
        }
        any = true;
        i += 2;
    }
    if (!any && (config_load_file(&cfg, "/etc/kiosk/kiosk.conf", false) != 0 ||
                 config_load_file(&cfg, "/boot/firmware/kiosk.conf", true) != 0)) {
        fprintf(stderr, "kioskctl: %s (use -c FILE)\n", cfg.error);
        return -1;
    }
    char err[320];
    if (svc_config_from(sc, &cfg, err, sizeof err) != 0) {
        fprintf(stderr, "kioskctl: %s\n", err);
        return -1;
    }
    return i;
}

int ctl_open_store(const svc_config *sc, store *st)
{
    char err[320];
    if (store_open(st, sc, true, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "kioskctl: %s\n", err);
        return -1;
    }
    return 0;
}
