/* render: the SDL2 backend that draws a frame's draw list.
 *
 * It owns the textures: text runs, icons (SVG pictograms from assets/icons,
 * tinted), and QR codes, each cached and reused while they stay on screen, so
 * a steady screen uploads nothing. render_forget() drops every cached texture:
 * called when a visit ends, since text textures can hold a citizen's name. */
#ifndef KIOSK_UI_RENDER_H
#define KIOSK_UI_RENDER_H

#include <SDL2/SDL.h>

#include "ui.h"

typedef struct render render;

render *render_create(SDL_Renderer *r, ui_text *text, const char *icon_dir);
void render_destroy(render *rd);
void render_frame(render *rd, const ui_ctx *ui);
void render_forget(render *rd);
/* Save what was last drawn as a PNG (in the frame's own orientation).
 * Returns 0 or -1. */
int render_screenshot(render *rd, const char *path);
/* A panel mounted turned: the picture is drawn turned by degrees clockwise
 * (0, 90, 180, 270; anything else is 0) onto a phys_w x phys_h panel. Sets
 * the size the UI lays out for (w and h swapped for 90 and 270). Returns -1,
 * staying unrotated, if the renderer cannot draw into a texture. */
int render_set_rotation(render *rd, int degrees, int phys_w, int phys_h, int *logical_w,
                        int *logical_h);
/* A point on the panel (pixels) to the UI's coordinates, and back. */
void render_map_point(const render *rd, float px, float py, float *lx, float *ly);
void render_unmap_point(const render *rd, float lx, float ly, float *px, float *py);
/* Show the frame drawn by render_frame (turned if need be). */
void render_present(render *rd);
void render_stats(const render *rd, unsigned long *hits, unsigned long *misses);

#endif
