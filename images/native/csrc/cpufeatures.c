/*
 * cpufeatures.c: the AMD64 CPU-feature functions of our liblibchelper.a.
 *
 * Stands in for GraalVM's libchelper cpuid code. Written for this project from the contract in
 * svm.jar (com.oracle.svm.core.amd64.AMD64LibCHelper, AMD64CPUFeatureAccess,
 * com.oracle.svm.core.CPUFeatureAccessImpl and com.oracle.svm.hosted.CPUFeatureAccessFeatureBase)
 * and from the processor manuals (CPUID leaves 1, 7.0, 7.1, 0x24, 0x80000001, 0x80000007, XCR0).
 *
 * Contract (all NO_TRANSITION; called before the isolate exists, so libc only):
 *   void determineCPUFeatures(CPUFeatures *f)
 *        Sets each byte-sized field of the generated CPUFeatures struct (amd64cpufeatures.h, the
 *        field list is svm.jar's) to 1 if this CPU and the OS support the feature, else 0. The image
 *        maps the fields to JVMCI's AMD64.CPUFeature (RuntimeCPUFeatureCheck, -H:RuntimeCheckedCPUFeatures).
 *        AVX-family features count only if the OS saves their register state (XCR0), as HotSpot does.
 *   int checkCPUFeatures(char *mask)
 *        mask is the build-time feature mask: roundup(sizeof(CPUFeatures), 8) bytes, 0xFF for "not
 *        required" and 0xFE at the offset of each feature the image was compiled for (-march).
 *        Returns 0 if (host | mask) is all ones, i.e. the CPU has every required feature, else 1.
 *        (CEntryPointSnippets turns non-zero into isolate-creation error 23.)
 *   int checkCPUFeaturesOrExit(char *mask, char *message)
 *        Returns 0 if the check passes; otherwise prints message (the builder's text: "The current
 *        machine does not support all of the following CPU features that are required by the
 *        image: [...]. Please rebuild the executable with an appropriate setting of the -march
 *        option.") and, ours, a line naming exactly the missing features, to stderr, and exits
 *        with status 1 (as GraalVM's). JavaMainWrapper calls it first thing in main().
 */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svm_cfunctions.h"
#include "svm_internal.h"

typedef struct {
    unsigned eax, ebx, ecx, edx;
} regs_t;

static regs_t cpuid(unsigned leaf, unsigned subleaf) {
    regs_t r = {0, 0, 0, 0};
    __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
    return r;
}

static int bit(unsigned reg, int n) {
    return (int) ((reg >> n) & 1u);
}

static uint64_t xcr0(void) {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t) hi << 32) | lo;
}

void determineCPUFeatures(CPUFeatures *f) {
    memset(f, 0, sizeof(*f));
    unsigned max_leaf = __get_cpuid_max(0, NULL);
    if (max_leaf < 1) {
        return;
    }
    regs_t vendor = cpuid(0, 0);
    int intel = vendor.ebx == 0x756e6547u;                          /* "GenuineIntel" */
    int amd = vendor.ebx == 0x68747541u || vendor.ebx == 0x6f677948u; /* "AuthenticAMD", "HygonGenuine" */
    regs_t l1 = cpuid(1, 0);
    unsigned family = ((l1.eax >> 8) & 0xf) + (((l1.eax >> 8) & 0xf) == 0xf ? ((l1.eax >> 20) & 0xff) : 0);

    /* register state the OS saves on context switch */
    int osxsave = bit(l1.ecx, 27);
    uint64_t xcr = osxsave ? xcr0() : 0;
    int os_avx = (xcr & 0x6) == 0x6;                /* XMM, YMM */
    int os_avx512 = os_avx && (xcr & 0xe0) == 0xe0; /* opmask, ZMM_Hi256, Hi16_ZMM */
    int os_apx = (xcr & (1ull << 19)) != 0;         /* APX extended GPRs */

    f->fCX8 = bit(l1.edx, 8);
    f->fCMOV = bit(l1.edx, 15);
    f->fFXSR = bit(l1.edx, 24);
    f->fHT = bit(l1.edx, 28);
    f->fMMX = bit(l1.edx, 23);
    f->fSSE = bit(l1.edx, 25);
    f->fSSE2 = bit(l1.edx, 26);
    f->fTSC = bit(l1.edx, 4);
    f->fFLUSH = bit(l1.edx, 19);
    f->fSSE3 = bit(l1.ecx, 0);
    f->fCLMUL = bit(l1.ecx, 1);
    f->fSSSE3 = bit(l1.ecx, 9);
    f->fSSE4_1 = bit(l1.ecx, 19);
    f->fSSE4_2 = bit(l1.ecx, 20);
    f->fPOPCNT = bit(l1.ecx, 23);
    f->fAES = bit(l1.ecx, 25);
    f->fHV = bit(l1.ecx, 31);
    if (os_avx && bit(l1.ecx, 28)) {
        f->fAVX = 1;
        f->fVZEROUPPER = 1; /* HotSpot pairs VZEROUPPER with AVX */
        f->fFMA = bit(l1.ecx, 12);
        f->fF16C = bit(l1.ecx, 29);
    }

    if (max_leaf >= 7) {
        regs_t l7 = cpuid(7, 0);
        f->fBMI1 = bit(l7.ebx, 3);
        f->fBMI2 = bit(l7.ebx, 8);
        f->fERMS = bit(l7.ebx, 9);
        f->fRTM = bit(l7.ebx, 11);
        f->fADX = bit(l7.ebx, 19);
        f->fFLUSHOPT = bit(l7.ebx, 23);
        f->fCLWB = bit(l7.ebx, 24);
        f->fSHA = bit(l7.ebx, 29);
        f->fPKU = bit(l7.ecx, 3);
        f->fOSPKE = bit(l7.ecx, 4);
        f->fCET_SS = bit(l7.ecx, 7);
        f->fGFNI = bit(l7.ecx, 8);
        f->fRDPID = bit(l7.ecx, 22);
        f->fFSRM = bit(l7.edx, 4);
        f->fSERIALIZE = bit(l7.edx, 14);
        f->fCET_IBT = bit(l7.edx, 20);
        if (f->fAVX) {
            f->fAVX2 = bit(l7.ebx, 5);
        }
        if (os_avx512 && bit(l7.ebx, 16)) {
            f->fAVX512F = 1;
            f->fAVX512DQ = bit(l7.ebx, 17);
            f->fAVX512_IFMA = bit(l7.ebx, 21);
            f->fAVX512PF = bit(l7.ebx, 26);
            f->fAVX512ER = bit(l7.ebx, 27);
            f->fAVX512CD = bit(l7.ebx, 28);
            f->fAVX512BW = bit(l7.ebx, 30);
            f->fAVX512VL = bit(l7.ebx, 31);
            f->fAVX512_VBMI = bit(l7.ecx, 1);
            f->fAVX512_VBMI2 = bit(l7.ecx, 6);
            f->fAVX512_VAES = bit(l7.ecx, 9);
            f->fAVX512_VPCLMULQDQ = bit(l7.ecx, 10);
            f->fAVX512_VNNI = bit(l7.ecx, 11);
            f->fAVX512_BITALG = bit(l7.ecx, 12);
            f->fAVX512_VPOPCNTDQ = bit(l7.ecx, 14);
            f->fAVX512_FP16 = bit(l7.edx, 23);
        }
        if (l7.eax >= 1) {
            regs_t l71 = cpuid(7, 1);
            if (f->fAVX2) {
                f->fSHA512 = bit(l71.eax, 0);
            }
            if (f->fAVX) {
                f->fAVX_IFMA = bit(l71.eax, 23);
            }
            f->fAPX_F = os_apx && bit(l71.edx, 21);
            if (os_avx512 && bit(l71.edx, 19) && max_leaf >= 0x24) {
                unsigned version = cpuid(0x24, 0).ebx & 0xff;
                f->fAVX10_1 = version >= 1;
                f->fAVX10_2 = version >= 2;
            }
        }
    }

    unsigned max_ext = __get_cpuid_max(0x80000000u, NULL);
    if (max_ext >= 0x80000001u) {
        regs_t e1 = cpuid(0x80000001u, 0);
        f->fLZCNT = bit(e1.ecx, 5);
        f->fSSE4A = amd && bit(e1.ecx, 6);
        f->fAMD_3DNOW_PREFETCH = bit(e1.ecx, 8) || (amd && bit(e1.edx, 31)); /* PREFETCHW or 3DNow! */
        f->fRDTSCP = bit(e1.edx, 27);
    }
    if (max_ext >= 0x80000007u) {
        f->fTSCINV_BIT = bit(cpuid(0x80000007u, 0).edx, 8);
        /* HotSpot trusts the invariant TSC on AMD (not family 10h) and on Intel family 6 */
        f->fTSCINV = f->fTSCINV_BIT && ((amd && family != 0x10) || (intel && family == 6));
    }
}

static const char *const FEATURE_NAMES[] = {
#define NAME(field) #field,
    SVM_CPUFEATURES(NAME)
#undef NAME
};

static const size_t FEATURE_OFFSETS[] = {
#define OFFSET(field) offsetof(CPUFeatures, field),
    SVM_CPUFEATURES(OFFSET)
#undef OFFSET
};

#define MASK_SIZE ((sizeof(CPUFeatures) + 7) / 8 * 8)

int svm_cpu_missing_features(const uint8_t *mask, const CPUFeatures *host, char *missing, size_t len) {
    uint8_t h[MASK_SIZE];
    memset(h, 0, sizeof(h));
    memcpy(h, host, sizeof(CPUFeatures));
    int count = 0;
    if (missing != NULL && len > 0) {
        missing[0] = '\0';
    }
    for (size_t i = 0; i < MASK_SIZE; i++) {
        if ((uint8_t) (mask[i] | h[i]) == 0xFF) {
            continue;
        }
        count++;
        const char *name = "?";
        for (size_t k = 0; k < SVM_CPUFEATURES_COUNT; k++) {
            if (FEATURE_OFFSETS[k] == i) {
                name = FEATURE_NAMES[k] + 1; /* without the field's "f" prefix: JVMCI's name */
            }
        }
        if (missing != NULL && len > 0) {
            size_t used = strlen(missing);
            snprintf(missing + used, len - used, "%s%s", count > 1 ? ", " : "", name);
        }
    }
    return count;
}

int checkCPUFeatures(char *mask) {
    CPUFeatures host;
    determineCPUFeatures(&host);
    return svm_cpu_missing_features((const uint8_t *) mask, &host, NULL, 0) == 0 ? 0 : 1;
}

int checkCPUFeaturesOrExit(char *mask, char *message) {
    CPUFeatures host;
    determineCPUFeatures(&host);
    char missing[1024];
    if (svm_cpu_missing_features((const uint8_t *) mask, &host, missing, sizeof(missing)) == 0) {
        return 0;
    }
    /* plain write(2): stdio may not be usable yet and nothing is buffered */
    const char *m = message != NULL ? message : "The current machine does not support the CPU features required by the image.";
    ssize_t ignored = write(STDERR_FILENO, m, strlen(m));
    char line[1200];
    int n = snprintf(line, sizeof(line), "\nThis machine lacks: %s\n", missing);
    ignored = write(STDERR_FILENO, line, n > 0 && (size_t) n < sizeof(line) ? (size_t) n : strlen(line));
    (void) ignored;
    exit(1);
}
