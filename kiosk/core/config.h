/* config: the kiosk's INI configuration (/etc/kiosk/kiosk.conf, overridden by
 * a kiosk.conf a technician puts on the FAT partition).
 *
 * Parsed with inih into a flat list of section.key = value strings; later files
 * override earlier ones. Typed getters return a default when a key is absent
 * and record an error when a value is malformed, so a technician gets one
 * message naming the file, line and key. Values are stripped of Windows line
 * endings and of "smart" quotes that editors on laptops insert. */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_ENTRIES 256

typedef struct config_entry {
    char section[32];
    char key[48];
    char value[256];
    char origin[128];   /* "file [section]" where the value was set */
} config_entry;

typedef struct config {
    config_entry entries[CONFIG_MAX_ENTRIES];
    int count;
    char error[320];    /* first error met, empty if none */
} config;

void config_init(config *c);

/* Load (and override with) one INI file. Returns 0, or -1 with c->error set.
 * A missing file is not an error when optional is true. */
int config_load_file(config *c, const char *path, bool optional);

/* Load from a string (tests, fuzzing). name is used in messages. */
int config_load_string(config *c, const char *text, const char *name);

/* Set a value (command-line overrides). */
void config_set(config *c, const char *section, const char *key, const char *value);

const char *config_get(const config *c, const char *section, const char *key, const char *def);
long config_get_int(config *c, const char *section, const char *key, long def, long min, long max);
double config_get_double(config *c, const char *section, const char *key, double def,
                         double min, double max);
bool config_get_bool(config *c, const char *section, const char *key, bool def);

#endif
