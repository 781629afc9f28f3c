/*
 * locale.c: the default-locale functions of our liblibchelper.a.
 *
 * Stands in for GraalVM's libchelper locale code. Written for this project from the contract in
 * svm.jar (com.oracle.svm.core.c.locale.LocaleCHelper and its LocaleProps struct, generated into
 * svm_locale.h) and from the parsing rules of the JDK's java_props_md.c (ParseLocale). The JDK's own
 * name tables (locale_str.h: locale_aliases, language_names, script_names, country_names,
 * variant_names) are included from the OpenJDK source package the toolchain builds the static JDK
 * libraries from; they are data, not code of ours.
 *
 * Contract (NO_TRANSITION, called once at isolate start-up):
 *   int svm_initialize_locale(void)   fills the process-wide svm_locale_props_t: the "format"
 *        fields from the LC_CTYPE locale, the "display" fields from LC_MESSAGES (as the JDK does
 *        for user.language/user.country/user.script/user.variant and their .format/.display
 *        variants); returns SVM_LOCALE_INITIALIZATION_SUCCEEDED or ..._OUT_OF_MEMORY. Fields that do
 *        not apply stay NULL; the image then falls back to "en".
 *   svm_locale_props_t *svm_get_locale(void)   the filled struct (strings live for the process).
 *
 * The locale name of a category is taken from the environment with POSIX precedence: LC_ALL, then
 * LC_CTYPE / LC_MESSAGES, then LANG; empty values count as unset. Unlike HotSpot (setlocale(LC_ALL,
 * "") and then setlocale(cat, NULL)), we do not ask the C library, so the answer does not depend on
 * which locales happen to be compiled into the image's OS layer (a distroless layer has none, and
 * HotSpot would report en_US there), and we do not change the process's C locale. The parsing
 * follows ParseLocale: "C" and "POSIX" (and no name at all) mean en_US; the name is
 * language[_country][.encoding][@variant]; locale_aliases maps the part before '.'/'@' (e.g.
 * "no" -> "nb_NO"); language and country go through language_names / country_names (so "iw"
 * becomes "he"); an @modifier names a script (@latin -> Latn) and/or a variant (@nynorsk), others are
 * ignored; the encoding is parsed and dropped (the image's file.encoding is UTF-8, as JDK 18+).
 */
#include <stdlib.h>
#include <string.h>

#include "svm_cfunctions.h"
#include "svm_internal.h"
#include "locale_str.h" /* the JDK's tables, from the OpenJDK source package */

static svm_locale_props_t props;

static int lookup(char *map[], const char *key, const char **value) {
    for (int i = 0; strcmp(map[i], "") != 0; i += 2) {
        if (strcmp(key, map[i]) == 0) {
            *value = map[i + 1];
            return 1;
        }
    }
    return 0;
}

static char *dup_or_null(const char *s, int *oom) {
    if (s == NULL) {
        return NULL;
    }
    char *d = strdup(s);
    if (d == NULL) {
        *oom = 1;
    }
    return d;
}

/* Splits "lang_CC.enc@mod" at the first '.' or '@' into head and tail (tail keeps its delimiter). */
static void split_encoding_variant(char *name, char **tail) {
    char *p = strchr(name, '.');
    if (p == NULL) {
        p = strchr(name, '@');
    }
    *tail = p != NULL ? strdup(p) : strdup("");
    if (p != NULL) {
        *p = '\0';
    }
}

int svm_parse_locale_name(const char *name, char **language, char **script, char **country, char **variant) {
    *language = *script = *country = *variant = NULL;
    if (name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0) {
        name = "en_US";
    }
    char *temp = strdup(name);
    char *tail = NULL;
    if (temp == NULL) {
        return SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY;
    }
    split_encoding_variant(temp, &tail);
    if (tail == NULL) {
        free(temp);
        return SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY;
    }
    const char *alias;
    if (lookup(locale_aliases, temp, &alias)) {
        /* the alias may bring its own .encoding or @variant, which then wins */
        char *expanded = strdup(alias);
        if (expanded == NULL) {
            free(temp);
            free(tail);
            return SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY;
        }
        char *alias_tail = NULL;
        split_encoding_variant(expanded, &alias_tail);
        free(temp);
        temp = expanded;
        if (alias_tail != NULL && alias_tail[0] != '\0') {
            free(tail);
            tail = alias_tail;
        } else {
            free(alias_tail);
        }
    }

    char *lang = temp;
    char *ctry = strchr(temp, '_');
    if (ctry != NULL) {
        *ctry++ = '\0';
    }
    char *mod = strchr(tail, '@'); /* the encoding, between '.' and '@', is not needed */
    if (mod != NULL) {
        mod++;
    }

    int oom = 0;
    const char *mapped;
    if (lang[0] == '\0') {
        *language = dup_or_null("en", &oom);
    } else {
        *language = dup_or_null(lookup(language_names, lang, &mapped) ? mapped : lang, &oom);
    }
    if (ctry != NULL && ctry[0] != '\0') {
        *country = dup_or_null(lookup(country_names, ctry, &mapped) ? mapped : ctry, &oom);
    }
    if (mod != NULL && mod[0] != '\0') {
        if (lookup(script_names, mod, &mapped)) {
            *script = dup_or_null(mapped, &oom);
        }
        if (lookup(variant_names, mod, &mapped)) {
            *variant = dup_or_null(mapped, &oom);
        }
    }
    free(temp);
    free(tail);
    return oom ? SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY : SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

const char *svm_locale_name_from_env(const char *category_variable) {
    const char *v = getenv("LC_ALL");
    if (v != NULL && v[0] != '\0') {
        return v;
    }
    v = getenv(category_variable);
    if (v != NULL && v[0] != '\0') {
        return v;
    }
    v = getenv("LANG");
    if (v != NULL && v[0] != '\0') {
        return v;
    }
    return NULL;
}

int svm_initialize_locale(void) {
    int r = svm_parse_locale_name(svm_locale_name_from_env("LC_CTYPE"), &props.format_language, &props.format_script,
                                  &props.format_country, &props.format_variant);
    if (r != SVM_LOCALE_INITIALIZATION_SUCCEEDED) {
        return r;
    }
    return svm_parse_locale_name(svm_locale_name_from_env("LC_MESSAGES"), &props.display_language, &props.display_script,
                                 &props.display_country, &props.display_variant);
}

svm_locale_props_t *svm_get_locale(void) {
    return &props;
}
