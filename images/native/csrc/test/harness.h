/* harness.h: a minimal test harness for the C helpers' unit tests (plain C, no framework). */
#ifndef SIDECARS_TEST_HARNESS_H
#define SIDECARS_TEST_HARNESS_H
#include <stdio.h>
#include <string.h>

extern int t_passed, t_failed;
void t_check(int ok, const char *file, int line, const char *what);
void t_check_str(const char *got, const char *want, const char *file, int line, const char *what);
void t_check_long(long got, long want, const char *file, int line, const char *what);
int t_done(void); /* prints "N passed, M failed"; returns the exit status */
/* test fixtures: files below a temporary root */
const char *t_tmpdir(void);
void t_write(const char *root, const char *path, const char *content);
void t_mkdirs(const char *path);

#define CHECK(cond, what) t_check((cond) != 0, __FILE__, __LINE__, what)
#define CHECK_STR(got, want, what) t_check_str(got, want, __FILE__, __LINE__, what)
#define CHECK_LONG(got, want, what) t_check_long((long) (got), (long) (want), __FILE__, __LINE__, what)
#endif
