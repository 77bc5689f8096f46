/* kioskctl: the technician's command-line tool.
 *
 * Each part of the kiosk registers its subcommands with kiosk_add_ctl() in its
 * CMakeLists.txt (card, qr, catalog, outbox, print, ...); CMake writes the
 * table into kioskctl_cmds.h, so adding a command touches no shared file. */
#include <stdio.h>
#include <string.h>

#define CTL_CMD(name, help) int ctl_##name(int argc, char **argv);
#include "kioskctl_cmds.h"
#undef CTL_CMD

struct ctl_cmd {
    const char *name;
    const char *help;
    int (*run)(int argc, char **argv);
};

static const struct ctl_cmd commands[] = {
#define CTL_CMD(name, help) { #name, help, ctl_##name },
#include "kioskctl_cmds.h"
#undef CTL_CMD
    { NULL, NULL, NULL }
};

static void usage(FILE *out)
{
    fprintf(out, "usage: kioskctl COMMAND [ARGS...]\n\n"
                 "The technician's tool for the kiosk. Commands:\n");
    for (const struct ctl_cmd *c = commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->help);
    fprintf(out, "\n'kioskctl COMMAND --help' explains one command.\n"
                 "kioskctl --version prints the version.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("kioskctl %s\n", KIOSK_VERSION);
        return 0;
    }
    for (const struct ctl_cmd *c = commands; c->name; c++)
        if (!strcmp(argv[1], c->name))
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "kioskctl: unknown command '%s'; 'kioskctl --help' lists them\n", argv[1]);
    return 2;
}
