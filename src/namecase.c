#include "namecase.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const char *const small_words[] = {"and",  "of",   "the",   "upon",  "on", "in",
                                          "at",   "for",  "with",  "by",    "to", "under",
                                          "super", "le",  NULL};
static const char *const capital_words[] = {"NHS", "PCN", "CCG", "ICB", "ICS", "PCT", "GP",
                                            "UK",  "CIC", "LLP", "HQ",  "CSU", "STP", NULL};
static const char *const title_words[] = {"ST", "DR", "MR", "MRS", "MS", "LTD", NULL};

static int in_list(const char *const *list, const char *w, size_t n, int fold)
{
    for (size_t i = 0; list[i]; i++) {
        if (strlen(list[i]) != n)
            continue;
        if (fold ? strncasecmp(list[i], w, n) == 0 : strncmp(list[i], w, n) == 0)
            return 1;
    }
    return 0;
}

static int is_vowel(char c)
{
    return strchr("AEIOUYaeiouy", c) != NULL;
}

/* 1 when the word of N letters W (all letters, upper case) is kept in
 * capitals. */
static int keeps_capitals(const char *w, size_t n)
{
    if (in_list(title_words, w, n, 0))
        return 0;
    if (in_list(capital_words, w, n, 0))
        return 1;
    if (n < 2 || n > 4)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!isupper((unsigned char)w[i]) || is_vowel(w[i]))
            return 0;
    }
    return 1;
}

/* 1 for the letters of an ordinal after its digits: ST, ND, RD, TH. */
static int is_ordinal(const char *p, size_t n)
{
    static const char *const ends[] = {"ST", "ND", "RD", "TH", NULL};
    return in_list(ends, p, n, 1);
}

/* Recases the letters of one part (a run of letters) P of N bytes: START
 * says whether it begins with a capital. */
static void part_case(char *p, size_t n, int start)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (char)(i == 0 && start ? toupper((unsigned char)p[i]) : tolower((unsigned char)p[i]));
    if (start && n > 3 && p[0] == 'M' && p[1] == 'c')
        p[2] = (char)toupper((unsigned char)p[2]);
}

/* Recases the word W of N bytes (no spaces) in place; FIRST: it starts the
 * name. Lists are checked against the word without punctuation around it
 * ("BARNET," is "BARNET"). */
static void word_case(char *w, size_t n, int first)
{
    size_t a = 0;
    size_t b = n;
    while (a < b && !isalnum((unsigned char)w[a]) && w[a] != '&')
        a++;
    while (b > a && !isalnum((unsigned char)w[b - 1]) && w[b - 1] != '&')
        b--;
    if (keeps_capitals(w + a, b - a) || (b - a == 3 && strncmp(w + a, "A&E", 3) == 0))
        return;
    size_t i = a;
    while (i < b) {
        unsigned char c = (unsigned char)w[i];
        if (!isalpha(c)) {
            i++;
            continue;
        }
        size_t len = 0;
        while (i + len < b && isalpha((unsigned char)w[i + len]))
            len++;
        int start = 1;
        if (i > 0 && isdigit((unsigned char)w[i - 1]) && !is_ordinal(w + i, len)) {
            i += len; /* part of a code: 18C, 5PL */
            continue;
        }
        if (i > 0 && isdigit((unsigned char)w[i - 1]))
            start = 0; /* 1st */
        else if (i > 0 && w[i - 1] == '\'')
            start = i >= 2 && (i < 3 || !isalpha((unsigned char)w[i - 3])) &&
                    isalpha((unsigned char)w[i - 2]); /* O'Neill, but Ann's */
        else if ((i == a && !first) || (i > 0 && w[i - 1] == '-'))
            start = !in_list(small_words, w + i, len, 1);
        part_case(w + i, len, start);
        i += len;
    }
}

char *ov_namecase(const char *name)
{
    char *out = ov_strdup(name);
    if (out == NULL)
        return NULL;
    for (const char *p = out; *p; p++) {
        if (islower((unsigned char)*p))
            return out;
    }
    size_t i = 0;
    int first = 1;
    while (out[i]) {
        if (out[i] == ' ') {
            i++;
            continue;
        }
        size_t n = 0;
        while (out[i + n] && out[i + n] != ' ')
            n++;
        word_case(out + i, n, first);
        first = 0;
        i += n;
    }
    return out;
}
