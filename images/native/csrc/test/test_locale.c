/* Unit tests of locale.c: locale names parsed as the JDK's java_props_md.c does, from the
 * environment with POSIX precedence. */
#include <stdlib.h>
#include "harness.h"
#include "svm_cfunctions.h"
#include "svm_internal.h"

static void parses(const char *name, const char *lang, const char *script, const char *country, const char *variant) {
    char *l, *s, *c, *v;
    char what[256];
    int r = svm_parse_locale_name(name, &l, &s, &c, &v);
    snprintf(what, sizeof(what), "\"%s\" parses", name ? name : "(null)");
    CHECK(r == SVM_LOCALE_INITIALIZATION_SUCCEEDED, what);
    snprintf(what, sizeof(what), "\"%s\": language", name ? name : "(null)");
    CHECK_STR(l, lang, what);
    snprintf(what, sizeof(what), "\"%s\": script", name ? name : "(null)");
    CHECK_STR(s, script, what);
    snprintf(what, sizeof(what), "\"%s\": country", name ? name : "(null)");
    CHECK_STR(c, country, what);
    snprintf(what, sizeof(what), "\"%s\": variant", name ? name : "(null)");
    CHECK_STR(v, variant, what);
    free(l); free(s); free(c); free(v);
}

int main(void) {
    parses("de_DE.UTF-8", "de", NULL, "DE", NULL);
    parses("de_DE", "de", NULL, "DE", NULL);
    parses("ja_JP.eucJP", "ja", NULL, "JP", NULL);
    parses("C", "en", NULL, "US", NULL);          /* exactly C or POSIX: en_US */
    parses("POSIX", "en", NULL, "US", NULL);
    parses(NULL, "en", NULL, "US", NULL);         /* nothing set */
    parses("C.UTF-8", "en", NULL, NULL, NULL);    /* language C maps to en, no country */
    parses("sr_RS@latin", "sr", "Latn", "RS", NULL);
    parses("sr_RS.UTF-8@latin", "sr", "Latn", "RS", NULL);
    parses("nn_NO.UTF-8@nynorsk", "nn", NULL, "NO", "NY");
    parses("de_DE@euro", "de", NULL, "DE", NULL); /* unknown modifiers are ignored */
    parses("he_IL.UTF-8", "iw", NULL, "IL", NULL); /* the JDK's legacy ISO 639 code */
    parses("iw", "iw", NULL, "IL", NULL);          /* an alias adds the country */
    parses("sh_YU", "sr", NULL, "CS", NULL);

    /* precedence: LC_ALL > LC_CTYPE/LC_MESSAGES > LANG; empty values are unset */
    unsetenv("LC_ALL"); unsetenv("LC_CTYPE"); unsetenv("LC_MESSAGES"); unsetenv("LANG");
    CHECK(svm_locale_name_from_env("LC_CTYPE") == NULL, "no variable: no name");
    setenv("LANG", "fr_FR.UTF-8", 1);
    CHECK_STR(svm_locale_name_from_env("LC_CTYPE"), "fr_FR.UTF-8", "LANG is the fallback");
    setenv("LC_CTYPE", "de_AT.UTF-8", 1);
    CHECK_STR(svm_locale_name_from_env("LC_CTYPE"), "de_AT.UTF-8", "LC_CTYPE beats LANG");
    CHECK_STR(svm_locale_name_from_env("LC_MESSAGES"), "fr_FR.UTF-8", "LC_CTYPE does not affect LC_MESSAGES");
    setenv("LC_ALL", "", 1);
    CHECK_STR(svm_locale_name_from_env("LC_CTYPE"), "de_AT.UTF-8", "an empty LC_ALL is ignored");
    setenv("LC_ALL", "it_IT.UTF-8", 1);
    CHECK_STR(svm_locale_name_from_env("LC_MESSAGES"), "it_IT.UTF-8", "LC_ALL beats everything");

    /* the whole contract: format from LC_CTYPE, display from LC_MESSAGES */
    unsetenv("LC_ALL");
    setenv("LANG", "de_DE.UTF-8", 1);
    setenv("LC_MESSAGES", "en_GB.UTF-8", 1);
    unsetenv("LC_CTYPE");
    CHECK(svm_initialize_locale() == SVM_LOCALE_INITIALIZATION_SUCCEEDED, "svm_initialize_locale succeeds");
    svm_locale_props_t *p = svm_get_locale();
    CHECK_STR(p->format_language, "de", "format language from LANG");
    CHECK_STR(p->format_country, "DE", "format country from LANG");
    CHECK_STR(p->display_language, "en", "display language from LC_MESSAGES");
    CHECK_STR(p->display_country, "GB", "display country from LC_MESSAGES");
    return t_done();
}
