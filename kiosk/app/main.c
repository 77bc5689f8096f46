/* main: the kiosk program. Full screen by default; --window for a window;
 * --demo with simulated devices; --headless --script FILE --shots DIR runs a
 * UI script under SDL's offscreen driver on a virtual clock (tests).
 *
 * Lock-down: in full screen, no key combination leaves the program (Alt+F4's
 * quit request, Ctrl+C, Ctrl+Z are ignored); systemd restarts it if it dies. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <SDL2/SDL_image.h>
#include <SDL2/SDL_ttf.h>

#include "app.h"
#include "i18n.h"
#include "log.h"
#include "ipc.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "dev"
#endif

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kiosk [OPTIONS]\n"
            "The full-screen self-service kiosk.\n\n"
            "  --config FILE    read settings from FILE (may repeat; later files win;\n"
            "                   default /etc/kiosk/kiosk.conf)\n"
            "  --assets DIR     assets folder (default: the build's, or /usr/share/kiosk)\n"
            "  --demo           simulated card, camera and printer (a made-up citizen)\n"
            "  --window         run in a window instead of full screen\n"
            "  --headless       no display: SDL offscreen driver, virtual clock\n"
            "  --script FILE    run a UI script (tests/ui/*.kiosk), exit 0 if it passes\n"
            "  --shots DIR      where the script's 'shot' command writes PNG files\n"
            "  --lang CODE      start in this language (scripts: initial language)\n"
            "  --size WxH       window or offscreen size in pixels (default 1920x1080)\n"
            "  --dpi N          screen DPI (overrides [kiosk] dpi and what the screen reports)\n"
            "  --first-frame    draw one frame and exit (start-up benchmark)\n"
            "  --bench-frames N draw the home screen N times and report the cost per frame\n"
            "  --version        print the version\n");
}

static double real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void default_assets(char *out, size_t size, const char *argv0)
{
    /* Next to the build: bin/kiosk -> ../share/kiosk; installed: /usr/share/kiosk. */
    char path[512];
    snprintf(path, sizeof path, "%s", argv0);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        char probe[600];
        snprintf(probe, sizeof probe, "%s/../share/kiosk/icons", path);
        FILE *f = fopen(probe, "r");
        if (f) {
            fclose(f);
            snprintf(out, size, "%s/../share/kiosk", path);
            return;
        }
    }
    snprintf(out, size, "/usr/share/kiosk");
}

int app_init(app *a, int width, int height, float dpi)
{
    if (a->headless) {
        setenv("SDL_VIDEODRIVER", "offscreen", 0);
        /* Software rendering needs no GPU driver: keep SDL from probing EGL
         * (the driver libraries it would load and unload leak at exit). */
        setenv("SDL_VIDEO_EGL_DRIVER", "no-egl-in-headless-mode", 0);
        setenv("SDL_AUDIODRIVER", "dummy", 0);
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    }
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        snprintf(a->error, sizeof a->error, "cannot start the display: %s", SDL_GetError());
        return -1;
    }
    if (TTF_Init() != 0 || !(IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG)) {
        snprintf(a->error, sizeof a->error, "cannot start fonts or images: %s", SDL_GetError());
        return -1;
    }
    Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    if (!a->headless && !a->windowed)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    a->window = SDL_CreateWindow("Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width,
                                 height, flags);
    if (!a->window) {
        snprintf(a->error, sizeof a->error, "cannot open the window: %s", SDL_GetError());
        return -1;
    }
    a->renderer = SDL_CreateRenderer(a->window, -1, a->headless ? SDL_RENDERER_SOFTWARE : 0);
    if (!a->renderer)
        a->renderer = SDL_CreateRenderer(a->window, -1, SDL_RENDERER_SOFTWARE);
    if (!a->renderer) {
        snprintf(a->error, sizeof a->error, "cannot draw on the screen: %s", SDL_GetError());
        return -1;
    }
    int w, h;
    SDL_GetRendererOutputSize(a->renderer, &w, &h);
    a->panel_w = w;
    a->panel_h = h;
    if (dpi <= 0) {
        float ddpi = 0;
        if (!a->headless && SDL_GetDisplayDPI(0, &ddpi, NULL, NULL) == 0 && ddpi > 50 && ddpi < 600)
            dpi = ddpi;
        else
            dpi = 102; /* a 21.5" 1920x1080 panel, the usual kiosk screen */
    }
    if (!a->headless && !a->windowed)
        SDL_ShowCursor(SDL_DISABLE);
    char err[512];
    a->text = ui_text_open(a->font_dir, dpi, err, sizeof err);
    if (!a->text) {
        snprintf(a->error, sizeof a->error, "%s", err);
        return -1;
    }
    char icons[600];
    snprintf(icons, sizeof icons, "%s/icons", a->assets_dir);
    a->rd = render_create(a->renderer, a->text, icons);
    if (!a->rd) {
        snprintf(a->error, sizeof a->error, "out of memory");
        return -1;
    }
    /* A panel mounted in portrait (or upside down): draw turned, lay out for
     * the turned size, and turn touches back. */
    a->rotation = (int)config_get_int(&a->cfg, "kiosk", "rotation", 0, 0, 270);
    if (a->rotation % 90 != 0) {
        log_event("app", "event=rotation-ignored value=%d", a->rotation);
        a->rotation = 0;
    }
    if (render_set_rotation(a->rd, a->rotation, w, h, &w, &h) != 0)
        log_event("app", "event=rotation-unsupported");
    ui_init(&a->ui, a->text, w, h, dpi);
    /* Touches that land off target by the same amount everywhere (a panel's
     * touch layer slightly shifted): measured on the technician screen. */
    a->touch_dx = (float)config_get_double(&a->cfg, "kiosk", "touch_offset_x_mm", 0, -30, 30) *
                  dpi / 25.4f;
    a->touch_dy = (float)config_get_double(&a->cfg, "kiosk", "touch_offset_y_mm", 0, -30, 30) *
                  dpi / 25.4f;
    a->idle_after = (double)config_get_int(&a->cfg, "kiosk", "idle_warning_s", 60, 20, 600);
    a->idle_countdown = (double)config_get_int(&a->cfg, "kiosk", "idle_countdown_s", 30, 20, 300);
    a->idle_max_extensions = (int)config_get_int(&a->cfg, "kiosk", "idle_extensions", 10, 10, 100);
    char i18n_dir[600];
    snprintf(i18n_dir, sizeof i18n_dir, "%s/i18n", a->assets_dir);
    i18n_init(i18n_dir);
    services_open(a);
    app_end_visit(a);
    return 0;
}

void app_shutdown(app *a)
{
    app_end_visit(a);
    services_close(a);
    render_destroy(a->rd);
    ui_text_close(a->text);
    i18n_shutdown();
    if (a->renderer)
        SDL_DestroyRenderer(a->renderer);
    if (a->window)
        SDL_DestroyWindow(a->window);
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
}

/* Keys never reach a shell; in full screen nothing quits. Typing on a
 * physical keyboard is not offered to citizens. */
static void handle_event(app *a, const SDL_Event *e)
{
    ui_ctx *ui = &a->ui;
    float x, y;
    switch (e->type) {
    case SDL_QUIT:
        if (a->windowed)
            a->quit = true;
        break;
    case SDL_MOUSEMOTION:
        render_map_point(a->rd, (float)e->motion.x, (float)e->motion.y, &x, &y);
        ui_input_move(ui, x, y);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.which != SDL_TOUCH_MOUSEID) {
            render_map_point(a->rd, (float)e->button.x, (float)e->button.y, &x, &y);
            ui_input_down(ui, x, y);
            app_note_input(a);
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.which != SDL_TOUCH_MOUSEID) {
            render_map_point(a->rd, (float)e->button.x, (float)e->button.y, &x, &y);
            ui_input_up(ui, x, y);
        }
        break;
    case SDL_FINGERDOWN: /* finger positions are 0..1 across the panel */
        app_touch_point(a, e->tfinger.x * (float)a->panel_w, e->tfinger.y * (float)a->panel_h, &x, &y);
        ui_input_down(ui, x, y);
        app_note_input(a);
        break;
    case SDL_FINGERUP:
        app_touch_point(a, e->tfinger.x * (float)a->panel_w, e->tfinger.y * (float)a->panel_h, &x, &y);
        ui_input_up(ui, x, y);
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            int w, h;
            SDL_GetRendererOutputSize(a->renderer, &w, &h);
            a->panel_w = w;
            a->panel_h = h;
            render_set_rotation(a->rd, a->rotation, w, h, &w, &h);
            ui->width = w;
            ui->height = h;
        }
        break;
    default:
        break;
    }
}

static int run_interactive(app *a)
{
    /* Draw when something happened, and at least 4 times a second (countdowns). */
    double last_draw = 0;
    while (!a->quit) {
        SDL_Event e;
        bool dirty = false;
        if (SDL_WaitEventTimeout(&e, 250)) {
            do {
                handle_event(a, &e);
                dirty = true;
            } while (SDL_PollEvent(&e));
        }
        a->now = real_now();
        if (dirty || a->now - last_draw >= 0.25) {
            app_frame(a);
            app_present(a);
            last_draw = a->now;
        }
    }
    return 0;
}

/* Demo mode without a display: walk through the screens and save pictures. */
static int run_demo_shots(app *a, const char *dir)
{
    static const char *const steps[][2] = {
        { "shot", "01-attract" },       { "tap", "Tiếng Việt" },
        { "shot", "02-home" },          { "tap", "Tra cứu thủ tục" },
        { "type", "khai sinh" },        { "shot", "03-search" },
        { "tap", "đăng ký khai sinh" }, { "shot", "04-procedure" },
        { "tap", "Nộp hồ sơ thủ tục này" }, { "shot", "05-identify" },
        { "qr-card-demo", "" },         { "card", "demo" },
        { "shot", "06-confirm" },       { "tap", "Làm lại" },
        { "shot", "07-attract" },
    };
    char path[600];
    snprintf(path, sizeof path, "%s/demo.kiosk", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "kiosk: cannot write %s\n", path);
        return 1;
    }
    for (unsigned i = 0; i < sizeof steps / sizeof steps[0]; i++)
        fprintf(f, "%s %s\n", steps[i][0], steps[i][1]);
    fclose(f);
    int rc = script_run(a, path, dir);
    if (rc == 0)
        printf("kiosk: no display; demo screenshots written to %s/\n", dir);
    return rc;
}

int main(int argc, char **argv)
{
    static app a; /* large: keep it off the stack */
    ipc_json_use_wiping_allocator(); /* JSON holds dossiers: wipe it when freed */
    const char *script = NULL, *shots = NULL, *lang = NULL;
    const char *configs[8];
    int nconfigs = 0;
    int width = 1920, height = 1080;
    float dpi = 0;
    bool first_frame = false;
    long bench_frames = 0;
    config_init(&a.cfg);
    default_assets(a.assets_dir, sizeof a.assets_dir, argv[0]);
    static const struct option opts[] = {
        { "config", required_argument, 0, 'c' }, { "assets", required_argument, 0, 'a' },
        { "demo", no_argument, 0, 'd' },         { "window", no_argument, 0, 'w' },
        { "headless", no_argument, 0, 'H' },     { "script", required_argument, 0, 's' },
        { "shots", required_argument, 0, 'o' },  { "lang", required_argument, 0, 'l' },
        { "size", required_argument, 0, 'z' },   { "dpi", required_argument, 0, 'D' },
        { "first-frame", no_argument, 0, 'F' },  { "version", no_argument, 0, 'V' },
        { "bench-frames", required_argument, 0, 'B' },
        { "help", no_argument, 0, 'h' },         { 0, 0, 0, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (nconfigs < 8)
                configs[nconfigs++] = optarg;
            break;
        case 'a': snprintf(a.assets_dir, sizeof a.assets_dir, "%s", optarg); break;
        case 'd': a.demo = true; break;
        case 'w': a.windowed = true; break;
        case 'H': a.headless = true; break;
        case 's': script = optarg; break;
        case 'o': shots = optarg; break;
        case 'l': lang = optarg; break;
        case 'z':
            if (sscanf(optarg, "%dx%d", &width, &height) != 2 || width < 320 || height < 240) {
                fprintf(stderr, "kiosk: --size wants WIDTHxHEIGHT, e.g. 1920x1080\n");
                return 2;
            }
            break;
        case 'D': dpi = strtof(optarg, NULL); break;
        case 'F': first_frame = true; break;
        case 'B': bench_frames = strtol(optarg, NULL, 10); break;
        case 'V': printf("kiosk %s\n", KIOSK_VERSION); return 0;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (nconfigs == 0 && !script)
        configs[nconfigs++] = "/etc/kiosk/kiosk.conf";
    for (int i = 0; i < nconfigs; i++)
        if (config_load_file(&a.cfg, configs[i], i == 0 && nconfigs == 1) != 0)
            fprintf(stderr, "kiosk: config: %s\n", a.cfg.error);
    if (lang)
        config_set(&a.cfg, "kiosk", "language", lang);
    if (dpi <= 0)
        dpi = (float)config_get_double(&a.cfg, "kiosk", "dpi", 0, 0, 1000);
    snprintf(a.font_dir, sizeof a.font_dir, "%s",
             config_get(&a.cfg, "kiosk", "font_dir", "/usr/share/fonts/truetype/noto"));
    if (bench_frames > 0)
        a.headless = first_frame = true;
    if (script)
        a.demo = true; /* scripts drive simulated devices */
    bool no_display = !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") &&
                      (!getenv("SDL_VIDEODRIVER") || !strcmp(getenv("SDL_VIDEODRIVER"), "offscreen"));
    if (script) {
        a.headless = true;
    } else if (a.demo && no_display) {
        a.headless = true; /* demo without a display: a folder of screenshots */
        if (!shots)
            shots = "demo-shots";
    }
    if (!a.windowed && !a.headless) {
        /* Full screen: Ctrl+C, Ctrl+\ and Ctrl+Z from a console do nothing. */
        signal(SIGINT, SIG_IGN);
        signal(SIGQUIT, SIG_IGN);
        signal(SIGTSTP, SIG_IGN);
    }
    double t0 = real_now();
    if (app_init(&a, width, height, dpi) != 0) {
        fprintf(stderr, "kiosk: %s\n", a.error);
        app_shutdown(&a);
        return 1;
    }
    int rc;
    if (first_frame) {
        a.now = real_now();
        app_frame(&a);
        app_present(&a);
        double t1 = real_now();
        printf("first-frame-ms %.1f\n", (t1 - t0) * 1000.0);
        if (bench_frames > 0) {
            /* A steady screen: the home screen drawn again and again. The first
             * home frame fills the caches; the rest should cost little. */
            app_start_visit(&a, "vi");
            app_frame(&a);
            app_present(&a);
            double t2 = real_now();
            for (long i = 0; i < bench_frames; i++) {
                a.now = real_now();
                app_frame(&a);
                app_present(&a);
            }
            double per = (real_now() - t2) * 1000.0 / (double)bench_frames;
            unsigned long hits, misses;
            render_stats(a.rd, &hits, &misses);
            printf("first-home-frame-ms %.2f\nsteady-frame-ms %.3f\ntexture-cache hits=%lu misses=%lu\n",
                   (t2 - t1) * 1000.0, per, hits, misses);
        }
        rc = 0;
    } else if (script) {
        rc = script_run(&a, script, shots ? shots : ".");
    } else if (a.headless) {
        mkdir(shots, 0755);
        rc = run_demo_shots(&a, shots);
    } else {
        rc = run_interactive(&a);
    }
    app_shutdown(&a);
    return rc;
}
