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
/* Save what was last drawn as a PNG. Returns 0 or -1. */
int render_screenshot(render *rd, const char *path);
void render_stats(const render *rd, unsigned long *hits, unsigned long *misses);

#endif
