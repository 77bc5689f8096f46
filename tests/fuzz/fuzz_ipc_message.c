/* fuzz_ipc_message: the socket message parser (framing, requests, responses). */
#include "ipc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p;
    size_t n, used;
    size_t off = 0;
    while (off < size && ipc_frame_decode(data + off, size - off, IPC_MAX_FRAME, &p, &n, &used) ==
                             IPC_OK)
        off += used;
    ipc_request r;
    char err[96];
    if (ipc_request_parse((const char *)data, size, &r, err, sizeof err) == IPC_OK) {
        if (r.dossier) {
            size_t len;
            char *s = ipc_json_dump(r.dossier, &len);
            ipc_wipe_free(s, len);
        }
        ipc_request_free(&r);
    }
    json_t *o;
    bool ok;
    if (ipc_response_parse((const char *)data, size, &o, &ok, err, sizeof err) == IPC_OK)
        json_decref(o);
    return 0;
}
