/* secmem: allocation functions that wipe memory when it is freed, for
 * libraries that hold personal data in buffers we do not own (jansson builds
 * the dossier and the kioskd messages). Install with secmem_install_json(). */
#ifndef KIOSK_SECMEM_H
#define KIOSK_SECMEM_H

#include <stddef.h>

void *secmem_malloc(size_t size);
/* Wipes the whole block (malloc_usable_size), then frees it. Blocks from
 * secmem_malloc may also be freed with free() (no wipe then). */
void secmem_free(void *p);
/* Make jansson allocate through secmem (call once, before any JSON is made). */
void secmem_install_json(void);

#endif
