/* camera_files: the image-file frame source (tests, demo mode). See camera.h.
 *
 * The list is read once at open (a directory's image files sorted by name);
 * images are decoded lazily, one at a time, so a long demo sequence costs the
 * memory of one image. */
#include "camera_internal.h"

#include <SDL.h>
#include <SDL_image.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FILES_MAX 4096

typedef struct files_impl {
    char **paths;
    int count;
    int next;
    uint8_t *luma;
} files_impl;

int camera_load_luma(const char *path, uint8_t **luma, int *w, int *h)
{
    if (!path || !luma || !w || !h)
        return CAMERA_ERR_ARG;
    *luma = NULL;
    SDL_Surface *s = IMG_Load(path);
    if (!s)
        return CAMERA_ERR_DECODE;
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
    SDL_FreeSurface(s);
    if (!rgb)
        return CAMERA_ERR_DECODE;
    if (rgb->w <= 0 || rgb->h <= 0 || rgb->w > 16384 || rgb->h > 16384) {
        SDL_FreeSurface(rgb);
        return CAMERA_ERR_DECODE;
    }
    uint8_t *out = malloc((size_t)rgb->w * (size_t)rgb->h);
    if (!out) {
        SDL_FreeSurface(rgb);
        return CAMERA_ERR_MEMORY;
    }
    for (int y = 0; y < rgb->h; y++) {
        const uint8_t *p = (const uint8_t *)rgb->pixels + (size_t)y * (size_t)rgb->pitch;
        uint8_t *o = out + (size_t)y * (size_t)rgb->w;
        for (int x = 0; x < rgb->w; x++)
            o[x] = (uint8_t)((77 * p[3 * x] + 150 * p[3 * x + 1] + 29 * p[3 * x + 2] + 128) >> 8);
    }
    *w = rgb->w;
    *h = rgb->h;
    *luma = out;
    SDL_FreeSurface(rgb);
    return CAMERA_OK;
}

static int is_image_name(const char *n)
{
    const char *dot = strrchr(n, '.');
    if (!dot)
        return 0;
    return !strcasecmp(dot, ".png") || !strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg") ||
           !strcasecmp(dot, ".pgm") || !strcasecmp(dot, ".ppm") || !strcasecmp(dot, ".bmp");
}

static int add_path(files_impl *f, const char *p)
{
    if (f->count >= FILES_MAX)
        return -1;
    char *copy = strdup(p);
    if (!copy)
        return -1;
    f->paths[f->count++] = copy;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_dir(files_impl *f, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int first = f->count;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_image_name(e->d_name))
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (add_path(f, p) != 0)
            break;
    }
    closedir(d);
    qsort(f->paths + first, (size_t)(f->count - first), sizeof *f->paths, cmp_str);
    return 0;
}

static void files_close(camera *cam)
{
    files_impl *f = cam->impl;
    for (int i = 0; i < f->count; i++)
        free(f->paths[i]);
    free(f->paths);
    free(f->luma);
    free(f);
    free(cam);
}

static int files_next(camera *cam, camera_frame *frame, int timeout_ms)
{
    (void)timeout_ms;
    files_impl *f = cam->impl;
    free(f->luma);
    f->luma = NULL;
    int w = 0, h = 0;
    int rc = camera_load_luma(f->paths[f->next], &f->luma, &w, &h);
    f->next = (f->next + 1) % f->count;
    if (rc != CAMERA_OK)
        return rc;
    frame->luma = f->luma;
    frame->width = w;
    frame->height = h;
    frame->stride = w;
    return CAMERA_OK;
}

static const camera_ops files_ops = { files_next, files_close };

int camera_files_open(const char *list, const camera_config *cfg, camera **out)
{
    camera *cam = calloc(1, sizeof *cam);
    files_impl *f = calloc(1, sizeof *f);
    if (f)
        f->paths = calloc(FILES_MAX, sizeof *f->paths);
    if (!cam || !f || !f->paths) {
        if (f)
            free(f->paths);
        free(f);
        free(cam);
        return CAMERA_ERR_MEMORY;
    }
    cam->ops = &files_ops;
    cam->cfg = *cfg;
    cam->impl = f;
    char *copy = strdup(list);
    int rc = copy ? CAMERA_OK : CAMERA_ERR_MEMORY;
    for (char *save = NULL, *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && rc == CAMERA_OK;
         tok = strtok_r(NULL, ",", &save)) {
        struct stat st;
        if (stat(tok, &st) != 0)
            rc = CAMERA_ERR_NO_DEVICE;
        else if (S_ISDIR(st.st_mode))
            rc = add_dir(f, tok) == 0 ? CAMERA_OK : CAMERA_ERR_NO_DEVICE;
        else
            rc = add_path(f, tok) == 0 ? CAMERA_OK : CAMERA_ERR_MEMORY;
    }
    free(copy);
    if (rc == CAMERA_OK && f->count == 0)
        rc = CAMERA_ERR_NO_DEVICE;
    if (rc != CAMERA_OK) {
        files_close(cam);
        return rc;
    }
    *out = cam;
    return CAMERA_OK;
}
