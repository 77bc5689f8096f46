/* libFuzzer harness for languages.ini as read by i18n_init (kiosk/core/i18n.c):
 * the file is outside input (a technician may edit it on the SD card). Each
 * input is written to a private temporary folder, loaded, and every language
 * is selected and used, following its fallback chain (cycles included). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char path[128];

static void cleanup(void)
{
    remove(path);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        log_set_quiet(1);
        snprintf(dir, sizeof dir, "/tmp/fuzz-i18n-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        snprintf(path, sizeof path, "%s/languages.ini", dir);
        atexit(cleanup);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    if (i18n_init(dir) == 0) {
        for (int i = 0; i < i18n_language_count(); i++) {
            const i18n_lang_info *l = i18n_language_at(i);
            if (!l || i18n_set_language(l->code) != 0)
                __builtin_trap();
            (void)strlen(l->name);
            (void)strlen(l->name_vi);
            (void)strlen(l->script);
            (void)strlen(l->fallback);
            if (strcmp(i18n_get("Tiếp tục"), "Tiếp tục") != 0)
                __builtin_trap(); /* no catalogs: always the Vietnamese ID */
            (void)i18n_pget("x/y", "Quay lại");
            (void)i18n_nget("a", "b", 2);
        }
        i18n_reset();
    }
    i18n_shutdown();
    return 0;
}
