/*
 * svm_internal.h: functions our C helpers share with each other and with their unit tests
 * (csrc/test). None of these is called by the image itself; the image's contract is
 * svm_cfunctions.h, generated from svm.jar.
 */
#ifndef SIDECARS_SVM_INTERNAL_H
#define SIDECARS_SVM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "amd64cpufeatures.h"
#include "svm_locale.h"

/* container.c */
void svm_container_set_root_for_testing(const char *root);
void svm_container_ensure_initialized(void);
int svm_container_version(void);          /* 0 (no cgroup found), 1 or 2 */
long svm_container_cpu_shares(void);       /* -1 when unset (default weight) */
long cpu_limit_at_any(void);               /* thousandths of a CPU, -1 unlimited, -2 error */
int svm_host_processor_count(void);

/* cpufeatures.c */
/* Compares host features with a build-time mask; writes the names of the features the host lacks,
 * comma separated, into missing; returns their number (0 = the host can run the image). */
int svm_cpu_missing_features(const uint8_t *mask, const CPUFeatures *host, char *missing, size_t len);

/* locale.c */
/* Parses one POSIX locale name ("de_DE.UTF-8@euro") the way java_props_md.c does into
 * newly allocated strings (NULL when absent); returns SVM_LOCALE_INITIALIZATION_*. */
int svm_parse_locale_name(const char *name, char **language, char **script, char **country, char **variant);
/* The locale name of a category from the environment: LC_ALL, then the category's variable, then
 * LANG; empty values are ignored; NULL if none is set. */
const char *svm_locale_name_from_env(const char *category_variable);

/* signal.c */
long svm_signal_pending_count(int sig);
void svm_signal_deliver_for_testing(int sig); /* what the handler does, without a real signal */

/* timezone.c */
char *svm_find_tz_under(const char *root); /* root "" for the real system */

#endif
