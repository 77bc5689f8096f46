/* secmem: wipe-on-free allocation. See secmem.h.
 *
 * Blocks are plain malloc blocks, so a buffer jansson hands out (json_dumps)
 * may still be released with free() by code that does not know about us;
 * secmem_free wipes the whole usable size glibc reports before freeing. */
#include "secmem.h"

#include <jansson.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

void *secmem_malloc(size_t size)
{
    return malloc(size);
}

void secmem_free(void *ptr)
{
    if (!ptr)
        return;
    explicit_bzero(ptr, malloc_usable_size(ptr));
    free(ptr);
}

void secmem_install_json(void)
{
    json_set_alloc_funcs(secmem_malloc, secmem_free);
}
