/* Unit tests of signal.c: every delivery counted, one wake-up per delivery, under concurrency. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include "harness.h"
#include "svm_cfunctions.h"
#include "svm_internal.h"

#define N 2000

static void *raiser(void *arg) {
    (void) arg;
    for (int i = 0; i < N; i++) {
        /* raise() runs the handler on this thread before it returns (no merging of pending
         * signals), while the main thread consumes concurrently */
        raise(SIGUSR1);
        if (i % 64 == 0) {
            sched_yield();
        }
    }
    return NULL;
}

int main(void) {
    CHECK(cSunMiscSignal_signalRangeCheck(SIGTERM), "SIGTERM is in range");
    CHECK(!cSunMiscSignal_signalRangeCheck(0) && !cSunMiscSignal_signalRangeCheck(NSIG), "0 and NSIG are not");
    CHECK(cSunMiscSignal_awaitSemaphore() == -1, "await before open fails instead of blocking");
    CHECK(cSunMiscSignal_open() == 0, "open");
    errno = 0;
    CHECK(cSunMiscSignal_open() == -1 && errno == EBUSY, "a second open fails with EBUSY (one isolate owns signals)");
    CHECK(cSunMiscSignal_checkPendingSignal() == -1, "nothing pending after open");

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = (void (*)(int)) cSunMiscSignal_signalHandlerFunctionPointer();
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);

    /* the drain-then-exit lifecycle: two SIGTERMs are two dispatches */
    raise(SIGTERM);
    raise(SIGTERM);
    CHECK_LONG(svm_signal_pending_count(SIGTERM), 2, "two SIGTERMs counted");
    CHECK(cSunMiscSignal_awaitSemaphore() == 0, "first wake-up");
    CHECK_LONG(cSunMiscSignal_checkPendingSignal(), SIGTERM, "first SIGTERM dispatched");
    CHECK(cSunMiscSignal_awaitSemaphore() == 0, "second wake-up");
    CHECK_LONG(cSunMiscSignal_checkPendingSignal(), SIGTERM, "second SIGTERM dispatched");
    CHECK_LONG(cSunMiscSignal_checkPendingSignal(), -1, "then nothing is pending");

    /* concurrency: another thread takes N signals while this one dispatches */
    pthread_t t;
    pthread_create(&t, NULL, raiser, NULL);
    long dispatched = 0;
    while (dispatched < N) {
        if (cSunMiscSignal_awaitSemaphore() != 0) {
            break;
        }
        int s = cSunMiscSignal_checkPendingSignal();
        if (s == SIGUSR1) {
            dispatched++;
        } else if (s != -1) {
            break;
        }
    }
    pthread_join(t, NULL);
    CHECK_LONG(dispatched, N, "every one of N concurrent deliveries dispatched exactly once");
    CHECK_LONG(cSunMiscSignal_checkPendingSignal(), -1, "none left over");

    /* the handler keeps errno */
    errno = 1234;
    svm_signal_deliver_for_testing(SIGUSR2);
    CHECK(errno == 1234, "the handler preserves errno");
    CHECK_LONG(cSunMiscSignal_checkPendingSignal(), SIGUSR2, "a delivered SIGUSR2 is pending");
    CHECK(cSunMiscSignal_signalSemaphore() == 0, "signalSemaphore wakes the dispatcher");
    CHECK(cSunMiscSignal_close() == 0, "close");
    CHECK(cSunMiscSignal_open() == 0 && cSunMiscSignal_close() == 0, "open again after close");
    return t_done();
}
