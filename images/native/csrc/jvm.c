/*
 * jvm.c: our libjvm.a, the JVM_* and jio_* functions that the static JDK libraries
 * (libjava.a, libnio.a, libnet.a, ...) call and that the image links.
 *
 * Stands in for GraalVM's libjvm (com.oracle.svm.native.jvm.posix). Written for this project from
 * the JDK's jvm.h (of the OpenJDK source the static libraries are built from) and from the
 * contract in svm.jar (com.oracle.svm.core.jdk.Jvm: initialize and JVM_ActiveProcessorCount).
 *
 * Only functions that an image really pulls in at link time are defined here (the toolchain's
 * link test and the self-test images show which): every other JVM_* function stays undefined on
 * purpose, so that an image needing one fails to link with that name, instead of running a stub
 * that returns a wrong answer. Each function here is a real implementation:
 *
 *   void initialize(void)              com.oracle.svm.core.jdk.Jvm.initialize, called once at start-up:
 *                                      nothing to set up (kept for the contract)
 *   int  JVM_ActiveProcessorCount(void)  as HotSpot's os::active_processor_count: the CPUs in our
 *                                      affinity mask, capped by the cgroup CPU quota (container.c),
 *                                      so it agrees with Runtime.availableProcessors() under
 *                                      docker --cpus / Kubernetes limits even with -H:-UseContainerSupport
 *   void *JVM_GetManagement(jint version)   the JMM interface; this VM has none (management in a
 *                                      native image is Substrate VM's own), so NULL, which the JDK
 *                                      code turns into InternalError "Unsupported Management version"
 *   jio_snprintf, jio_vsnprintf, jio_fprintf, jio_vfprintf   HotSpot's printf wrappers: like vsnprintf
 *                                      but -1 (and a terminated buffer) when the output is truncated
 *   JVM_RawMonitorCreate/Destroy/Enter/Exit   HotSpot's raw monitors (libzip's cache lock): reentrant
 *                                      mutexes; Enter returns 0 (JNI_OK); Create NULL when out of memory
 *   jlong JVM_NanoTime(JNIEnv *, jclass)     CLOCK_MONOTONIC in nanoseconds (libnet's timeouts)
 *   char *JVM_NativePath(char *path)   the platform form of a path: unchanged on Linux, as HotSpot
 *   void JVM_Halt(jint code)           Shutdown.halt0: ends the process with the status, running the
 *                                      C library's exit handlers (HotSpot's vm exit ends in exit(3) too)
 *   void JVM_BeforeHalt(void)          HotSpot's hook for JFR/diagnostics before halting: this VM has
 *                                      nothing to do there
 *   void *JVM_FindLibraryEntry(void *handle, const char *name)   dlsym (libnet looks up optional
 *                                      libc functions with it)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <stdint.h>
#include <stdio.h>
#include <jni.h>

#include "svm_cfunctions.h"
#include "svm_internal.h"

void initialize(void) {
}

int JVM_ActiveProcessorCount(void) {
    svm_container_ensure_initialized();
    return svm_container_active_processor_count();
}

JNIEXPORT void *JNICALL JVM_GetManagement(jint version) {
    (void) version;
    return NULL;
}

JNIEXPORT int jio_vsnprintf(char *str, size_t count, const char *fmt, va_list args) {
    if ((intptr_t) count <= 0) {
        return -1;
    }
    int r = vsnprintf(str, count, fmt, args);
    if (r < 0 || (size_t) r >= count) {
        str[count - 1] = '\0';
        return -1;
    }
    return r;
}

JNIEXPORT int jio_snprintf(char *str, size_t count, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = jio_vsnprintf(str, count, fmt, ap);
    va_end(ap);
    return r;
}

JNIEXPORT int jio_vfprintf(FILE *f, const char *fmt, va_list args) {
    return vfprintf(f, fmt, args);
}

JNIEXPORT int jio_fprintf(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

JNIEXPORT void *JNICALL JVM_RawMonitorCreate(void) {
    pthread_mutex_t *m = malloc(sizeof(*m));
    if (m == NULL) {
        return NULL;
    }
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    if (pthread_mutex_init(m, &attr) != 0) {
        free(m);
        m = NULL;
    }
    pthread_mutexattr_destroy(&attr);
    return m;
}

JNIEXPORT void JNICALL JVM_RawMonitorDestroy(void *mon) {
    if (mon != NULL) {
        pthread_mutex_destroy((pthread_mutex_t *) mon);
        free(mon);
    }
}

JNIEXPORT jint JNICALL JVM_RawMonitorEnter(void *mon) {
    return pthread_mutex_lock((pthread_mutex_t *) mon) == 0 ? JNI_OK : JNI_ERR;
}

JNIEXPORT void JNICALL JVM_RawMonitorExit(void *mon) {
    pthread_mutex_unlock((pthread_mutex_t *) mon);
}

JNIEXPORT jlong JNICALL JVM_NanoTime(JNIEnv *env, jclass ignored) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (jlong) ts.tv_sec * 1000000000L + ts.tv_nsec;
}

JNIEXPORT char *JNICALL JVM_NativePath(char *path) {
    return path;
}

JNIEXPORT void JNICALL JVM_BeforeHalt(void) {
}

JNIEXPORT void JNICALL JVM_Halt(jint code) {
    exit(code);
}

JNIEXPORT void *JNICALL JVM_FindLibraryEntry(void *handle, const char *name) {
    return dlsym(handle, name);
}
