/* Unit tests of cpufeatures.c: the build-time mask comparison (with a fake build-time set that
 * names a feature this CPU lacks), the exit path, and detection against /proc/cpuinfo. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "harness.h"
#include "svm_cfunctions.h"
#include "svm_internal.h"

#define MASK_SIZE ((sizeof(CPUFeatures) + 7) / 8 * 8)

/* the builder's encoding: 0xFF = not required, 0xFE at a required feature's offset */
static void mask_for(uint8_t *mask, const size_t *offsets, int n) {
    memset(mask, 0xFF, MASK_SIZE);
    for (int i = 0; i < n; i++) {
        mask[offsets[i]] = 0xFE;
    }
}

static int cpuinfo_has(const char *flag) {
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[8192];
    int found = -1;
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "flags", 5) == 0) {
            char pat[64];
            snprintf(pat, sizeof(pat), " %s", flag);
            char *p = line;
            found = 0;
            while ((p = strstr(p, pat)) != NULL) {
                char after = p[strlen(pat)];
                if (after == ' ' || after == '\n' || after == '\0') {
                    found = 1;
                    break;
                }
                p++;
            }
            break;
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    return found;
}

int main(void) {
    CPUFeatures host;
    determineCPUFeatures(&host);
    uint8_t mask[MASK_SIZE];
    char missing[512];

    /* a fake host: SSE2 and AVX2, no AVX512F */
    CPUFeatures fake;
    memset(&fake, 0, sizeof(fake));
    fake.fSSE2 = 1;
    fake.fAVX2 = 1;
    size_t need_ok[] = {offsetof(CPUFeatures, fSSE2), offsetof(CPUFeatures, fAVX2)};
    mask_for(mask, need_ok, 2);
    CHECK_LONG(svm_cpu_missing_features(mask, &fake, missing, sizeof(missing)), 0, "required features present: nothing missing");
    size_t need_more[] = {offsetof(CPUFeatures, fSSE2), offsetof(CPUFeatures, fAVX512F), offsetof(CPUFeatures, fAVX512_FP16)};
    mask_for(mask, need_more, 3);
    CHECK_LONG(svm_cpu_missing_features(mask, &fake, missing, sizeof(missing)), 2, "two required features missing");
    CHECK_STR(missing, "AVX512F, AVX512_FP16", "the missing features are named (JVMCI names)");
    mask_for(mask, NULL, 0);
    CHECK_LONG(svm_cpu_missing_features(mask, &fake, missing, sizeof(missing)), 0, "an empty mask requires nothing");

    /* the real CPU against a build-time set with a feature it lacks */
    static const struct { const char *name; size_t off; } candidates[] = {
        {"AVX512_FP16", offsetof(CPUFeatures, fAVX512_FP16)}, {"APX_F", offsetof(CPUFeatures, fAPX_F)},
        {"AVX10_2", offsetof(CPUFeatures, fAVX10_2)}, {"AVX512PF", offsetof(CPUFeatures, fAVX512PF)},
    };
    const char *lacked = NULL;
    size_t lacked_off = 0;
    for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
        if (!((char *) &host)[candidates[i].off]) {
            lacked = candidates[i].name;
            lacked_off = candidates[i].off;
            break;
        }
    }
    CHECK(lacked != NULL, "this CPU lacks one of the candidate features");
    size_t have[] = {offsetof(CPUFeatures, fSSE2)};
    mask_for(mask, have, 1);
    CHECK_LONG(checkCPUFeatures((char *) mask), 0, "checkCPUFeatures: this CPU has SSE2");
    size_t lack[] = {offsetof(CPUFeatures, fSSE2), lacked_off};
    mask_for(mask, lack, 2);
    CHECK_LONG(checkCPUFeatures((char *) mask), 1, "checkCPUFeatures: a lacked feature fails the check");

    /* checkCPUFeaturesOrExit: exit status 1, the builder's message and the missing feature on stderr */
    int fds[2];
    if (pipe(fds) != 0) {
        return 2;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        checkCPUFeaturesOrExit((char *) mask, "The current machine does not support all of the following CPU features that are required by the image: [...].");
        _exit(0); /* not reached when the check fails */
    }
    close(fds[1]);
    char err[2048] = "";
    ssize_t n, used = 0;
    while ((n = read(fds[0], err + used, sizeof(err) - 1 - used)) > 0) {
        used += n;
    }
    err[used] = '\0';
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1, "checkCPUFeaturesOrExit exits with status 1");
    CHECK(strstr(err, "does not support all of the following CPU features") != NULL, "it prints the builder's message");
    char want[128];
    snprintf(want, sizeof(want), "This machine lacks: %s", lacked);
    CHECK(strstr(err, want) != NULL, "it names the missing feature");
    mask_for(mask, have, 1);
    CHECK_LONG(checkCPUFeaturesOrExit((char *) mask, "unused"), 0, "checkCPUFeaturesOrExit returns 0 when the CPU suffices");

    /* detection agrees with the kernel's view (cpuinfo flags) */
    static const struct { const char *flag; size_t off; } flags[] = {
        {"sse2", offsetof(CPUFeatures, fSSE2)}, {"ssse3", offsetof(CPUFeatures, fSSSE3)},
        {"sse4_1", offsetof(CPUFeatures, fSSE4_1)}, {"sse4_2", offsetof(CPUFeatures, fSSE4_2)},
        {"popcnt", offsetof(CPUFeatures, fPOPCNT)}, {"aes", offsetof(CPUFeatures, fAES)},
        {"pclmulqdq", offsetof(CPUFeatures, fCLMUL)}, {"avx", offsetof(CPUFeatures, fAVX)},
        {"avx2", offsetof(CPUFeatures, fAVX2)}, {"bmi1", offsetof(CPUFeatures, fBMI1)},
        {"bmi2", offsetof(CPUFeatures, fBMI2)}, {"fma", offsetof(CPUFeatures, fFMA)},
        {"f16c", offsetof(CPUFeatures, fF16C)}, {"adx", offsetof(CPUFeatures, fADX)},
        {"avx512f", offsetof(CPUFeatures, fAVX512F)}, {"avx512bw", offsetof(CPUFeatures, fAVX512BW)},
        {"avx512vl", offsetof(CPUFeatures, fAVX512VL)}, {"avx512dq", offsetof(CPUFeatures, fAVX512DQ)},
        {"sha_ni", offsetof(CPUFeatures, fSHA)}, {"erms", offsetof(CPUFeatures, fERMS)},
        {"rdtscp", offsetof(CPUFeatures, fRDTSCP)}, {"clflushopt", offsetof(CPUFeatures, fFLUSHOPT)},
        {"clwb", offsetof(CPUFeatures, fCLWB)}, {"gfni", offsetof(CPUFeatures, fGFNI)},
        {"avx512_fp16", offsetof(CPUFeatures, fAVX512_FP16)}, {"hypervisor", offsetof(CPUFeatures, fHV)},
    };
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        int k = cpuinfo_has(flags[i].flag);
        if (k < 0) {
            continue;
        }
        char what[128];
        snprintf(what, sizeof(what), "detection of %s agrees with /proc/cpuinfo (%s)", flags[i].flag, k ? "present" : "absent");
        CHECK(((char *) &host)[flags[i].off] == k, what);
    }
    return t_done();
}
