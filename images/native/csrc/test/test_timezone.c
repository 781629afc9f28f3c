/* Unit tests of timezone.c: TZ, /etc/timezone, /etc/localtime as a link and as a copy. */
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "svm_cfunctions.h"
#include "svm_internal.h"

static void check_tz(const char *root, const char *want, const char *what) {
    char *got = svm_find_tz_under(root);
    CHECK_STR(got, want, what);
    free(got);
}

int main(void) {
    char root[512], path[1024];
    snprintf(root, sizeof(root), "%s", t_tmpdir());
    unsetenv("TZ");
    check_tz(root, NULL, "nothing configured: NULL (the image then uses GMT)");

    t_write(root, "/usr/share/zoneinfo/Europe/Berlin", "TZif2 Berlin data");
    t_write(root, "/usr/share/zoneinfo/Asia/Tokyo", "TZif2 Tokyo data");
    t_write(root, "/usr/share/zoneinfo/posix/Asia/Tokyo", "TZif2 Tokyo data");
    t_write(root, "/etc/localtime", "TZif2 Tokyo data");
    check_tz(root, "Asia/Tokyo", "/etc/localtime as a copy: found in zoneinfo (posix/ skipped)");

    snprintf(path, sizeof(path), "%s/etc/localtime", root);
    unlink(path);
    if (symlink("/usr/share/zoneinfo/Europe/Berlin", path) != 0) {
        return 2;
    }
    check_tz(root, "Europe/Berlin", "/etc/localtime as a link: the name after zoneinfo/");
    unlink(path);
    if (symlink("../usr/share/zoneinfo/posix/America/New_York", path) != 0) {
        return 2;
    }
    check_tz(root, "America/New_York", "a relative link into zoneinfo/posix/");

    t_write(root, "/etc/timezone", "Europe/Paris\n");
    check_tz(root, "Europe/Paris", "/etc/timezone (Debian) comes before /etc/localtime");

    setenv("TZ", "Asia/Tokyo", 1);
    check_tz(root, "Asia/Tokyo", "TZ comes first");
    setenv("TZ", ":Europe/Berlin", 1);
    check_tz(root, "Europe/Berlin", "a leading ':' is ignored");
    setenv("TZ", "posix/Europe/Berlin", 1);
    check_tz(root, "Europe/Berlin", "a posix/ prefix is ignored");
    setenv("TZ", "/usr/share/zoneinfo/America/Sao_Paulo", 1);
    check_tz(root, "America/Sao_Paulo", "a zoneinfo path is reduced to its ID");
    setenv("TZ", "UTC", 1);
    check_tz(root, "UTC", "TZ=UTC");
    setenv("TZ", "", 1);
    check_tz(root, "Europe/Paris", "an empty TZ counts as unset");
    unsetenv("TZ");
    char *sys = SVM_FindJavaTZmd(NULL, 0);
    printf("# this machine: %s\n", sys ? sys : "(none)");
    free(sys);
    return t_done();
}
