/* harness.c: see harness.h */
#define _GNU_SOURCE
#include "harness.h"
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int t_passed, t_failed;

void t_check(int ok, const char *file, int line, const char *what) {
    if (ok) {
        t_passed++;
        printf("ok %d - %s\n", t_passed + t_failed, what);
    } else {
        t_failed++;
        printf("not ok %d - %s (%s:%d)\n", t_passed + t_failed, what, file, line);
    }
}

void t_check_str(const char *got, const char *want, const char *file, int line, const char *what) {
    int ok = (got == NULL && want == NULL) || (got != NULL && want != NULL && strcmp(got, want) == 0);
    t_check(ok, file, line, what);
    if (!ok) {
        printf("#   got \"%s\", want \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
    }
}

void t_check_long(long got, long want, const char *file, int line, const char *what) {
    t_check(got == want, file, line, what);
    if (got != want) {
        printf("#   got %ld, want %ld\n", got, want);
    }
}

int t_done(void) {
    printf("%d passed, %d failed\n", t_passed, t_failed);
    return t_failed == 0 ? 0 : 1;
}

const char *t_tmpdir(void) {
    static char dir[256];
    snprintf(dir, sizeof(dir), "/tmp/svm-ctest-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        exit(2);
    }
    return dir;
}

void t_mkdirs(const char *path) {
    char p[4096];
    snprintf(p, sizeof(p), "%s", path);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    }
    mkdir(p, 0755);
}

void t_write(const char *root, const char *path, const char *content) {
    char full[4096], dir[4096];
    snprintf(full, sizeof(full), "%s%s", root, path);
    snprintf(dir, sizeof(dir), "%s", full);
    char *slash = strrchr(dir, '/');
    if (slash != NULL) {
        *slash = '\0';
        t_mkdirs(dir);
    }
    FILE *f = fopen(full, "w");
    if (f == NULL) {
        perror(full);
        exit(2);
    }
    fputs(content, f);
    fclose(f);
}
