/* camera_internal: the backend table behind camera.h. Not for users. */
#ifndef KIOSK_CAMERA_INTERNAL_H
#define KIOSK_CAMERA_INTERNAL_H

#include "camera.h"

typedef struct camera_ops {
    int (*next)(camera *cam, camera_frame *frame, int timeout_ms);
    void (*close)(camera *cam);
} camera_ops;

struct camera {
    const camera_ops *ops;
    camera_config cfg;
    uint64_t sequence;
    void *impl;
};

int camera_files_open(const char *list, const camera_config *cfg, camera **out);
int camera_v4l2_open(const char *device, int auto_reopen, const camera_config *cfg,
                     camera **out);

#endif
