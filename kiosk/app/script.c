/* script: the UI test runner. `kiosk --headless --script FILE --shots DIR`
 * reads one command per line and drives the kiosk by what is on screen (the
 * semantic tree), on a virtual clock, stopping at the first failure with the
 * file and line:
 *
 *   tap LABEL        tap the first enabled widget whose label contains LABEL
 *   tap-nth N        tap the N-th enabled tile, list item or button (1 = the first drawn)
 *   expect-screen NAME  the screen on show is NAME (see `screen`)
 *   type TEXT        type TEXT on the on-screen keyboard (letters or number pad)
 *   expect TEXT      TEXT is on screen
 *   expect-not TEXT  TEXT is not on screen
 *   expect-spoken ID the prompt ID was spoken since the last check
 *   expect-voice [CODE]  the last prompt was spoken in CODE (default: the visit's
 *                    language), or in Vietnamese with the fallback notice on screen
 *   wait SECONDS     let virtual time pass (idle timeouts)
 *   wait-catalog-update SECONDS  real time, until kioskd has installed a new catalog
 *   expect-layout WxH  the screens are laid out for W x H pixels (a turned panel)
 *   touch DX DY LABEL  a finger DX, DY mm (on the panel) off LABEL's centre, through
 *                    rotation and the touch offset as real touches
 *   shot NAME        save the screen as DIR/NAME.png
 *   lang CODE        switch the visit's language
 *   card NAME|-      put a simulated card on the reader ("demo") or take it away
 *   qr TEXT          the simulated camera sees a QR code with TEXT
 *   qr-receipt       the camera sees the tracking QR of the last receipt printed
 *   qr-card-demo     the camera sees the demo citizen's card QR (made at run time,
 *                    so the script itself holds no personal data)
 *   check-wiped      the demo citizen's ID number and name are nowhere in memory
 *   repeat N ... end run the lines between N times (soak tests; no nesting)
 *   corner-taps N    tap the top-left corner of the header N times (the hidden
 *                    technician gesture: not a widget, so `tap` cannot reach it)
 *   memory-mark      remember the resident memory size now
 *   memory-growth-under KIB  resident memory grew by less than KIB since the mark
 *   screen NAME      jump to a screen by name (tests of single screens)
 *   procedure CODE   load a procedure and show its page (language-independent walks)
 *   form-start       start the loaded procedure's form (after identification)
 *   submit           submit the visit's dossier (as "I agree and send" does)
 *   # ...            a comment
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>
#include <unicase.h>

#include "app.h"
#include "i18n.h"
#include "keyboard.h"
#include "memcheck.h"
#include "prompts.h"
#include "text.h"

#define FRAME_DT (1.0 / 30.0)

static void step(app *a)
{
    a->now += FRAME_DT;
    app_frame(a);
}

static void list_screen(const app *a)
{
    fprintf(stderr, "  on screen:");
    for (int i = 0; i < a->ui.nnodes; i++) {
        const ui_node *n = &a->ui.nodes[i];
        if (n->role == UI_ROLE_TEXT && strlen(n->label) > 60) {
            char cut[61];
            text_copy(cut, sizeof cut, n->label); /* never half a character */
            fprintf(stderr, " [%s...]", cut);
        } else
            fprintf(stderr, " [%s%s]", n->label, n->enabled ? "" : " (disabled)");
    }
    fprintf(stderr, "\n");
}

/* A press and release at (x, y) in UI coordinates, a frame each. */
static void press_at(app *a, float x, float y)
{
    ui_input_down(&a->ui, x, y);
    app_note_input(a);
    step(a);
    ui_input_up(&a->ui, x, y);
    step(a);
    ui_input_move(&a->ui, -1, -1);
    step(a);
}

static bool tap_node(app *a, const ui_node *n)
{
    press_at(a, n->rect.x + n->rect.w / 2, n->rect.y + n->rect.h / 2);
    return true;
}

static const ui_node *find_key(const app *a, const char *label)
{
    for (int i = 0; i < a->ui.nnodes; i++) {
        const ui_node *n = &a->ui.nodes[i];
        if (n->role == UI_ROLE_KEY && n->enabled && !strcmp(n->label, label))
            return n;
    }
    return NULL;
}

static int type_text(app *a, const char *text, char *why, size_t whysize)
{
    size_t len = strlen(text), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = text_utf8_decode(text + i, len - i, &cp);
        if (!k) {
            snprintf(why, whysize, "invalid UTF-8 in the text to type");
            return -1;
        }
        const char *keys[3];
        char scratch[3][8];
        int n;
        char digit[2] = { (char)cp, 0 };
        if (cp >= '0' && cp <= '9' && find_key(a, digit)) { /* a number pad, or digits shown */
            keys[0] = digit;
            n = 1;
        } else {
            n = kb_keys_for(cp, keys, scratch);
        }
        if (n == 0 && cp >= 0x300 && cp <= 0x36F) { /* a mark key of the language: "◌̆" */
            scratch[0][text_utf8_encode(0x25CC, scratch[0])] = '\0';
            memcpy(scratch[0] + 3, text + i, k);
            scratch[0][3 + k] = '\0';
            keys[0] = scratch[0];
            n = 1;
        } else if (n == 0) { /* a letter of the language (Ê Đê ĕ, ƀ): its key, after Shift */
            if (uc_tolower(cp) != cp)
                keys[n++] = KB_KEY_SHIFT;
            memcpy(scratch[1], text + i, k < 7 ? k : 7);
            scratch[1][k < 7 ? k : 7] = '\0';
            keys[n++] = scratch[1];
        }
        if (n == 0) {
            snprintf(why, whysize, "no key types '%.*s'", (int)k, text + i);
            return -1;
        }
        for (int j = 0; j < n; j++) {
            const ui_node *node = find_key(a, _(keys[j]));
            if (!node) { /* behind the toggle between Vietnamese and the language's letters? */
                const ui_node *t = find_key(a, _(KB_KEY_OWN_LETTERS));
                if (!t)
                    t = find_key(a, _(KB_KEY_VN_LETTERS));
                if (t) {
                    tap_node(a, t);
                    node = find_key(a, _(keys[j]));
                }
            }
            if (!node) {
                snprintf(why, whysize, "no key '%s' on screen (is a keyboard shown?)", _(keys[j]));
                return -1;
            }
            tap_node(a, node);
        }
        i += k;
    }
    return 0;
}

/* The accessibility rules, checked on every screen a script shows:
 * every button, tile, list item and key at least 20 mm in both directions;
 * text with a cap height of at least 7 mm (secondary notes at least 6.1 mm,
 * EN 301 549's figure for 500 mm); text contrast at least 7:1; and no text
 * cut because it did not fit its widget. */
static bool a11y_check(const app *a, char *why, size_t whysize)
{
    const ui_ctx *ui = &a->ui;
    float min_px = ui_mm(ui, 20) - 0.5f;
    for (int i = 0; i < ui->nnodes; i++) {
        const ui_node *n = &ui->nodes[i];
        bool target = n->role == UI_ROLE_BUTTON || n->role == UI_ROLE_TILE ||
                      n->role == UI_ROLE_LISTITEM || n->role == UI_ROLE_KEY;
        if (target && (n->rect.w < min_px || n->rect.h < min_px)) {
            snprintf(why, whysize, "accessibility: '%s' is %.1f x %.1f mm, under 20 mm", n->label,
                     n->rect.w * 25.4 / ui->dpi, n->rect.h * 25.4 / ui->dpi);
            return false;
        }
        float cap_mm = (float)ui_text_cap_height(ui->text, n->style) * 25.4f / ui->dpi;
        float need = n->style == UI_FONT_SMALL ? 6.1f : 6.95f;
        if (n->role != UI_ROLE_IMAGE && n->role != UI_ROLE_DIALOG && cap_mm < need) {
            snprintf(why, whysize, "accessibility: text of '%s' has a cap height of %.1f mm, under %.1f",
                     n->label, cap_mm, need);
            return false;
        }
        /* List items may end in "…": a list shows the start of long official
         * names, and the page it leads to shows them whole. */
        if (n->clipped && n->role != UI_ROLE_LISTITEM) {
            snprintf(why, whysize, "layout: the text of '%s' does not fit its widget", n->label);
            return false;
        }
        double c = ui_contrast_ratio(n->fg, n->bg);
        if (n->role != UI_ROLE_IMAGE && c < 7.0) {
            snprintf(why, whysize, "accessibility: '%s' has a contrast of %.1f:1, under 7:1", n->label, c);
            return false;
        }
    }
    return true;
}

/* Resident set size of this process, in KiB. */
static long rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* mkdir -p, without a shell. */
static int ensure_dir(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

int script_run(app *a, const char *path, const char *shots_dir)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "kiosk: cannot open script %s: %s\n", path, strerror(errno));
        return 2;
    }
    a->now = 1000.0; /* virtual clock */
    app_note_input(a);
    step(a);
    /* The whole script in memory, so "repeat N" ... "end" can loop. */
    enum { MAX_LINES = 4096 };
    static char *lines[MAX_LINES];
    int nlines = 0;
    char buf[2048];
    while (nlines < MAX_LINES && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        lines[nlines++] = strdup(buf);
    }
    int rc = 0, spoken_seen = 0, lineno = 0;
    int repeat_at = -1, repeat_left = 0;
    long rss_mark = 0;
    char line[2048];
    for (int pc = 0; pc < nlines; pc++) {
        lineno = pc + 1;
        snprintf(line, sizeof line, "%s", lines[pc] ? lines[pc] : "");
        char *cmd = line;
        while (*cmd == ' ' || *cmd == '\t')
            cmd++;
        if (!*cmd || *cmd == '#')
            continue;
        char *arg = strchr(cmd, ' ');
        if (arg) {
            *arg++ = '\0';
            while (*arg == ' ')
                arg++;
        } else {
            arg = cmd + strlen(cmd);
        }
        char why[512] = "";
        if (!strcmp(cmd, "repeat")) {
            repeat_left = atoi(arg);
            repeat_at = pc;
            if (repeat_left < 1 || repeat_left > 100000)
                snprintf(why, sizeof why, "repeat wants a count from 1 to 100000");
            continue;
        } else if (!strcmp(cmd, "end")) {
            if (repeat_at < 0)
                snprintf(why, sizeof why, "end without repeat");
            else if (--repeat_left > 0)
                pc = repeat_at;
            else
                repeat_at = -1;
            if (!why[0])
                continue;
        } else if (!strcmp(cmd, "corner-taps")) {
            int n = atoi(arg);
            for (int i = 0; i < n && i < 20; i++) {
                ui_input_down(&a->ui, ui_mm(&a->ui, 5), ui_mm(&a->ui, 5));
                step(a);
                ui_input_up(&a->ui, ui_mm(&a->ui, 5), ui_mm(&a->ui, 5));
                step(a);
            }
            ui_input_move(&a->ui, -1, -1);
            step(a);
        } else if (!strcmp(cmd, "memory-mark")) {
            rss_mark = rss_kb();
            struct mallinfo2 mi = mallinfo2();
            printf("%s:%d: heap in use %zu KiB at the mark\n", path, lineno, mi.uordblks / 1024);
            continue;
        } else if (!strcmp(cmd, "memory-growth-under")) {
            long limit = atol(arg), grown = rss_kb() - rss_mark;
#ifdef KIOSK_SANITIZE
            /* ASan keeps freed memory in quarantine: sizes mean nothing here;
             * this build checks for leaks at exit instead. */
            limit = -1;
            printf("%s:%d: memory growth not measured under ASan\n", path, lineno);
#endif
            if (limit < 0)
                ;
            else if (!rss_mark)
                snprintf(why, sizeof why, "no memory-mark before");
            else if (grown >= limit)
                snprintf(why, sizeof why, "memory grew by %ld KiB (limit %ld KiB)", grown, limit);
            else
                printf("%s:%d: memory grew by %ld KiB\n", path, lineno, grown);
            struct mallinfo2 mi = mallinfo2();
            printf("%s:%d: heap in use %zu KiB, free in heap %zu KiB, mmapped %zu KiB\n", path,
                   lineno, mi.uordblks / 1024, mi.fordblks / 1024, mi.hblkhd / 1024);
        } else if (!strcmp(cmd, "tap")) {
            const ui_node *n = ui_find_node(&a->ui, arg, true, true);
            if (!n)
                snprintf(why, sizeof why, "no enabled widget labelled '%s'", arg);
            else
                tap_node(a, n);
        } else if (!strcmp(cmd, "tap-nth")) {
            /* The N-th enabled tile, list item or button, in drawing order (the
             * screen's own before the bar's): walks in every language,
             * whatever the labels say. */
            int want = atoi(arg), seen = 0;
            const ui_node *n = NULL;
            for (int i = 0; i < a->ui.nnodes && !n; i++)
                if ((a->ui.nodes[i].role == UI_ROLE_TILE || a->ui.nodes[i].role == UI_ROLE_LISTITEM ||
                     a->ui.nodes[i].role == UI_ROLE_BUTTON) &&
                    a->ui.nodes[i].enabled && ++seen == want)
                    n = &a->ui.nodes[i];
            if (!n)
                snprintf(why, sizeof why, "no tile, list item or button number %d (%d on screen)",
                         want, seen);
            else
                tap_node(a, n);
        } else if (!strcmp(cmd, "expect-screen")) {
            screen_id want = app_screen_by_name(arg);
            if (want == SCREEN_COUNT)
                snprintf(why, sizeof why, "no screen named '%s'", arg);
            else if (a->screen != want)
                snprintf(why, sizeof why, "the screen on show is not '%s'", arg);
        } else if (!strcmp(cmd, "type")) {
            type_text(a, arg, why, sizeof why);
        } else if (!strcmp(cmd, "expect")) {
            if (!ui_text_visible(&a->ui, arg))
                snprintf(why, sizeof why, "'%s' is not on screen", arg);
        } else if (!strcmp(cmd, "expect-not")) {
            if (ui_text_visible(&a->ui, arg))
                snprintf(why, sizeof why, "'%s' is on screen", arg);
        } else if (!strcmp(cmd, "expect-spoken")) {
            bool found = false;
            for (int i = spoken_seen; i < a->nspoken; i++)
                if (!strcmp(a->spoken[i], arg))
                    found = true;
            if (!found)
                snprintf(why, sizeof why, "prompt '%s' was not spoken", arg);
            spoken_seen = a->nspoken;
        } else if (!strcmp(cmd, "expect-voice")) {
            const char *want = arg[0] ? arg : i18n_language(); /* default: the visit's */
            if (!a->voice_lang[0])
                snprintf(why, sizeof why, "no prompt was played (no audio file at all?)");
            else if (strcmp(a->voice_lang, want) != 0 &&
                     !(a->voice_fallback && ui_text_visible(&a->ui, _(PROMPTS_FALLBACK_NOTICE))))
                snprintf(why, sizeof why, "the prompt was spoken in '%s' without the fallback notice",
                         a->voice_lang);
        } else if (!strcmp(cmd, "wait")) {
            char *end;
            double s = strtod(arg, &end);
            if (end == arg || s < 0 || s > 86400)
                snprintf(why, sizeof why, "wait wants seconds, got '%s'", arg);
            for (double t = 0; t < s; t += 0.25) {
                a->now += 0.25;
                app_frame(a);
            }
        } else if (!strcmp(cmd, "touch")) {
            /* "touch DX DY LABEL": a finger on the panel DX, DY millimetres off
             * the centre of the widget LABEL (as a touch layer that is off
             * reports it), turned and corrected as real touches are. */
            float dx, dy, px, py, x, y;
            int used = 0;
            const ui_node *n = NULL;
            if (sscanf(arg, "%f %f %n", &dx, &dy, &used) != 2 || !arg[used])
                snprintf(why, sizeof why, "touch wants DX DY (mm) LABEL, got '%s'", arg);
            else if (!(n = ui_find_node(&a->ui, arg + used, true, true)))
                snprintf(why, sizeof why, "no enabled widget labelled '%s'", arg + used);
            if (n) {
                render_unmap_point(a->rd, n->rect.x + n->rect.w / 2, n->rect.y + n->rect.h / 2, &px,
                                   &py);
                px += dx * a->ui.dpi / 25.4f;
                py += dy * a->ui.dpi / 25.4f;
                app_touch_point(a, px, py, &x, &y);
                press_at(a, x, y);
            }
        } else if (!strcmp(cmd, "expect-layout")) {
            int w = 0, h = 0;
            if (sscanf(arg, "%dx%d", &w, &h) != 2)
                snprintf(why, sizeof why, "expect-layout wants WIDTHxHEIGHT, got '%s'", arg);
            else if (a->ui.width != w || a->ui.height != h)
                snprintf(why, sizeof why, "the screens are laid out for %dx%d", a->ui.width,
                         a->ui.height);
        } else if (!strcmp(cmd, "wait-catalog-update")) {
            /* Real time: kioskd installs the update on its own clock. */
            char *end;
            double s = strtod(arg, &end);
            if (end == arg || s <= 0 || s > 600)
                snprintf(why, sizeof why, "wait-catalog-update wants seconds, got '%s'", arg);
            struct timespec tick = { 0, 100 * 1000 * 1000 };
            double waited = 0;
            while (!why[0] && !services_catalog_changed(a) && waited < s) {
                nanosleep(&tick, NULL);
                waited += 0.1;
                app_frame(a);
            }
            if (!why[0] && !services_catalog_changed(a))
                snprintf(why, sizeof why, "no new catalog within %.0f s", s);
        } else if (!strcmp(cmd, "shot")) {
            char file[1024];
            snprintf(file, sizeof file, "%s/%s.png", shots_dir, arg);
            ensure_dir(shots_dir);
            render_frame(a->rd, &a->ui);
            if (render_screenshot(a->rd, file) != 0)
                snprintf(why, sizeof why, "cannot write %s", file);
        } else if (!strcmp(cmd, "lang")) {
            if (i18n_set_language(arg) != 0)
                snprintf(why, sizeof why, "unknown language '%s'", arg);
            step(a);
        } else if (!strcmp(cmd, "card")) {
            app_sim_card(a, strcmp(arg, "-") ? arg : "");
            step(a);
            step(a);
        } else if (!strcmp(cmd, "qr")) {
            app_sim_qr(a, arg);
            step(a);
            step(a);
        } else if (!strcmp(cmd, "qr-receipt")) {
            if (!a->last_tracking_qr[0])
                snprintf(why, sizeof why, "no receipt was printed in this run");
            else {
                app_sim_qr(a, a->last_tracking_qr);
                step(a);
                step(a);
            }
        } else if (!strcmp(cmd, "qr-card-demo")) {
            identity d;
            memset(&d, 0, sizeof d);
            identity_fill_demo(&d);
            char qr[1024];
            /* ddmmyyyy from the ISO dates, as the card prints them. */
            snprintf(qr, sizeof qr, "%s|%s|%s|%.2s%.2s%.4s|%s|%s|%.2s%.2s%.4s", d.id_number,
                     d.old_id_number, d.full_name, d.date_of_birth + 8, d.date_of_birth + 5,
                     d.date_of_birth, d.sex, d.place_of_residence, d.date_of_issue + 8,
                     d.date_of_issue + 5, d.date_of_issue);
            app_sim_qr(a, qr);
            explicit_bzero(qr, sizeof qr);
            identity_wipe(&d);
            step(a);
            step(a);
        } else if (!strcmp(cmd, "check-wiped")) {
            identity d;
            memset(&d, 0, sizeof d);
            identity_fill_demo(&d);
            unsigned char id_inv[MEMCHECK_NEEDLE_MAX], name_inv[MEMCHECK_NEEDLE_MAX];
            size_t id_n, name_n;
            memcheck_invert(d.id_number, id_inv, &id_n);
            memcheck_invert(d.full_name, name_inv, &name_n);
            identity_wipe(&d);
            char where[400];
            size_t id_hits = memcheck_find(id_inv, id_n, where, sizeof where);
            if (id_hits)
                snprintf(why, sizeof why, "the ID number is still in memory %zu times (%s)", id_hits,
                         where);
            size_t name_hits = why[0] ? 0 : memcheck_find(name_inv, name_n, where, sizeof where);
            if (name_hits)
                snprintf(why, sizeof why, "the name is still in memory %zu times (%s)", name_hits,
                         where);
        } else if (!strcmp(cmd, "procedure")) {
            if (!a->visit.active)
                app_start_visit(a, config_get(&a->cfg, "kiosk", "language", "vi"));
            if (app_load_procedure(a, arg) != 0)
                snprintf(why, sizeof why, "no procedure %s in the catalog", arg);
            else {
                a->visit.submitting = true;
                app_go(a, SCREEN_PROCEDURE);
            }
            step(a);
        } else if (!strcmp(cmd, "form-start")) {
            app_begin_form(a);
            step(a);
        } else if (!strcmp(cmd, "submit")) {
            app_submit(a);
            step(a);
        } else if (!strcmp(cmd, "screen")) {
            screen_id s = app_screen_by_name(arg);
            if (s == SCREEN_COUNT)
                snprintf(why, sizeof why, "no screen named '%s'", arg);
            else {
                if (!a->visit.active)
                    app_start_visit(a, config_get(&a->cfg, "kiosk", "language", "vi"));
                a->voice_lang[0] = '\0'; /* expect-voice hears this screen's prompt, or none */
                app_go(a, s);
                step(a);
            }
        } else {
            snprintf(why, sizeof why, "unknown command '%s'", cmd);
        }
        if (a->ui.overflow && !why[0])
            snprintf(why, sizeof why, "the screen overflowed the UI's fixed buffers");
        if (!why[0])
            a11y_check(a, why, sizeof why);
        if (why[0]) {
            fprintf(stderr, "%s:%d: %s %s: %s\n", path, lineno, cmd, arg, why);
            list_screen(a);
            char file[1024];
            snprintf(file, sizeof file, "%s/failure.png", shots_dir);
            ensure_dir(shots_dir);
            render_frame(a->rd, &a->ui);
            render_screenshot(a->rd, file);
            rc = 1;
            break;
        }
    }
    fclose(f);
    for (int i = 0; i < nlines; i++)
        free(lines[i]);
    if (rc == 0)
        printf("%s: passed (%d lines)\n", path, lineno);
    return rc;
}
