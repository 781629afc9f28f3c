/*
 * libc.c: the small libc wrappers of our liblibchelper.a.
 *
 * Stands in for GraalVM's libchelper wrappers (getEnviron.c, getThreadId.c, ... in GraalVM).
 * Written for this project from the @CFunction declarations in svm.jar; each exists because the
 * image cannot call the libc function directly (a macro, a variadic function, a thread-local
 * variable, or no glibc wrapper at all).
 *
 *   char **getEnviron(void)                      com.oracle.svm.core.LibCHelper: the environ variable
 *   int getThreadId(void)                        LinuxLibCHelper: the kernel thread id (gettid)
 *   long getThreadUserTimeSlow(int tid)          LinuxLibCHelper: user CPU time of thread tid in
 *                                                nanoseconds from /proc/self/task/<tid>/stat (utime),
 *                                                or -1 when it cannot be read (as HotSpot's slow path)
 *   void *mremapP(void *old, size_t oldSize, size_t newSize, int flags, void *newAddress)
 *                                                LinuxLibCHelper$NoTransitions: mremap (variadic in glibc)
 *   int openSII(char *path, int flags, int mode)    Fcntl$NoTransitions: open (variadic)
 *   int openatISII(int dirfd, char *path, int flags, int mode)   Fcntl$NoTransitions: openat (variadic)
 *   int fprintfSD(void *file, char *format, char *s, int d)       PosixVMThreads: fprintf with one
 *                                                string and one int argument (variadic); file is a FILE *
 *   void codeSynchronization_clearCache(long start, long length)  CodeSynchronizationOperations:
 *                                                makes new code at [start, start+length) visible to
 *                                                instruction fetch; AMD64 keeps I-caches coherent, so
 *                                                the compiler builtin is a no-op there, as required
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "svm_cfunctions.h"

extern char **environ;

char **getEnviron(void) {
    return environ;
}

int getThreadId(void) {
    return (int) syscall(SYS_gettid);
}

long getThreadUserTimeSlow(int tid) {
    char path[64], buf[2048];
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        return -1;
    }
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* the command name (field 2) is in parentheses and may contain spaces: start after the last ')' */
    char *p = strrchr(buf, ')');
    if (p == NULL) {
        return -1;
    }
    unsigned long utime = 0;
    /* after ')': state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu", &utime) != 1) {
        return -1;
    }
    long ticks = sysconf(_SC_CLK_TCK);
    if (ticks <= 0) {
        return -1;
    }
    return (long) (utime * (1000000000UL / (unsigned long) ticks));
}

void *mremapP(void *old, size_t old_size, size_t new_size, int flags, void *new_address) {
    return mremap(old, old_size, new_size, flags, new_address);
}

int openSII(char *path, int flags, int mode) {
    return open(path, flags, mode);
}

int openatISII(int dirfd, char *path, int flags, int mode) {
    return openat(dirfd, path, flags, mode);
}

int fprintfSD(void *file, char *format, char *s, int d) {
    return fprintf((FILE *) file, format, s, d);
}

void codeSynchronization_clearCache(long start, long length) {
    __builtin___clear_cache((char *) start, (char *) (start + length));
}
