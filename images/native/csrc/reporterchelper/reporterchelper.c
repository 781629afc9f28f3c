/*
 * reporterchelper.c: lib/svm/builder/lib/libreporterchelper.so, ours.
 *
 * Stands in for GraalVM's progress-reporter JNI helper, which the builder loads from
 * ${java.home}/lib/svm/builder/lib (com.oracle.svm.hosted.ProgressReporterCHelper); without it the
 * builder warns "Helper library for ProgressReporterCHelper not available" and reports no peak RSS.
 *
 *   static native int  getTerminalWindowColumns0()  columns of the terminal on stdout; 0 when stdout
 *                                                    is not a terminal (the builder then uses 80)
 *   static native long getPeakRSS0()                 the builder process's peak resident set size
 *                                                    in bytes (getrusage ru_maxrss is in KiB), -1 on error
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass cls) {
    struct winsize w;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0) {
        return (jint) w.ws_col;
    }
    return 0;
}

JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass cls) {
    struct rusage r;
    if (getrusage(RUSAGE_SELF, &r) == 0) {
        return (jlong) r.ru_maxrss * 1024;
    }
    return -1;
}
