/*
 * container.c: our libsvm_container.a.
 *
 * Stands in for GraalVM's libsvm_container (com.oracle.svm.native.libcontainer, which compiles
 * HotSpot's cgroup code). Written for this project from the contract in svm.jar
 * (com.oracle.svm.core.container.ContainerLibrary and its callers Container / OperatingSystem) and
 * from HotSpot's documented behaviour; no GraalVM or HotSpot code is copied.
 *
 * Contract (svm.jar 25.0.x, ContainerLibrary, all NO_TRANSITION, i.e. no Java heap access and
 * no blocking beyond reading small files):
 *   int  svm_container_initialize(int version)
 *        version must be 240100 (ContainerLibrary.VERSION); returns 0 = not containerized,
 *        1 = containerized, 2 = this library is older than the image expects, 3 = newer.
 *   long svm_container_memory_limit_in_bytes(void)        limit > 0, -1 unlimited, -2 error
 *   long svm_container_memory_and_swap_limit_in_bytes(void)
 *   long svm_container_memory_soft_limit_in_bytes(void)
 *   long svm_container_memory_usage_in_bytes(void)
 *   long svm_container_memory_max_usage_in_bytes(void)
 *   long svm_container_rss_usage_in_bytes(void)
 *   long svm_container_cache_usage_in_bytes(void)
 *   size_t svm_container_physical_memory(void)   the container's memory limit if it has one,
 *                                                 else the host's RAM (as HotSpot's os::physical_memory)
 *   int  svm_container_active_processor_count(void)  min(CPUs in our affinity mask, ceil(quota/period))
 * The image sizes its heap from physical_memory and answers Runtime.availableProcessors() from
 * active_processor_count, so `docker run --memory/--cpus` (Kubernetes resources.limits) apply.
 *
 * How the cgroup is found (as HotSpot does): /proc/cgroups tells whether the memory/cpu controllers
 * sit on a v1 hierarchy (hierarchy id != 0) or on the unified v2 one; /proc/self/mountinfo gives each
 * hierarchy's mount point and the root of that mount; /proc/self/cgroup gives our cgroup path. The
 * directory to read is mount point + (cgroup path relative to the mount root). Limits are read at
 * that directory and at each ancestor up to the mount point, and the smallest one wins (a limit on a
 * parent cgroup, e.g. a Kubernetes pod with the container's own cgroup unlimited, applies too).
 * Values: v1 memory.limit_in_bytes >= host RAM (the kernel's "unlimited" is 0x7FFFFFFFFFFFF000) and
 * v1 cpu.cfs_quota_us -1, v2 "max", all mean unlimited. CPU shares / cpu.weight are read for
 * diagnostics only: like HotSpot since JDK 19 they do not lower the processor count.
 *
 * For the unit tests (csrc/test) every file is read below a root directory set with
 * svm_container_set_root_for_testing(), so fake v1 and v2 trees can be tested on any machine.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svm_cfunctions.h"
#include "svm_internal.h"

#define EXPECTED_VERSION 240100
#define RESULT_NOT_CONTAINERIZED 0
#define RESULT_CONTAINERIZED 1
#define RESULT_LIBRARY_TOO_OLD 2
#define RESULT_LIBRARY_TOO_NEW 3

#define UNLIMITED (-1L)
#define ERROR (-2L)

enum { CTRL_MEMORY, CTRL_CPU, CTRL_CPUACCT, CTRL_CPUSET, CTRL_COUNT };
static const char *const CONTROLLER_NAMES[CTRL_COUNT] = {"memory", "cpu", "cpuacct", "cpuset"};

typedef struct {
    int found;
    char dir[PATH_MAX];   /* the directory with our cgroup's files */
    char mount[PATH_MAX]; /* the hierarchy's mount point: ancestors are walked up to it */
} controller_t;

static struct {
    char root[PATH_MAX]; /* "" normally; a fake root for the tests */
    int initialized;
    int version;         /* 0 none found, 1 or 2 */
    controller_t ctrl[CTRL_COUNT];
    long host_memory;
} state;

void svm_container_set_root_for_testing(const char *root) {
    memset(&state, 0, sizeof(state)); /* the next initialization discovers again, below root */
    snprintf(state.root, sizeof(state.root), "%s", root == NULL ? "" : root);
}

static FILE *open_under_root(const char *path) {
    char full[PATH_MAX * 2];
    snprintf(full, sizeof(full), "%s%s", state.root, path);
    return fopen(full, "re");
}

/* Reads the first line of dir/file into buf; returns 0 on success. */
static int read_line(const char *dir, const char *file, char *buf, size_t len) {
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = open_under_root(path);
    if (f == NULL) {
        return -1;
    }
    char *r = fgets(buf, (int) len, f);
    fclose(f);
    if (r == NULL) {
        return -1;
    }
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

/* Parses a non-negative decimal number or "max"; returns ERROR when it is neither. */
static long parse_value(const char *s) {
    while (isspace((unsigned char) *s)) {
        s++;
    }
    if (strncmp(s, "max", 3) == 0) {
        return UNLIMITED;
    }
    if (*s == '-') { /* v1 cpu.cfs_quota_us -1 */
        return strtol(s, NULL, 10) < 0 ? UNLIMITED : ERROR;
    }
    if (!isdigit((unsigned char) *s)) {
        return ERROR;
    }
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno != 0 || v > (unsigned long long) LONG_MAX) {
        return UNLIMITED;
    }
    return (long) v;
}

static long read_value(const char *dir, const char *file) {
    char buf[256];
    if (read_line(dir, file, buf, sizeof(buf)) != 0) {
        return ERROR;
    }
    return parse_value(buf);
}

/* Reads "key value" from a flat-keyed file such as memory.stat. */
static long read_keyed(const char *dir, const char *file, const char *key) {
    char path[PATH_MAX * 2], line[512];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = open_under_root(path);
    if (f == NULL) {
        return ERROR;
    }
    size_t klen = strlen(key);
    long result = ERROR;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
            result = parse_value(line + klen + 1);
            break;
        }
    }
    fclose(f);
    return result;
}

static long host_memory(void) {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? pages * size : ERROR;
}

/* A v1 memory limit at or above the host's RAM means no limit (the kernel stores "unlimited" as a
 * page-rounded LONG_MAX). */
static long v1_memory_value(long v) {
    if (v == ERROR || v == UNLIMITED) {
        return v;
    }
    if (v >= state.host_memory || v >= 0x7FFFFFFFFFFFF000L) {
        return UNLIMITED;
    }
    return v;
}

/*
 * Walks from the controller's directory up to its mount point and returns the smallest limit
 * found; UNLIMITED if every level is unlimited; ERROR if the leaf file cannot be read.
 */
typedef long (*level_reader)(const char *dir);

static long smallest_limit(const controller_t *c, level_reader read_level) {
    if (!c->found) {
        return ERROR;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", c->dir);
    long best = read_level(dir);
    if (best == ERROR) {
        return ERROR;
    }
    size_t mlen = strlen(c->mount);
    while (strlen(dir) > mlen) {
        char *slash = strrchr(dir, '/');
        if (slash == NULL || (size_t) (slash - dir) < mlen) {
            break;
        }
        *slash = '\0';
        if (strlen(dir) < mlen) {
            break;
        }
        long v = read_level(dir);
        if (v > 0 && (best == UNLIMITED || v < best)) {
            best = v;
        }
    }
    return best;
}

static long v1_mem_limit_at(const char *dir) { return v1_memory_value(read_value(dir, "memory.limit_in_bytes")); }
static long v1_memsw_limit_at(const char *dir) { return v1_memory_value(read_value(dir, "memory.memsw.limit_in_bytes")); }
static long v2_mem_limit_at(const char *dir) { return read_value(dir, "memory.max"); }

static long v2_memsw_limit_at(const char *dir) {
    long mem = read_value(dir, "memory.max");
    long swap = read_value(dir, "memory.swap.max");
    if (mem == UNLIMITED || mem == ERROR) {
        return mem;
    }
    if (swap == ERROR) {
        return mem; /* no swap accounting: memory and swap are limited by memory.max */
    }
    if (swap == UNLIMITED) {
        return UNLIMITED;
    }
    return mem + swap;
}

/* The CPU limit at one level, in thousandths of a CPU (quota * 1000 / period), or UNLIMITED. */
static long cpu_limit_at(const char *dir) {
    long quota, period;
    if (state.version == 2) {
        char buf[256];
        if (read_line(dir, "cpu.max", buf, sizeof(buf)) != 0) {
            return ERROR;
        }
        char *space = strchr(buf, ' ');
        quota = parse_value(buf);
        period = space != NULL ? parse_value(space + 1) : 100000;
    } else {
        quota = read_value(dir, "cpu.cfs_quota_us");
        period = read_value(dir, "cpu.cfs_period_us");
    }
    if (quota == ERROR) {
        return ERROR;
    }
    if (quota == UNLIMITED || quota <= 0 || period <= 0) {
        return UNLIMITED;
    }
    return (long) ((quota * 1000.0) / period);
}

/* --- discovery ---------------------------------------------------------------------------- */

/* Decides v1 or v2 from /proc/cgroups: a controller with hierarchy id 0 is on the unified tree. */
static int detect_version(int *has_v1_memory_or_cpu) {
    FILE *f = open_under_root("/proc/cgroups");
    *has_v1_memory_or_cpu = 0;
    if (f == NULL) {
        return 0; /* unknown: decided from mountinfo */
    }
    char line[256];
    int any = 0, v1 = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        char name[64];
        int hierarchy, cgroups, enabled;
        if (line[0] == '#' || sscanf(line, "%63s %d %d %d", name, &hierarchy, &cgroups, &enabled) != 4) {
            continue;
        }
        if (!enabled) {
            continue;
        }
        if (strcmp(name, "memory") == 0 || strcmp(name, "cpu") == 0 || strcmp(name, "cpuacct") == 0 || strcmp(name, "cpuset") == 0) {
            any = 1;
            if (hierarchy != 0) {
                v1 = 1;
            }
        }
    }
    fclose(f);
    *has_v1_memory_or_cpu = v1;
    return any ? (v1 ? 1 : 2) : 0;
}

/* mountinfo unescapes: "\040" is a space, etc. */
static void unescape(char *s) {
    char *w = s;
    for (char *r = s; *r != '\0'; r++) {
        if (r[0] == '\\' && isdigit((unsigned char) r[1]) && isdigit((unsigned char) r[2]) && isdigit((unsigned char) r[3])) {
            *w++ = (char) (((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
            r += 3;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Sets c->dir from the mount (root, mount point) and our cgroup path, as HotSpot does. */
static void set_controller(controller_t *c, const char *mount_root, const char *mount_point, const char *cgroup_path) {
    snprintf(c->mount, sizeof(c->mount), "%s", mount_point);
    if (strcmp(mount_root, "/") == 0) {
        if (strcmp(cgroup_path, "/") == 0) {
            snprintf(c->dir, sizeof(c->dir), "%s", mount_point);
        } else {
            snprintf(c->dir, sizeof(c->dir), "%s%s", mount_point, cgroup_path);
        }
    } else if (strcmp(mount_root, cgroup_path) == 0) {
        /* a container's own cgroup mounted at its root (v1 in Docker, or a cgroup namespace) */
        snprintf(c->dir, sizeof(c->dir), "%s", mount_point);
    } else {
        size_t rl = strlen(mount_root);
        if (strncmp(cgroup_path, mount_root, rl) == 0 && cgroup_path[rl] == '/') {
            snprintf(c->dir, sizeof(c->dir), "%s%s", mount_point, cgroup_path + rl);
        } else {
            /* our cgroup is not below the mounted root (e.g. moved): the mount point is all we see */
            snprintf(c->dir, sizeof(c->dir), "%s", mount_point);
        }
    }
    /* a trailing "/" would make the ancestor walk stop at once */
    size_t l = strlen(c->dir);
    while (l > 1 && c->dir[l - 1] == '/') {
        c->dir[--l] = '\0';
    }
    c->found = 1;
}

static int discover(void) {
    int has_v1;
    int version = detect_version(&has_v1);

    /* our cgroup paths: "0::/path" (v2) and "N:ctrl,ctrl:/path" (v1) */
    char v2_path[PATH_MAX] = "";
    char v1_paths[CTRL_COUNT][PATH_MAX];
    for (int i = 0; i < CTRL_COUNT; i++) {
        v1_paths[i][0] = '\0';
    }
    FILE *f = open_under_root("/proc/self/cgroup");
    if (f == NULL) {
        return 0;
    }
    char line[PATH_MAX + 256];
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':');
        char *c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
        if (c2 == NULL) {
            continue;
        }
        *c1 = '\0';
        *c2 = '\0';
        const char *controllers = c1 + 1, *path = c2 + 1;
        if (strcmp(line, "0") == 0 && *controllers == '\0') {
            snprintf(v2_path, sizeof(v2_path), "%s", path);
            continue;
        }
        char list[256];
        snprintf(list, sizeof(list), "%s", controllers);
        for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
            for (int i = 0; i < CTRL_COUNT; i++) {
                if (strcmp(tok, CONTROLLER_NAMES[i]) == 0) {
                    snprintf(v1_paths[i], PATH_MAX, "%s", path);
                }
            }
        }
    }
    fclose(f);

    f = open_under_root("/proc/self/mountinfo");
    if (f == NULL) {
        return 0;
    }
    int found_v1 = 0, found_v2 = 0;
    controller_t v2 = {0};
    char mline[PATH_MAX * 3];
    while (fgets(mline, sizeof(mline), f) != NULL) {
        /* id parent major:minor root mountpoint options [optional...] - fstype source superoptions */
        char root[PATH_MAX], point[PATH_MAX];
        if (sscanf(mline, "%*d %*d %*s %4095s %4095s", root, point) != 2) {
            continue;
        }
        char *dash = strstr(mline, " - ");
        if (dash == NULL) {
            continue;
        }
        char fstype[64], source[PATH_MAX], superopts[1024] = "";
        if (sscanf(dash + 3, "%63s %4095s %1023s", fstype, source, superopts) < 2) {
            continue;
        }
        unescape(root);
        unescape(point);
        if (strcmp(fstype, "cgroup2") == 0) {
            if (!found_v2) {
                set_controller(&v2, root, point, v2_path[0] != '\0' ? v2_path : "/");
                found_v2 = 1;
            }
        } else if (strcmp(fstype, "cgroup") == 0) {
            char opts[1024];
            snprintf(opts, sizeof(opts), "%s", superopts);
            for (char *save = NULL, *tok = strtok_r(opts, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
                for (int i = 0; i < CTRL_COUNT; i++) {
                    if (strcmp(tok, CONTROLLER_NAMES[i]) == 0 && !state.ctrl[i].found && v1_paths[i][0] != '\0') {
                        set_controller(&state.ctrl[i], root, point, v1_paths[i]);
                        found_v1 = 1;
                    }
                }
            }
        }
    }
    fclose(f);

    if (version == 0) {
        version = found_v1 && (state.ctrl[CTRL_MEMORY].found || state.ctrl[CTRL_CPU].found) ? 1 : (found_v2 ? 2 : 0);
    }
    if (version == 2) {
        if (!found_v2) {
            return 0;
        }
        for (int i = 0; i < CTRL_COUNT; i++) {
            state.ctrl[i] = v2;
        }
    } else if (version == 1 && !found_v1) {
        return 0;
    }
    return version;
}

/* Containerized means: some limit applies (HotSpot also calls a process in a private cgroup with
 * limits "containerized"; with no limits at all there is nothing to follow). */
static int has_any_limit(void) {
    return svm_container_memory_limit_in_bytes() > 0 || cpu_limit_at_any() > 0;
}

long cpu_limit_at_any(void) {
    return smallest_limit(&state.ctrl[CTRL_CPU], cpu_limit_at);
}

int svm_container_initialize(int version) {
    if (version > EXPECTED_VERSION) {
        return RESULT_LIBRARY_TOO_OLD;
    }
    if (version < EXPECTED_VERSION) {
        return RESULT_LIBRARY_TOO_NEW;
    }
    /* Discover into a fresh copy and publish it at once: a second initialization (the image calls
     * this at start-up; JVM_ActiveProcessorCount may have done so before) rewrites equal bytes. */
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&lock);
    char root[PATH_MAX];
    snprintf(root, sizeof(root), "%s", state.root);
    int was_initialized = state.initialized;
    if (!was_initialized) {
        memset(&state, 0, sizeof(state));
        snprintf(state.root, sizeof(state.root), "%s", root);
        state.host_memory = host_memory();
        state.version = discover();
        state.initialized = 1;
    }
    pthread_mutex_unlock(&lock);
    return state.version != 0 && has_any_limit() ? RESULT_CONTAINERIZED : RESULT_NOT_CONTAINERIZED;
}

void svm_container_ensure_initialized(void) {
    if (!state.initialized) {
        svm_container_initialize(EXPECTED_VERSION);
    }
}

int svm_container_version(void) {
    return state.version;
}

long svm_container_memory_limit_in_bytes(void) {
    return smallest_limit(&state.ctrl[CTRL_MEMORY], state.version == 2 ? v2_mem_limit_at : v1_mem_limit_at);
}

long svm_container_memory_and_swap_limit_in_bytes(void) {
    return smallest_limit(&state.ctrl[CTRL_MEMORY], state.version == 2 ? v2_memsw_limit_at : v1_memsw_limit_at);
}

long svm_container_memory_soft_limit_in_bytes(void) {
    const controller_t *c = &state.ctrl[CTRL_MEMORY];
    if (!c->found) {
        return ERROR;
    }
    if (state.version == 2) {
        long v = read_value(c->dir, "memory.low");
        return v == 0 ? UNLIMITED : v;
    }
    return v1_memory_value(read_value(c->dir, "memory.soft_limit_in_bytes"));
}

long svm_container_memory_usage_in_bytes(void) {
    const controller_t *c = &state.ctrl[CTRL_MEMORY];
    return c->found ? read_value(c->dir, state.version == 2 ? "memory.current" : "memory.usage_in_bytes") : ERROR;
}

long svm_container_memory_max_usage_in_bytes(void) {
    const controller_t *c = &state.ctrl[CTRL_MEMORY];
    return c->found ? read_value(c->dir, state.version == 2 ? "memory.peak" : "memory.max_usage_in_bytes") : ERROR;
}

long svm_container_rss_usage_in_bytes(void) {
    const controller_t *c = &state.ctrl[CTRL_MEMORY];
    return c->found ? read_keyed(c->dir, "memory.stat", state.version == 2 ? "anon" : "rss") : ERROR;
}

long svm_container_cache_usage_in_bytes(void) {
    const controller_t *c = &state.ctrl[CTRL_MEMORY];
    return c->found ? read_keyed(c->dir, "memory.stat", state.version == 2 ? "file" : "cache") : ERROR;
}

long svm_container_cpu_shares(void) {
    const controller_t *c = &state.ctrl[CTRL_CPU];
    if (!c->found) {
        return ERROR;
    }
    if (state.version == 2) {
        long weight = read_value(c->dir, "cpu.weight");
        if (weight <= 0 || weight == 100) {
            return UNLIMITED; /* the default weight: no shares set */
        }
        /* the kernel's mapping of shares [2, 262144] to weight [1, 10000], reversed */
        return (long) (((weight - 1) * 262142.0) / 9999.0 + 2);
    }
    long shares = read_value(c->dir, "cpu.shares");
    return shares == 1024 ? UNLIMITED : shares;
}

size_t svm_container_physical_memory(void) {
    if (state.initialized && state.version != 0) {
        long limit = svm_container_memory_limit_in_bytes();
        if (limit > 0) {
            return (size_t) limit;
        }
    }
    long host = host_memory();
    return host > 0 ? (size_t) host : 0;
}

int svm_host_processor_count(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) {
            return n;
        }
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int) online : 1;
}

int svm_container_active_processor_count(void) {
    int host = svm_host_processor_count();
    if (!state.initialized || state.version == 0) {
        return host;
    }
    long milli = cpu_limit_at_any();
    if (milli > 0) {
        int limit = (int) ((milli + 999) / 1000); /* ceil(quota / period), as HotSpot */
        if (limit < 1) {
            limit = 1;
        }
        return limit < host ? limit : host;
    }
    return host;
}
