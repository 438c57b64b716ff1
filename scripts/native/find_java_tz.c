/*
 * libjava.so keeps findJavaTZ_md to itself (hidden visibility), but SubstrateVM's time zone code calls it directly.
 * This version reads, in order, TZ, /etc/timezone and the target of the /etc/localtime link; it returns NULL
 * otherwise, and Java then uses GMT. It does not compare /etc/localtime's contents with the zoneinfo files.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *zone_name(const char *path) {
    const char *zoneinfo = strstr(path, "zoneinfo/");
    const char *name = zoneinfo != NULL ? zoneinfo + strlen("zoneinfo/") : path;
    if (strncmp(name, "posix/", 6) == 0 || strncmp(name, "right/", 6) == 0) {
        name += 6;
    }
    return name;
}

char *findJavaTZ_md(const char *java_home_dir) {
    (void) java_home_dir;
    const char *tz = getenv("TZ");
    if (tz != NULL && *tz != '\0') {
        return strdup(zone_name(*tz == ':' ? tz + 1 : tz));
    }
    FILE *file = fopen("/etc/timezone", "r");
    if (file != NULL) {
        char line[256];
        char *read = fgets(line, sizeof line, file);
        fclose(file);
        if (read != NULL) {
            line[strcspn(line, " \t\n")] = '\0';
            if (line[0] != '\0') {
                return strdup(line);
            }
        }
    }
    char target[PATH_MAX + 1];
    ssize_t length = readlink("/etc/localtime", target, PATH_MAX);
    if (length > 0) {
        target[length] = '\0';
        if (strstr(target, "zoneinfo/") != NULL) {
            return strdup(zone_name(target));
        }
    }
    return NULL;
}
