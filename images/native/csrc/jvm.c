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
 */
#include <stdarg.h>
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
