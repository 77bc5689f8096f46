/* fuzz_catalog_query: what a citizen types, as arbitrary bytes: folding,
 * Telex repair, synonyms, code and link parsing and the ranked search over a
 * small index built once, compared with the reference scan. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "fold.h"
#include "fuzz_text.h"
#include "log.h"
#include "search.h"

static search_index *ix;

static void build(void)
{
    ix = search_new();
    search_add(ix, "1.001193", "Thủ tục đăng ký khai sinh", "Register a birth", "giấy khai sinh",
               "Hộ tịch", 9);
    search_add(ix, "1.004222", "Đăng ký thường trú", "Permanent residence", "sổ hộ khẩu",
               "Đăng ký, quản lý cư trú", 8);
    search_add(ix, "2.000815", "Chứng thực bản sao từ bản chính", "Certified copies", "công chứng",
               "Chứng thực", 9);
    search_add(ix, "1.000894", "Thủ tục đăng ký kết hôn", "Marriage", "", "Hộ tịch", 8);
    search_add_synonym(ix, "sổ hộ khẩu", "đăng ký thường trú");
    search_add_synonym(ix, "công chứng", "chứng thực");
    search_add_stopword(ix, "làm");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    log_set_quiet(1);
    if (!ix)
        build();
    if (size > 4096)
        return 0;
    char *q = fuzz_text(data, size);
    if (!q)
        return 0;
    char folded[512], telex[64], ex[256], code[CATALOG_CODE_MAX];
    fold_text(q, size, folded, sizeof folded);
    fold_token t[16];
    int n = fold_tokens(folded, t, 16);
    for (int i = 0; i < n; i++)
        fold_telex(t[i].start, t[i].len, telex, sizeof telex);
    catalog_code_from_text(q, code);
    search_result r[8];
    int k = search_query(ix, q, r, 8);
    if (k < 0 || k > 8)
        abort();
    for (int i = 1; i < k; i++)
        if (r[i].score > r[i - 1].score)
            abort();                    /* results are ordered */
    /* Differential: the posting lists rank exactly as the plain scan. */
    search_result r2[8];
    search_set_reference_scan(ix, 1);
    int k2 = search_query(ix, q, r2, 8);
    search_set_reference_scan(ix, 0);
    if (k2 != k)
        abort();
    for (int i = 0; i < k; i++)
        if (strcmp(r[i].code, r2[i].code) || r[i].score != r2[i].score)
            abort();
    search_explain(ix, q, ex, sizeof ex);
    free(q);
    return 0;
}
