/*
 * signal.c: the sun.misc.Signal / jdk.internal.misc.Signal dispatch of our liblibchelper.a.
 *
 * Stands in for GraalVM's cSunMiscSignal. Written for this project from the contract in svm.jar
 * (com.oracle.svm.core.posix.headers.CSunMiscSignal, used by PosixSignalHandlerSupport and its
 * DispatcherThread).
 *
 * Contract:
 *   int  cSunMiscSignal_open(void)       claims the mechanism for this isolate: 0, or -1 with errno
 *                                        EBUSY when another isolate holds it (or another errno)
 *   int  cSunMiscSignal_close(void)      releases it: 0, or -1 with errno
 *   int  cSunMiscSignal_awaitSemaphore(void)   blocks until a signal was counted: 0 (the dispatcher
 *                                        thread treats anything else as fatal), -1 with errno
 *   int  cSunMiscSignal_signalSemaphore(void)  wakes the dispatcher (at shutdown): 0 or -1
 *   int  cSunMiscSignal_signalRangeCheck(int)  1 if 0 < sig < NSIG
 *   int  cSunMiscSignal_checkPendingSignal(void)   takes one pending signal: its number, with its
 *                                        count decremented, or -1 if none is pending
 *   void *cSunMiscSignal_signalHandlerFunctionPointer(void)   the sa_handler (void (*)(int)) the
 *                                        image installs for signals with a Java handler
 * The dispatcher loop is: awaitSemaphore(); sig = checkPendingSignal(); if (sig >= 0) dispatch(sig).
 *
 * Concurrency: the handler runs on whatever thread the kernel picks, possibly while another
 * signal's handler runs or while the dispatcher decrements; it touches only a lock-free atomic
 * counter per signal and sem_post(), both async-signal-safe, and keeps errno. Every delivery is
 * counted (a second SIGTERM while the first is being handled is not lost, so "first SIGTERM drains,
 * second exits at once" works), and every increment is matched by one post, so the dispatcher
 * wakes once per delivery. The kernel itself still merges deliveries of a standard signal that
 * arrive while it is pending and blocked, as for any process.
 */
#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>

#include "svm_cfunctions.h"
#include "svm_internal.h"

static atomic_long pending[NSIG];
static atomic_int owner_state; /* 0 closed, 1 open, 2 opening/closing */
static sem_t wakeup;
static atomic_int have_semaphore;

int cSunMiscSignal_signalRangeCheck(int sig) {
    return sig > 0 && sig < NSIG;
}

static void counting_handler(int sig) {
    int saved = errno;
    if (sig > 0 && sig < NSIG) {
        atomic_fetch_add_explicit(&pending[sig], 1, memory_order_release);
        if (atomic_load_explicit(&have_semaphore, memory_order_acquire)) {
            sem_post(&wakeup);
        }
    }
    errno = saved;
}

void svm_signal_deliver_for_testing(int sig) {
    counting_handler(sig);
}

void *cSunMiscSignal_signalHandlerFunctionPointer(void) {
    return (void *) counting_handler;
}

int cSunMiscSignal_open(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&owner_state, &expected, 2)) {
        errno = EBUSY;
        return -1;
    }
    for (int i = 0; i < NSIG; i++) {
        atomic_store(&pending[i], 0);
    }
    if (sem_init(&wakeup, 0, 0) != 0) {
        int e = errno;
        atomic_store(&owner_state, 0);
        errno = e;
        return -1;
    }
    atomic_store_explicit(&have_semaphore, 1, memory_order_release);
    atomic_store(&owner_state, 1);
    return 0;
}

int cSunMiscSignal_close(void) {
    int expected = 1;
    if (!atomic_compare_exchange_strong(&owner_state, &expected, 2)) {
        errno = EINVAL;
        return -1;
    }
    atomic_store_explicit(&have_semaphore, 0, memory_order_release);
    int r = sem_destroy(&wakeup);
    atomic_store(&owner_state, 0);
    return r == 0 ? 0 : -1;
}

int cSunMiscSignal_awaitSemaphore(void) {
    if (!atomic_load_explicit(&have_semaphore, memory_order_acquire)) {
        errno = EINVAL;
        return -1;
    }
    while (sem_wait(&wakeup) != 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return 0;
}

int cSunMiscSignal_signalSemaphore(void) {
    if (!atomic_load_explicit(&have_semaphore, memory_order_acquire)) {
        errno = EINVAL;
        return -1;
    }
    return sem_post(&wakeup) == 0 ? 0 : -1;
}

int cSunMiscSignal_checkPendingSignal(void) {
    for (int sig = 1; sig < NSIG; sig++) {
        long n = atomic_load_explicit(&pending[sig], memory_order_acquire);
        while (n > 0) {
            if (atomic_compare_exchange_weak_explicit(&pending[sig], &n, n - 1, memory_order_acq_rel, memory_order_acquire)) {
                return sig;
            }
        }
    }
    return -1;
}

long svm_signal_pending_count(int sig) {
    return cSunMiscSignal_signalRangeCheck(sig) ? atomic_load(&pending[sig]) : -1;
}
