/* catalogc: the catalog compiler run by the build.
 *
 *   catalogc check SRC_DIR [FORMS_DIR]
 *   catalogc build SRC_DIR FORMS_DIR OUT.db
 *
 * Validates every source first (catalog_build.h); bad data fails the build
 * with one line naming the file and the member. */
#include <stdio.h>
#include <string.h>

#include "catalog_build.h"
#include "log.h"

int main(int argc, char **argv)
{
    catalog_error err = { { 0 } };
    if (argc >= 3 && !strcmp(argv[1], "check")) {
        int n = catalog_build_check(argv[2], argc > 3 ? argv[3] : NULL, &err);
        if (n < 0) {
            fprintf(stderr, "catalogc: error: %s\n", err.msg);
            return 1;
        }
        printf("catalogc: %d procedures OK\n", n);
        return 0;
    }
    if (argc == 5 && !strcmp(argv[1], "build")) {
        int n = catalog_build_compile(argv[2], argv[3], argv[4], &err);
        if (n < 0) {
            fprintf(stderr, "catalogc: error: %s\n", err.msg);
            return 1;
        }
        printf("catalogc: %d procedures -> %s\n", n, argv[4]);
        return 0;
    }
    fprintf(stderr, "usage: catalogc check SRC_DIR [FORMS_DIR]\n"
                    "       catalogc build SRC_DIR FORMS_DIR OUT.db\n");
    return 2;
}
