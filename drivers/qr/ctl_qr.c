/* ctl_qr: `kioskctl qr ...`, the technician's QR tool.
 *
 *   kioskctl qr decode FILE...     print the text of the QR code in each image
 *   kioskctl qr bench DIR          decode every image of DIR that has NAME.txt
 *                                  beside it; per image pass/fail and time, then
 *                                  "pipeline: N passed, M failed" and
 *                                  "zbar-default: N passed, M failed"
 *   kioskctl qr parse TEXT...      what a scanned text is (card, procedure, receipt)
 *                                  and whether it is valid; a card's personal data is
 *                                  printed only with --show
 *   kioskctl qr devices            list the V4L2 capture devices
 *   kioskctl qr camera [SOURCE] [SECONDS]
 *                                  decode live from a camera (default "auto")
 *
 * A still image is given to the decoder as the frames of one scene (as a
 * citizen holding a code still would give it), up to one full cycle of the
 * schedule; a pass means the decoded text equals NAME.txt byte for byte. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "camera.h"
#include "log.h"
#include "qr_decode.h"
#include "qr_payload.h"
#include "receipt_qr.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run the pipeline on a still image: up to one cycle of frames. */
static int decode_still(qr_decoder *d, const uint8_t *luma, int w, int h, qr_result *r)
{
    qr_decoder_reset(d);
    qr_decoder_options o;
    qr_decoder_options_default(&o);
    for (int f = 0; f < o.frames_per_cycle; f++) {
        int rc = qr_decoder_frame(d, luma, w, h, w, r);
        if (rc != QR_DECODE_NONE)
            return rc;
    }
    return QR_DECODE_NONE;
}

static int cmd_decode(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: kioskctl qr decode FILE...\n");
        return 2;
    }
    qr_decoder *d = qr_decoder_new(NULL);
    qr_result *r = malloc(sizeof *r);
    if (!d || !r) {
        fprintf(stderr, "kioskctl qr: %s\n", qr_decode_strerror(QR_DECODE_ERR_MEMORY));
        qr_decoder_free(d);
        free(r);
        return 1;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        uint8_t *luma = NULL;
        int w, h;
        int rc = camera_load_luma(argv[i], &luma, &w, &h);
        if (rc != CAMERA_OK) {
            fprintf(stderr, "%s: %s\n", argv[i], camera_strerror(rc));
            status = 1;
            continue;
        }
        rc = decode_still(d, luma, w, h, r);
        free(luma);
        if (rc == QR_DECODE_FOUND) {
            fwrite(r->text, 1, r->len, stdout);
            fputc('\n', stdout);
            if (r->latin1_fallback)
                fprintf(stderr, "%s: not UTF-8, read as ISO-8859-1\n", argv[i]);
        } else {
            fprintf(stderr, "%s: %s\n", argv[i], qr_decode_strerror(rc));
            status = 1;
        }
        explicit_bzero(r, sizeof *r);
    }
    qr_decoder_free(d);
    free(r);
    return status;
}

static int has_image_ext(const char *n)
{
    const char *dot = strrchr(n, '.');
    return dot && (!strcmp(dot, ".png") || !strcmp(dot, ".jpg") || !strcmp(dot, ".pgm"));
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    fclose(f);
    if (buf)
        *len = n;
    return buf;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmd_bench(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: kioskctl qr bench DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    DIR *dh = opendir(dir);
    if (!dh) {
        fprintf(stderr, "kioskctl qr bench: cannot open directory %s\n", dir);
        return 2;
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (!has_image_ext(e->d_name))
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names[count] = strdup(e->d_name);
        if (names[count])
            count++;
    }
    closedir(dh);
    if (count)
        qsort(names, count, sizeof *names, cmp_names);

    log_set_quiet(1);
    qr_decoder *d = qr_decoder_new(NULL);
    qr_result *r = malloc(sizeof *r);
    if (!d || !r) {
        fprintf(stderr, "kioskctl qr: %s\n", qr_decode_strerror(QR_DECODE_ERR_MEMORY));
        return 1;
    }
    int p_pass = 0, p_fail = 0, z_pass = 0, z_fail = 0, mismatches = 0;
    double p_time = 0, z_time = 0;
    for (size_t i = 0; i < count; i++) {
        char path[4096], txt[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(txt, sizeof txt, "%s/%.*s.txt", dir, (int)(strrchr(names[i], '.') - names[i]),
                 names[i]);
        size_t want_len = 0;
        char *want = read_file(txt, &want_len);
        if (!want)
            continue; /* no expected text: not part of the corpus */
        uint8_t *luma = NULL;
        int w, h;
        if (camera_load_luma(path, &luma, &w, &h) != CAMERA_OK) {
            printf("%-40s unreadable image\n", names[i]);
            p_fail++;
            z_fail++;
            free(want);
            continue;
        }
        double t0 = now_s();
        int rc = decode_still(d, luma, w, h, r);
        double t1 = now_s();
        int p_ok = rc == QR_DECODE_FOUND && r->len == want_len && !memcmp(r->text, want, want_len);
        int p_wrong = rc == QR_DECODE_FOUND && !p_ok;
        int frames = r->frame_in_scene + 1;
        const char *how = rc == QR_DECODE_FOUND ? qr_attempt_name(r->attempt) : "-";
        double t2 = now_s();
        int zrc = qr_decode_zbar_default(luma, w, h, w, r);
        double t3 = now_s();
        int z_ok = zrc == QR_DECODE_FOUND && r->len == want_len && !memcmp(r->text, want, want_len);
        p_time += t1 - t0;
        z_time += t3 - t2;
        p_ok ? p_pass++ : p_fail++;
        z_ok ? z_pass++ : z_fail++;
        if (p_wrong)
            mismatches++;
        printf("%-40s pipeline=%s%s (%s, frame %d, %.1f ms)  zbar-default=%s (%.1f ms)\n",
               names[i], p_ok ? "pass" : "fail", p_wrong ? " WRONG-TEXT" : "", how,
               rc == QR_DECODE_FOUND ? frames : 0, (t1 - t0) * 1e3, z_ok ? "pass" : "fail",
               (t3 - t2) * 1e3);
        free(luma);
        free(want);
        explicit_bzero(r, sizeof *r);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    qr_decoder_free(d);
    free(r);
    if (mismatches)
        printf("# %d image(s) decoded to a text different from the expected one\n", mismatches);
    printf("# time: pipeline %.1f ms, zbar-default %.1f ms in total\n", p_time * 1e3,
           z_time * 1e3);
    printf("pipeline: %d passed, %d failed\n", p_pass, p_fail);
    printf("zbar-default: %d passed, %d failed\n", z_pass, z_fail);
    return 0;
}

static int cmd_parse(int argc, char **argv)
{
    int show = 0, status = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--show")) {
            show = 1;
            continue;
        }
        const char *t = argv[i];
        size_t n = strlen(t);
        switch (qr_payload_classify(t, n)) {
        case QR_KIND_RECEIPT: {
            char code[RECEIPT_QR_CODE_MAX];
            int rc = receipt_qr_parse(t, n, code, sizeof code);
            if (rc == RECEIPT_QR_OK)
                printf("receipt: dossier %s\n", code);
            else
                printf("receipt: invalid (%d): %s\n", rc, receipt_qr_strerror(rc));
            status |= rc != 0;
            break;
        }
        case QR_KIND_PROCEDURE: {
            char code[QR_PROCEDURE_CODE_MAX], loc[QR_PROCEDURE_CODE_MAX];
            int rc = qr_procedure_parse(t, n, code, sizeof code, loc, sizeof loc);
            if (rc == QR_PAYLOAD_OK)
                printf("procedure: %s%s%s\n", code, loc[0] ? " localised " : "", loc);
            else
                printf("procedure: invalid (%d): %s\n", rc, qr_payload_strerror(rc));
            status |= rc != 0;
            break;
        }
        case QR_KIND_CARD:
        case QR_KIND_UNKNOWN: {
            identity id;
            int rc = qr_card_parse(t, n, &id);
            if (rc == QR_PAYLOAD_OK && show)
                printf("card: id %s, old id %s, name %s, born %s, sex %s, address %s, "
                       "issued %s, expires %s\n",
                       id.id_number, id.old_id_number, id.full_name, id.date_of_birth, id.sex,
                       id.place_of_residence, id.date_of_issue, id.date_of_expiry);
            else if (rc == QR_PAYLOAD_OK)
                printf("card: valid (%s); --show prints the fields\n",
                       identity_assurance_label(id.assurance));
            else
                printf("%s: invalid (%d): %s\n", rc == QR_PAYLOAD_ERR_NOT_CARD ? "unknown" : "card",
                       rc, qr_payload_strerror(rc));
            identity_wipe(&id);
            status |= rc != 0;
            break;
        }
        }
    }
    return status;
}

static int cmd_devices(void)
{
    char paths[16][32];
    int n = camera_list(paths, 16);
    for (int i = 0; i < n; i++)
        printf("%s\n", paths[i]);
    if (n == 0)
        fprintf(stderr, "%s\n", camera_strerror(CAMERA_ERR_NO_DEVICE));
    return n ? 0 : 1;
}

static int cmd_camera(int argc, char **argv)
{
    const char *src = argc > 1 ? argv[1] : "auto";
    double seconds = argc > 2 ? atof(argv[2]) : 10.0;
    camera_config cfg;
    camera_config_default(&cfg);
    camera *cam = NULL;
    int rc = camera_open(src, &cfg, &cam);
    if (rc != CAMERA_OK) {
        fprintf(stderr, "kioskctl qr camera: %s\n", camera_strerror(rc));
        return 1;
    }
    qr_decoder *d = qr_decoder_new(NULL);
    qr_result *r = malloc(sizeof *r);
    int status = 1;
    double end = now_s() + seconds;
    unsigned long frames = 0;
    int last_rc = CAMERA_OK;
    while (d && r && now_s() < end) {
        camera_frame f;
        rc = camera_next_frame(cam, &f, 1000);
        if (rc != CAMERA_OK) {
            if (rc != last_rc) /* say it once, not once per retry */
                fprintf(stderr, "kioskctl qr camera: %s\n", camera_strerror(rc));
            last_rc = rc;
            if (rc != CAMERA_ERR_GONE && rc != CAMERA_ERR_NO_DEVICE && rc != CAMERA_ERR_TIMEOUT)
                break;
            continue;
        }
        last_rc = CAMERA_OK;
        frames++;
        if (qr_decoder_frame(d, f.luma, f.width, f.height, f.stride, r) == QR_DECODE_FOUND) {
            fwrite(r->text, 1, r->len, stdout);
            printf("\n# %dx%d, frame %d of the scene, %s\n", f.width, f.height,
                   r->frame_in_scene, qr_attempt_name(r->attempt));
            status = 0;
            break;
        }
    }
    fprintf(stderr, "# %lu frames\n", frames);
    if (r)
        explicit_bzero(r, sizeof *r);
    free(r);
    qr_decoder_free(d);
    camera_close(cam);
    return status;
}

int ctl_qr(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf("usage: kioskctl qr decode FILE...\n"
               "       kioskctl qr bench DIR\n"
               "       kioskctl qr parse [--show] TEXT...\n"
               "       kioskctl qr devices\n"
               "       kioskctl qr camera [auto|v4l2:/dev/videoN|files:PATH] [SECONDS]\n");
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "decode"))
        return cmd_decode(argc - 1, argv + 1);
    if (!strcmp(argv[1], "bench"))
        return cmd_bench(argc - 1, argv + 1);
    if (!strcmp(argv[1], "parse"))
        return cmd_parse(argc - 1, argv + 1);
    if (!strcmp(argv[1], "devices"))
        return cmd_devices();
    if (!strcmp(argv[1], "camera"))
        return cmd_camera(argc - 1, argv + 1);
    fprintf(stderr, "kioskctl qr: unknown subcommand '%s'; 'kioskctl qr --help' lists them\n",
            argv[1]);
    return 2;
}
