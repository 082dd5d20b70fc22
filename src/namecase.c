#include "namecase.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Words kept in capitals although they have a vowel. */
static const char *const acronyms[] = {"NHS", "PCN",  "ICB",  "ICS",  "CCG",  "GP",   "UK",  "CIC",
                                       "LLP", "PLC",  "APMS", "PMS",  "GMS",  "OOH",  "UEA", "ABC",
                                       "ACF", "AIC",  "APL",  "AWC",  "EMC",  "HIPC", "ICO", "IGPC",
                                       "MPA", "MVPS", "PCCO", "SJC",  "UHPC", "UOS",  "SAS", "MMWF",
                                       "NEL", "WACA", "LOCC", "LSMP", "HWL",  NULL};
/* Words with no vowel (or of two letters) that are abbreviations written
 * with one capital. */
static const char *const abbreviations[] = {
    "ST",  "DR",  "DRS", "MT",  "RD", "CTR",  "CTRS", "CNTR", "CNT",   "HLTH", "PTNR", "SPCL",
    "GRP", "LTD", "MR",  "MRS", "MS", "BLVD", "TWNS", "SQ",   "PTNRS", "HTH",  NULL};
/* Everyday words of two letters (capitalised when first, else see small). */
static const char *const two_letter_words[] = {
    "AT", "BY", "DO", "GO", "IN", "OF", "ON", "TO", "UP", "MY", "ME", "SO", "NO", "OR",
    "AN", "AS", "BE", "HE", "IS", "IT", "WE", "LE", "DE", "LA", "EN", "OX", NULL};
/* Lower case unless first. */
static const char *const small_words[] = {"AND", "OF", "THE", "ON",    "UPON",  "IN",
                                          "AT",  "BY", "FOR", "WITH",  "UNDER", "LE",
                                          "EN",  "DE", "LA",  "SUPER", NULL};

static int in_list(const char *const *list, const char *w, size_t n)
{
    for (size_t i = 0; list[i] != NULL; i++)
        if (strlen(list[i]) == n && strncasecmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}
static int is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}
static int is_letter(char c)
{
    return is_upper(c) || is_lower(c);
}
static char lower(char c)
{
    return is_upper(c) ? (char)(c - 'A' + 'a') : c;
}
static char upper(char c)
{
    return is_lower(c) ? (char)(c - 'a' + 'A') : c;
}

static int has_vowel(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strchr("AEIOUYaeiouy", w[i]) != NULL)
            return 1;
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int has_digit(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit(w[i]))
            return 1;
    return 0;
}

/* "1ST", "22ND", "3RD", "4TH". */
static int is_ordinal(const char *w, size_t n)
{
    size_t i = 0;
    while (i < n && is_digit(w[i]))
        i++;
    if (i == 0 || n - i != 2)
        return 0;
    return in_list((const char *const[]){"ST", "ND", "RD", "TH", NULL}, w + i, 2);
}

/* The longest run of letters in W. */
static size_t longest_run(const char *w, size_t n)
{
    size_t best = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = is_letter(w[i]) ? run + 1 : 0;
        best = run > best ? run : best;
    }
    return best;
}

/* Each run of letters of W with one capital ("Together4Healthcare"). */
static void case_runs(char *out, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = is_letter(w[i]) && (i == 0 || !is_letter(w[i - 1])) ? upper(w[i]) : lower(w[i]);
}

/* Writes the word W (N letters, digits and apostrophes) into OUT in its
 * case; FIRST: the first word of the name. */
static void case_word(char *out, const char *w, size_t n, int first)
{
    size_t letters = 0;
    for (size_t i = 0; i < n; i++)
        letters += is_letter(w[i]);
    if (n == 3 && strncasecmp(w, "GPS", 3) == 0) {
        memcpy(out, "GPs", 3);
        return;
    }
    int keep_upper = 0;
    if (in_list(abbreviations, w, n))
        keep_upper = 0;
    else if (in_list(acronyms, w, n))
        keep_upper = 1;
    else if (letters == n && n == 2 && !in_list(two_letter_words, w, n))
        keep_upper = 1;
    else if (letters == n && n >= 2 && !has_vowel(w, n))
        keep_upper = 1;
    if (keep_upper) {
        memcpy(out, w, n);
        return;
    }
    int small = !first && in_list(small_words, w, n);
    int cap_next = !small;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (is_letter(c)) {
            out[i] = cap_next ? upper(c) : lower(c);
            cap_next = 0;
            /* McKenzie: a capital after "Mc" when more letters follow */
            if (i == 1 && n > 3 && lower(w[0]) == 'm' && lower(c) == 'c' && is_letter(w[2]))
                cap_next = 1;
        } else {
            out[i] = c;
            /* O'Brien, D'Arcy: a capital after an apostrophe that follows
             * one letter at the start of the word */
            cap_next = c == '\'' && i == 1 && is_letter(w[0]);
        }
    }
}

/* NAME without white space at either end and with runs of spaces inside
 * made one (the lookups pad some names): a new string, NULL when out of
 * memory. */
static char *tidy_spaces(const char *name)
{
    while (*name == ' ' || *name == '\t')
        name++;
    char *out = ov_strdup(name);
    if (out == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; out[i]; i++) {
        int space = out[i] == ' ' || out[i] == '\t';
        if (space && (k == 0 || out[k - 1] == ' '))
            continue;
        out[k++] = space ? ' ' : out[i];
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    return out;
}

char *ov_name_case(const char *raw)
{
    char *out = tidy_spaces(raw);
    if (out == NULL)
        return NULL;
    const char *name = out;
    char *tidy = out;
    out = ov_strdup(tidy);
    if (out == NULL) {
        free(tidy);
        return NULL;
    }
    for (const char *p = name; *p; p++)
        if (is_lower(*p)) {
            free(tidy);
            return out; /* already written in mixed case */
        }
    size_t len = strlen(name);
    int first = 1;
    size_t i = 0;
    while (i < len) {
        /* a word: letters, digits and apostrophes (hyphens split words) */
        if (!is_letter(name[i]) && !is_digit(name[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && (is_letter(name[j]) || is_digit(name[j]) ||
                           (name[j] == '\'' && j + 1 < len && is_letter(name[j + 1]))))
            j++;
        if (has_digit(name + i, j - i)) {
            if (is_ordinal(name + i, j - i))
                for (size_t k = i; k < j; k++)
                    out[k] = lower(name[k]); /* 1st, 4th */
            else if (longest_run(name + i, j - i) >= 4)
                case_runs(out + i, name + i, j - i); /* West4, Practice1 */
            /* else a code ("LS25", "A1", "4PCN"): kept as written */
        } else {
            case_word(out + i, name + i, j - i, first);
        }
        first = 0;
        i = j;
    }
    free(tidy);
    return out;
}
