/*
 * timezone.c: the default-time-zone function of our liblibchelper.a.
 *
 * Stands in for GraalVM's libchelper time-zone code. Written for this project from the contract in
 * svm.jar (com.oracle.svm.core.LibCHelper.SVM_FindJavaTZmd, called by
 * Target_java_util_TimeZone.getSystemTimeZoneID) and from the lookup order of the JDK's
 * TimeZone_md.c on Linux.
 *
 * Contract: char *SVM_FindJavaTZmd(char *tzmappings, int length)
 *   Returns the platform's time-zone ID (e.g. "Asia/Tokyo") in memory from malloc (the image frees
 *   it), or NULL when none can be determined (java.util.TimeZone then uses GMT). tzmappings is the
 *   Windows mapping table and is not used on Linux. TO_NATIVE: may do file I/O.
 *
 * Order, as the JDK: the TZ variable (a leading ':' and a "posix/" prefix are ignored; an absolute
 * path below a zoneinfo directory is reduced to its ID, which the JDK does not do and which would
 * otherwise make TZ=/usr/share/zoneinfo/Europe/Paris fall back to GMT); then /etc/timezone (Debian);
 * then /etc/localtime as a symbolic link into a zoneinfo directory; then /etc/localtime as a copy of
 * one of the files under /usr/share/zoneinfo (found by comparing contents; the "posix" and "right"
 * trees, "localtime", "posixrules" and "ROC" are skipped as the JDK skips them).
 * Every path is read below a root ("" for the system; a fake tree in the unit tests).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svm_cfunctions.h"
#include "svm_internal.h"

#define ZONEINFO "/usr/share/zoneinfo"

/* "…/zoneinfo/Area/City" -> "Area/City"; NULL if there is no zoneinfo component */
static const char *after_zoneinfo(const char *path) {
    const char *p = strstr(path, "zoneinfo/");
    return p != NULL ? p + strlen("zoneinfo/") : NULL;
}

static char *from_tz_variable(const char *tz) {
    if (*tz == ':') {
        tz++;
    }
    if (strncmp(tz, "posix/", 6) == 0) {
        tz += 6;
    }
    if (tz[0] == '/') {
        const char *id = after_zoneinfo(tz);
        if (id != NULL) {
            if (strncmp(id, "posix/", 6) == 0) {
                id += 6;
            }
            return strdup(id);
        }
    }
    return tz[0] != '\0' ? strdup(tz) : NULL;
}

static char *read_file(const char *path, size_t *size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (16 << 20)) {
        close(fd);
        return NULL;
    }
    char *buf = malloc((size_t) st.st_size + 1);
    size_t done = 0;
    while (buf != NULL && done < (size_t) st.st_size) {
        ssize_t n = read(fd, buf + done, (size_t) st.st_size - done);
        if (n <= 0) {
            free(buf);
            buf = NULL;
            break;
        }
        done += (size_t) n;
    }
    close(fd);
    if (buf != NULL) {
        buf[done] = '\0';
        *size = done;
    }
    return buf;
}

static int skipped(const char *name) {
    return name[0] == '.' || strcmp(name, "posix") == 0 || strcmp(name, "right") == 0 || strcmp(name, "localtime") == 0
           || strcmp(name, "posixrules") == 0 || strcmp(name, "ROC") == 0;
}

/* Depth-first search of dir for a regular file equal to data; returns its path relative to base. */
static char *find_same_file(const char *base, const char *rel, const char *data, size_t size, int depth) {
    if (depth > 8) {
        return NULL;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s%s%s", base, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (d == NULL) {
        return NULL;
    }
    char *result = NULL;
    struct dirent *e;
    while (result == NULL && (e = readdir(d)) != NULL) {
        if (skipped(e->d_name)) {
            continue;
        }
        char path[PATH_MAX], childrel[PATH_MAX];
        snprintf(childrel, sizeof(childrel), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(path, sizeof(path), "%s/%s", base, childrel);
        struct stat st;
        if (stat(path, &st) != 0) {
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            result = find_same_file(base, childrel, data, size, depth + 1);
        } else if (S_ISREG(st.st_mode) && (size_t) st.st_size == size) {
            size_t other_size;
            char *other = read_file(path, &other_size);
            if (other != NULL && other_size == size && memcmp(other, data, size) == 0) {
                result = strdup(childrel);
            }
            free(other);
        }
    }
    closedir(d);
    return result;
}

char *svm_find_tz_under(const char *root) {
    const char *tz = getenv("TZ");
    if (tz != NULL && tz[0] != '\0') {
        char *id = from_tz_variable(tz);
        if (id != NULL) {
            return id;
        }
    }
    char path[PATH_MAX];

    /* Debian's /etc/timezone */
    snprintf(path, sizeof(path), "%s/etc/timezone", root);
    size_t size;
    char *text = read_file(path, &size);
    if (text != NULL) {
        text[strcspn(text, " \t\r\n")] = '\0';
        if (text[0] != '\0') {
            return text;
        }
        free(text);
    }

    /* /etc/localtime -> .../zoneinfo/Area/City */
    snprintf(path, sizeof(path), "%s/etc/localtime", root);
    char link[PATH_MAX];
    ssize_t n = readlink(path, link, sizeof(link) - 1);
    if (n > 0) {
        link[n] = '\0';
        const char *id = after_zoneinfo(link);
        if (id != NULL) {
            if (strncmp(id, "posix/", 6) == 0) {
                id += 6;
            }
            return strdup(id);
        }
    }

    /* a copy of a zoneinfo file */
    char *data = read_file(path, &size);
    if (data != NULL) {
        char zoneinfo[PATH_MAX];
        snprintf(zoneinfo, sizeof(zoneinfo), "%s%s", root, ZONEINFO);
        char *id = find_same_file(zoneinfo, "", data, size, 0);
        free(data);
        if (id != NULL) {
            return id;
        }
    }
    return NULL;
}

char *SVM_FindJavaTZmd(char *tzmappings, int length) {
    (void) tzmappings; /* Windows only */
    (void) length;
    return svm_find_tz_under("");
}
