/* Unit tests of container.c against fake cgroup v1 and v2 trees (files below a temporary root):
 * mountinfo/cgroup parsing, nested paths, "max"/unlimited, CPU quota, version handshake. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "svm_cfunctions.h"
#include "svm_internal.h"

#define MB (1024L * 1024L)
static const char *CGROUPS_V2 =
    "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t0\t1\t1\ncpu\t0\t1\t1\ncpuacct\t0\t1\t1\nmemory\t0\t1\t1\npids\t0\t1\t1\n";
static const char *CGROUPS_V1 =
    "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t1\t1\ncpu\t1\t1\t1\ncpuacct\t2\t1\t1\nmemory\t4\t1\t1\npids\t8\t1\t1\n";

static void v2_tree(const char *root, const char *mount_root, const char *cgroup_path) {
    char mi[1024];
    snprintf(mi, sizeof(mi),
             "21 26 0:19 / /proc rw,nosuid shared:12 - proc proc rw\n"
             "30 26 0:26 %s /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
             mount_root);
    t_write(root, "/proc/self/mountinfo", mi);
    char cg[512];
    snprintf(cg, sizeof(cg), "0::%s\n", cgroup_path);
    t_write(root, "/proc/self/cgroup", cg);
    t_write(root, "/proc/cgroups", CGROUPS_V2);
}

static void v1_tree(const char *root, const char *mount_root, const char *cgroup_path) {
    char mi[2048];
    snprintf(mi, sizeof(mi),
             "31 25 0:27 %s /sys/fs/cgroup/memory rw,nosuid shared:9 - cgroup cgroup rw,memory\n"
             "32 25 0:28 %s /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:10 - cgroup cgroup rw,cpu,cpuacct\n"
             "33 25 0:29 %s /sys/fs/cgroup/cpuset rw,nosuid shared:11 - cgroup cgroup rw,cpuset\n",
             mount_root, mount_root, mount_root);
    t_write(root, "/proc/self/mountinfo", mi);
    char cg[1024];
    snprintf(cg, sizeof(cg), "12:pids:%s\n4:memory:%s\n3:cpuset:%s\n2:cpu,cpuacct:%s\n1:name=systemd:%s\n",
             cgroup_path, cgroup_path, cgroup_path, cgroup_path, cgroup_path);
    t_write(root, "/proc/self/cgroup", cg);
    t_write(root, "/proc/cgroups", CGROUPS_V1);
}

static int init(const char *root) {
    svm_container_set_root_for_testing(root);
    return svm_container_initialize(240100);
}

int main(void) {
    int host_cpus = svm_host_processor_count();
    char root[512];

    /* the version handshake with the image (ContainerLibrary.VERSION) */
    svm_container_set_root_for_testing(t_tmpdir());
    CHECK_LONG(svm_container_initialize(240101), 2, "a newer image than the library: 2 (library too old)");
    CHECK_LONG(svm_container_initialize(240099), 3, "an older image: 3 (library too new)");

    /* v2, a container with its own cgroup namespace: docker run --memory 64m --cpus 1 */
    snprintf(root, sizeof(root), "%s", t_tmpdir());
    v2_tree(root, "/", "/");
    t_write(root, "/sys/fs/cgroup/memory.max", "67108864\n");
    t_write(root, "/sys/fs/cgroup/memory.swap.max", "max\n");
    t_write(root, "/sys/fs/cgroup/memory.current", "1048576\n");
    t_write(root, "/sys/fs/cgroup/memory.stat", "anon 524288\nfile 262144\nkernel 4096\n");
    t_write(root, "/sys/fs/cgroup/cpu.max", "100000 100000\n");
    t_write(root, "/sys/fs/cgroup/cpu.weight", "100\n");
    CHECK_LONG(init(root), 1, "v2 with limits: containerized");
    CHECK_LONG(svm_container_version(), 2, "v2 detected");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), 64 * MB, "v2 memory.max");
    CHECK_LONG(svm_container_physical_memory(), 64 * MB, "physical memory is the container's limit");
    CHECK_LONG(svm_container_memory_and_swap_limit_in_bytes(), -1, "v2 swap max: memory+swap unlimited");
    CHECK_LONG(svm_container_memory_usage_in_bytes(), 1 * MB, "v2 memory.current");
    CHECK_LONG(svm_container_rss_usage_in_bytes(), 524288, "v2 rss from memory.stat anon");
    CHECK_LONG(svm_container_cache_usage_in_bytes(), 262144, "v2 cache from memory.stat file");
    CHECK_LONG(svm_container_memory_max_usage_in_bytes(), -2, "v2 without memory.peak: not supported (-2)");
    CHECK_LONG(svm_container_active_processor_count(), 1, "v2 cpu.max 100000/100000: 1 CPU");
    CHECK_LONG(JVM_ActiveProcessorCount(), 1, "JVM_ActiveProcessorCount agrees with the container");
    CHECK_LONG(svm_container_cpu_shares(), -1, "default cpu.weight: no shares");

    /* v2: fractional quota rounds up; unlimited values */
    t_write(root, "/sys/fs/cgroup/cpu.max", "150000 100000\n");
    CHECK_LONG(svm_container_active_processor_count(), host_cpus < 2 ? host_cpus : 2, "1.5 CPUs round up to 2 (capped by the host)");
    t_write(root, "/sys/fs/cgroup/cpu.max", "max 100000\n");
    t_write(root, "/sys/fs/cgroup/memory.max", "max\n");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), -1, "v2 memory.max max: unlimited (-1)");
    CHECK_LONG(svm_container_active_processor_count(), host_cpus, "v2 cpu.max max: the host's CPUs");
    CHECK(svm_container_physical_memory() > 64 * MB, "no limit: physical memory is the host's");
    t_write(root, "/sys/fs/cgroup/memory.max", "134217728\n");
    t_write(root, "/sys/fs/cgroup/memory.swap.max", "67108864\n");
    CHECK_LONG(svm_container_memory_and_swap_limit_in_bytes(), 192 * MB, "v2 memory+swap = memory.max + memory.swap.max");

    /* v2 nested, no namespace: a Kubernetes pod limit on the parent, the container's own unlimited */
    snprintf(root, sizeof(root), "%s", t_tmpdir());
    v2_tree(root, "/", "/kubepods.slice/pod1/ctr1");
    t_write(root, "/sys/fs/cgroup/memory.max", "max\n");
    t_write(root, "/sys/fs/cgroup/kubepods.slice/memory.max", "max\n");
    t_write(root, "/sys/fs/cgroup/kubepods.slice/pod1/memory.max", "268435456\n");
    t_write(root, "/sys/fs/cgroup/kubepods.slice/pod1/ctr1/memory.max", "max\n");
    t_write(root, "/sys/fs/cgroup/kubepods.slice/pod1/cpu.max", "max 100000\n");
    t_write(root, "/sys/fs/cgroup/kubepods.slice/pod1/ctr1/cpu.max", "50000 100000\n");
    t_write(root, "/sys/fs/cgroup/kubepods.slice/cpu.max", "max 100000\n");
    t_write(root, "/sys/fs/cgroup/cpu.max", "max 100000\n");
    CHECK_LONG(init(root), 1, "v2 nested: containerized");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), 256 * MB, "v2 nested: the parent's (pod's) memory limit applies");
    CHECK_LONG(svm_container_active_processor_count(), 1, "v2 nested: the leaf's 0.5 CPU quota rounds up to 1");
    t_write(root, "/sys/fs/cgroup/kubepods.slice/pod1/ctr1/memory.max", "134217728\n");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), 128 * MB, "v2 nested: the smallest limit on the path wins");

    /* v2 on a host without limits: not containerized, host values */
    snprintf(root, sizeof(root), "%s", t_tmpdir());
    v2_tree(root, "/", "/user.slice/user-0.slice/session-1.scope");
    t_write(root, "/sys/fs/cgroup/user.slice/user-0.slice/session-1.scope/memory.max", "max\n");
    t_write(root, "/sys/fs/cgroup/user.slice/user-0.slice/session-1.scope/cpu.max", "max 100000\n");
    CHECK_LONG(init(root), 0, "v2 without limits: not containerized");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), -1, "v2 without limits: unlimited");
    CHECK_LONG(svm_container_active_processor_count(), host_cpus, "v2 without limits: host CPUs");

    /* v1 as Docker mounts it: the container's cgroup is the root of each mount */
    snprintf(root, sizeof(root), "%s", t_tmpdir());
    v1_tree(root, "/docker/abc123", "/docker/abc123");
    t_write(root, "/sys/fs/cgroup/memory/memory.limit_in_bytes", "67108864\n");
    t_write(root, "/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", "134217728\n");
    t_write(root, "/sys/fs/cgroup/memory/memory.soft_limit_in_bytes", "9223372036854771712\n");
    t_write(root, "/sys/fs/cgroup/memory/memory.usage_in_bytes", "2097152\n");
    t_write(root, "/sys/fs/cgroup/memory/memory.max_usage_in_bytes", "4194304\n");
    t_write(root, "/sys/fs/cgroup/memory/memory.stat", "cache 8192\nrss 16384\ntotal_rss 16384\n");
    t_write(root, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "100000\n");
    t_write(root, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
    t_write(root, "/sys/fs/cgroup/cpu,cpuacct/cpu.shares", "512\n");
    CHECK_LONG(init(root), 1, "v1 with limits: containerized");
    CHECK_LONG(svm_container_version(), 1, "v1 detected");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), 64 * MB, "v1 memory.limit_in_bytes");
    CHECK_LONG(svm_container_memory_and_swap_limit_in_bytes(), 128 * MB, "v1 memory.memsw.limit_in_bytes");
    CHECK_LONG(svm_container_memory_soft_limit_in_bytes(), -1, "v1 soft limit unset (kernel's LONG_MAX): unlimited");
    CHECK_LONG(svm_container_memory_usage_in_bytes(), 2 * MB, "v1 usage");
    CHECK_LONG(svm_container_memory_max_usage_in_bytes(), 4 * MB, "v1 max usage");
    CHECK_LONG(svm_container_rss_usage_in_bytes(), 16384, "v1 rss from memory.stat");
    CHECK_LONG(svm_container_cache_usage_in_bytes(), 8192, "v1 cache from memory.stat");
    CHECK_LONG(svm_container_active_processor_count(), 1, "v1 quota/period 1: 1 CPU");
    CHECK_LONG(svm_container_cpu_shares(), 512, "v1 cpu.shares read (not used for the CPU count, as HotSpot)");

    /* v1 unlimited */
    t_write(root, "/sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
    t_write(root, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), -1, "v1 memory unlimited");
    CHECK_LONG(svm_container_active_processor_count(), host_cpus, "v1 quota -1: the host's CPUs");

    /* v1 on a host: mount root "/", our cgroup nested below it, limit on a parent */
    snprintf(root, sizeof(root), "%s", t_tmpdir());
    v1_tree(root, "/", "/system.slice/app.service");
    t_write(root, "/sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
    t_write(root, "/sys/fs/cgroup/memory/system.slice/memory.limit_in_bytes", "536870912\n");
    t_write(root, "/sys/fs/cgroup/memory/system.slice/app.service/memory.limit_in_bytes", "9223372036854771712\n");
    t_write(root, "/sys/fs/cgroup/cpu,cpuacct/system.slice/app.service/cpu.cfs_quota_us", "250000\n");
    t_write(root, "/sys/fs/cgroup/cpu,cpuacct/system.slice/app.service/cpu.cfs_period_us", "100000\n");
    CHECK_LONG(init(root), 1, "v1 nested: containerized");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), 512 * MB, "v1 nested: the parent's limit applies");
    CHECK_LONG(svm_container_active_processor_count(), host_cpus < 3 ? host_cpus : 3, "v1 2.5 CPUs: 3, capped by the host");

    /* no cgroup files at all (not Linux-like): not containerized, host values */
    svm_container_set_root_for_testing(t_tmpdir());
    CHECK_LONG(svm_container_initialize(240100), 0, "no cgroup information: not containerized");
    CHECK_LONG(svm_container_active_processor_count(), host_cpus, "no cgroup information: host CPUs");
    CHECK_LONG(svm_container_memory_limit_in_bytes(), -2, "no cgroup information: limit not supported (-2)");

    /* this machine, for the record */
    svm_container_set_root_for_testing("");
    int r = svm_container_initialize(240100);
    printf("# this machine: cgroup v%d, containerized=%d, memory limit %ld, CPUs %d\n", svm_container_version(), r,
           svm_container_memory_limit_in_bytes(), svm_container_active_processor_count());
    return t_done();
}
