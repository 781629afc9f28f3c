/*
 * Drift adapter for sun.nio.fs.UnixNativeDispatcher (libnio), ours.
 * library: nio
 * source: java.base/unix/native/libnio/fs/UnixNativeDispatcher.c
 *
 * JDK 25 declares   private static native void fstatat0(int dfd, long pathAddress, int flag,
 *                       UnixFileAttributes attrs) throws UnixException;
 * JDK 26 declares   private static native int fstatat0(...)   returning errno (0 on success) and
 *                   throwing nothing (the Java caller throws).
 * The 26 C file is compiled unchanged, with its fstatat0 renamed, and the 25 contract is implemented
 * on top of it: the JDK 25 Java code (which the image runs) gets its UnixException. Including the 25
 * header first keeps the compiler checking every other function against the 25 prototypes.
 */
#include "sun_nio_fs_UnixNativeDispatcher.h" /* JDK 25 (javac -h of src.zip) */

#define Java_sun_nio_fs_UnixNativeDispatcher_fstatat0 jdk26_UnixNativeDispatcher_fstatat0
#include "UnixNativeDispatcher.c"             /* JDK 26, unchanged */
#undef Java_sun_nio_fs_UnixNativeDispatcher_fstatat0

JNIEXPORT void JNICALL
Java_sun_nio_fs_UnixNativeDispatcher_fstatat0(JNIEnv *env, jclass this, jint dfd, jlong pathAddress, jint flag, jobject attrs) {
    jint err = jdk26_UnixNativeDispatcher_fstatat0(env, this, dfd, pathAddress, flag, attrs);
    if (err != 0 && !(*env)->ExceptionCheck(env)) {
        throwUnixException(env, err);
    }
}
