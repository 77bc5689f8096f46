/* camera: source selection, configuration and the pixel conversions shared by
 * the backends. See camera.h. */
#include "camera_internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "config.h"

void camera_config_default(camera_config *c)
{
    c->width = 640;
    c->height = 480;
    c->fps = 15;
}

void camera_config_load(camera_config *c, struct config *conf)
{
    camera_config_default(c);
    if (!conf)
        return;
    c->width = (int)config_get_int(conf, "camera", "width", c->width, 160, 4096);
    c->height = (int)config_get_int(conf, "camera", "height", c->height, 120, 4096);
    c->fps = (int)config_get_int(conf, "camera", "fps", c->fps, 1, 120);
}

int camera_open(const char *source, const camera_config *cfg, camera **out)
{
    camera_config def;
    if (!source || !out)
        return CAMERA_ERR_ARG;
    *out = NULL;
    if (!cfg) {
        camera_config_default(&def);
        cfg = &def;
    }
    if (!strncmp(source, "files:", 6))
        return camera_files_open(source + 6, cfg, out);
    if (!strncmp(source, "v4l2:", 5))
        return camera_v4l2_open(source + 5, 0, cfg, out);
    if (!strcmp(source, "auto"))
        return camera_v4l2_open(NULL, 1, cfg, out);
    return CAMERA_ERR_ARG;
}

int camera_next_frame(camera *cam, camera_frame *frame, int timeout_ms)
{
    if (!cam || !frame)
        return CAMERA_ERR_ARG;
    int rc = cam->ops->next(cam, frame, timeout_ms);
    if (rc == CAMERA_OK)
        frame->sequence = cam->sequence++;
    return rc;
}

void camera_close(camera *cam)
{
    if (cam)
        cam->ops->close(cam);
}

static int cmp_paths(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

int camera_list(char paths[][32], int max)
{
    DIR *dir = opendir("/dev");
    if (!dir)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < max) {
        if (strncmp(e->d_name, "video", 5) != 0 || strlen(e->d_name) > 20)
            continue;
        char path[32];
        snprintf(path, sizeof path, "/dev/%s", e->d_name);
        int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct v4l2_capability cap;
        memset(&cap, 0, sizeof cap);
        if (ioctl(fd, VIDIOC_QUERYCAP, &cap) == 0) {
            unsigned caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps
                                                                      : cap.capabilities;
            /* UVC cameras also expose a metadata node: skip what cannot capture */
            if ((caps & V4L2_CAP_VIDEO_CAPTURE) && (caps & V4L2_CAP_STREAMING))
                memcpy(paths[n++], path, sizeof path);
        }
        close(fd);
    }
    closedir(dir);
    qsort(paths, (size_t)n, sizeof paths[0], cmp_paths);
    return n;
}

void camera_yuyv_to_luma(const uint8_t *yuyv, int w, int h, int stride, uint8_t *luma)
{
    for (int j = 0; j < h; j++) {
        const uint8_t *s = yuyv + (size_t)j * (size_t)stride;
        uint8_t *d = luma + (size_t)j * (size_t)w;
        for (int i = 0; i < w; i++)
            d[i] = s[2 * i];
    }
}

const char *camera_strerror(int err)
{
    switch ((camera_err)err) {
    case CAMERA_OK:
        return "Máy ảnh hoạt động bình thường.";
    case CAMERA_ERR_ARG:
        return "Cấu hình máy ảnh không đúng (nguồn ảnh phải là auto, v4l2:/dev/videoN hoặc files:...). "
               "Xin kiểm tra tệp kiosk.conf.";
    case CAMERA_ERR_NO_DEVICE:
        return "Không tìm thấy máy ảnh. Xin kiểm tra dây cáp USB của máy ảnh.";
    case CAMERA_ERR_OPEN:
        return "Không mở được máy ảnh (đang bận hoặc thiếu quyền). Xin khởi động lại máy kiosk.";
    case CAMERA_ERR_FORMAT:
        return "Máy ảnh không hỗ trợ định dạng ảnh cần thiết (YUYV, GREY, MJPEG). Xin thay máy ảnh khác.";
    case CAMERA_ERR_IO:
        return "Máy ảnh gặp lỗi khi chụp. Xin rút ra cắm lại máy ảnh.";
    case CAMERA_ERR_TIMEOUT:
        return "Máy ảnh không gửi ảnh. Xin rút ra cắm lại máy ảnh.";
    case CAMERA_ERR_GONE:
        return "Máy ảnh vừa bị rút ra. Xin cắm lại máy ảnh; máy sẽ tự nhận lại.";
    case CAMERA_ERR_DECODE:
        return "Không đọc được ảnh từ máy ảnh hoặc tệp ảnh. Xin kiểm tra tệp ảnh hoặc thay máy ảnh.";
    case CAMERA_ERR_MEMORY:
        return "Máy hết bộ nhớ. Xin khởi động lại máy kiosk.";
    }
    return "Lỗi máy ảnh không xác định.";
}
