/* bench_i18n: cost of the things a screen does every frame or every visit:
 * loading every shipped catalog, looking up a message (found in the visit
 * language; missing, so the whole chain is walked to the Vietnamese ID),
 * a plural lookup, and spelling a number as word clips.
 * usage: bench_i18n ASSETS_I18N_DIR [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "i18n.h"
#include "log.h"
#include "numwords.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile const char *sink;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s ASSETS_I18N_DIR [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    log_set_quiet(1);
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (int i = 0; i < 100; i++) {
            if (i18n_init(argv[1]) != 0)
                return 1;
        }
        double init_ms = (now() - t0) / 100 * 1e3;

        i18n_set_language("km");
        const int n = 1000000;
        t0 = now();
        for (int i = 0; i < n; i++)
            sink = i18n_get("Tra cứu thủ tục");
        double hit_ns = (now() - t0) / n * 1e9;
        t0 = now();
        for (int i = 0; i < n; i++)
            sink = i18n_get("Một câu không có trong danh mục nào");
        double miss_ns = (now() - t0) / n * 1e9;
        t0 = now();
        for (int i = 0; i < n; i++)
            sink = i18n_nget("%d hồ sơ", "%d hồ sơ", (unsigned long)i);
        double nget_ns = (now() - t0) / n * 1e9;
        t0 = now();
        for (int i = 0; i < n; i++) {
            numwords w;
            numwords_clear(&w);
            numwords_amount(&w, 1250500u + (unsigned)i);
            sink = w.ids[0];
        }
        double num_ns = (now() - t0) / n * 1e9;
        if (r == 0)
            printf("check: km \"Tra cứu thủ tục\" -> %s; catalogs loaded: %d\n", i18n_get("Tra cứu thủ tục"), i18n_language_find("km")->has_catalog);
        printf("round %d: init (%d languages) %.3f ms; get hit %.0f ns; get miss %.0f ns; "
               "nget %.0f ns; amount to words %.0f ns\n",
               r + 1, i18n_language_count(), init_ms, hit_ns, miss_ns, nget_ns, num_ns);
        i18n_shutdown();
    }
    return 0;
}
