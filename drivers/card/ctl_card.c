/* ctl_card: `kioskctl card read|readers` for the technician.
 *
 * `card read` prints the identity read from the chip, as JSON (--json) or a
 * readable summary: the technician asked for it, so it shows personal data on
 * their terminal; nothing is logged. Failures print one line on stderr and
 * exit non-zero: 1 read failed, 2 usage error. */
#include "card.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: kioskctl card read (--qr TEXT | --can DIGITS | --mrz DOC,YYMMDD,YYMMDD | --id DIGITS)\n"
            "                          [--reader NAME] [--trust DIR] [--photo FILE] [--json] [--trace]\n"
            "                          [--no-aa] [--no-extended]\n"
            "       kioskctl card readers\n"
            "       kioskctl card watch [--reader NAME] [--seconds N]   (print card insert/remove events)\n");
}

static int cmd_readers(void)
{
    char buf[8192];
    card_err e = card_list_readers(buf, sizeof buf);
    if (e) {
        fprintf(stderr, "card: %s\n", card_strerror(e));
        return 1;
    }
    for (const char *p = buf; *p; p += strlen(p) + 1)
        printf("%s\n", p);
    return 0;
}

#define F(k) { #k, offsetof(identity, k) }
static const struct { const char *key; size_t off; } fields[] = {
    F(id_number), F(full_name), F(date_of_birth), F(sex), F(nationality), F(ethnicity),
    F(religion), F(place_of_origin), F(place_of_residence), F(identifying_features),
    F(date_of_issue), F(date_of_expiry), F(father_name), F(mother_name), F(spouse_name),
    F(old_id_number), F(document_type), F(document_number), F(issuing_state),
};

static const char *assurance_name(identity_assurance a)
{
    switch (a) {
    case IDENTITY_CHIP_VERIFIED: return "chip-verified";
    case IDENTITY_CHIP: return "chip";
    case IDENTITY_QR: return "qr";
    case IDENTITY_TYPED: return "typed";
    case IDENTITY_NONE: break;
    }
    return "none";
}

static void print_json(const identity *id, const card_report *r)
{
    json_t *o = json_object(), *idj = json_object();
    json_object_set_new(o, "access", json_string(card_access_name(r->access)));
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        json_object_set_new(idj, fields[i].key, json_string((const char *)id + fields[i].off));
    json_object_set_new(o, "identity", idj);
    json_object_set_new(o, "assurance", json_string(assurance_name(id->assurance)));
    json_object_set_new(o, "verification", json_string(card_verify_name(r->verification)));
    if (r->verification == CARD_VERIFY_HASH_MISMATCH)
        json_object_set_new(o, "mismatch_dg", json_integer(r->mismatch_dg));
    json_object_set_new(o, "active_auth", json_string(card_aa_name(r->active_auth)));
    json_object_set_new(o, "photo_bytes", json_integer((json_int_t)id->photo_len));
    json_object_set_new(o, "apdus", json_integer(r->apdus));
    json_object_set_new(o, "bytes", json_integer((json_int_t)r->bytes));
    json_object_set_new(o, "ms", json_integer(r->ms));
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    if (s) {
        printf("%s\n", s);
        explicit_bzero(s, strlen(s));
        free(s);
    }
    json_decref(o);
}

static void print_text(const identity *id, const card_report *r)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = (const char *)id + fields[i].off;
        if (*v)
            printf("%-22s %s\n", fields[i].key, v);
    }
    printf("%-22s %s (%s)\n", "assurance", assurance_name(id->assurance),
           identity_assurance_label(id->assurance));
    printf("%-22s %s\n", "access", card_access_name(r->access));
    printf("%-22s %s", "passive auth", card_verify_name(r->verification));
    if (r->verification == CARD_VERIFY_HASH_MISMATCH)
        printf(" (DG%d)", r->mismatch_dg);
    printf("\n%-22s %s\n", "active auth", card_aa_name(r->active_auth));
    if (id->photo_len)
        printf("%-22s %zu bytes\n", "photo", id->photo_len);
    printf("%-22s %u APDUs, %lu bytes, %u ms%s\n", "read", r->apdus, r->bytes, r->ms,
           r->extended_used ? ", extended length" : "");
}

static int cmd_read(int argc, char **argv)
{
    const char *qr = NULL, *can = NULL, *mrz = NULL, *idn = NULL, *reader = NULL, *trust = NULL,
               *photo = NULL;
    bool json = false;
    card_options o;
    card_options_init(&o);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "--qr") ? &qr : !strcmp(a, "--can") ? &can
                          : !strcmp(a, "--mrz") ? &mrz : !strcmp(a, "--id") ? &idn
                          : !strcmp(a, "--reader") ? &reader : !strcmp(a, "--trust") ? &trust
                          : !strcmp(a, "--photo") ? &photo : NULL;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "card: %s needs a value\n", a);
                return 2;
            }
            *slot = argv[++i];
        } else if (!strcmp(a, "--json")) {
            json = true;
        } else if (!strcmp(a, "--trace")) {
            o.trace = stderr;
        } else if (!strcmp(a, "--no-aa")) {
            o.active_auth = false;
        } else if (!strcmp(a, "--no-extended")) {
            o.extended = CARD_EXT_OFF;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "card: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (!!qr + !!can + !!mrz + !!idn != 1) {
        fprintf(stderr, "card: give exactly one of --qr, --can, --mrz, --id\n");
        return 2;
    }
    card_keys k;
    card_err e;
    if (qr) {
        e = card_keys_from_qr(qr, &k);
    } else if (can || idn) {
        e = card_keys_from_id(can ? can : idn, &k);
    } else {
        char buf[64], *f[3] = { 0 };
        snprintf(buf, sizeof buf, "%s", mrz);
        f[0] = strtok(buf, ",");
        f[1] = strtok(NULL, ",");
        f[2] = strtok(NULL, ",");
        e = f[2] ? card_keys_from_mrz(f[0], f[1], f[2], &k) : CARD_E_ARG;
        explicit_bzero(buf, sizeof buf);
    }
    if (e) {
        fprintf(stderr, "card: %s\n", card_strerror(e));
        return 2;
    }
    o.want_photo = photo != NULL;
    o.trust_dir = trust;
    if (trust) {
        DIR *d = opendir(trust);
        if (!d) {
            fprintf(stderr, "card: %s (%s)\n", card_strerror(CARD_E_TRUST_STORE), trust);
            card_keys_wipe(&k);
            return 2;
        }
        closedir(d);
    }
    card_reader *r;
    e = card_reader_open(reader, &r);
    if (e) {
        fprintf(stderr, "card: %s\n", card_strerror(e));
        card_keys_wipe(&k);
        return 1;
    }
    identity id;
    card_report rep;
    memset(&id, 0, sizeof id);
    memset(&rep, 0, sizeof rep);
    e = card_read_identity(r, &k, &o, &id, &rep);
    card_keys_wipe(&k);
    card_reader_close(r);
    if (e) {
        if (rep.last_sw)
            fprintf(stderr, "card: %s - status %04X\n", card_strerror(e), rep.last_sw);
        else
            fprintf(stderr, "card: %s\n", card_strerror(e));
        return 1;
    }
    int rc = 0;
    if (photo && id.photo_len) {
        FILE *f = fopen(photo, "wb");
        if (!f || fwrite(id.photo, 1, id.photo_len, f) != id.photo_len) {
            fprintf(stderr, "card: cannot write the photo to %s\n", photo);
            rc = 1;
        }
        if (f)
            fclose(f);
    }
    if (json)
        print_json(&id, &rep);
    else
        print_text(&id, &rep);
    identity_wipe(&id);
    return rc;
}

static int cmd_watch(int argc, char **argv)
{
    const char *reader = NULL;
    long seconds = 30;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--reader") && i + 1 < argc)
            reader = argv[++i];
        else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
            seconds = strtol(argv[++i], NULL, 10);
        else {
            usage(stderr);
            return 2;
        }
    }
    card_reader *r;
    card_err e = card_reader_open(reader, &r);
    if (e) {
        fprintf(stderr, "card: %s\n", card_strerror(e));
        return 1;
    }
    printf("watching %s for %ld s\n", card_reader_name(r), seconds);
    fflush(stdout);
    for (long t = 0; t < seconds * 10; t++) {
        card_event ev;
        e = card_reader_poll(r, 100, &ev);
        if (e) {
            fprintf(stderr, "card: %s\n", card_strerror(e));
            card_reader_close(r);
            return 1;
        }
        static const char *const names[] = { NULL, "inserted", "removed", "reader-gone" };
        if (ev != CARD_EVENT_NONE) {
            printf("%s\n", names[ev]);
            fflush(stdout);
        }
    }
    card_reader_close(r);
    return 0;
}

int ctl_card(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "readers"))
        return cmd_readers();
    if (!strcmp(argv[1], "read"))
        return cmd_read(argc, argv);
    if (!strcmp(argv[1], "watch"))
        return cmd_watch(argc, argv);
    fprintf(stderr, "card: unknown subcommand '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
