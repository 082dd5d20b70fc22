/* Names in the case people write them. The NHS registers (the practice
 * mapping, ODS) write most names in capitals: "LEDBURY HEALTH PARTNERSHIP".
 * The rule (documented in data/README.md, "Names from the NHS registers"):
 *  - a name that has any lower-case letter is kept as written;
 *  - otherwise each word gets a capital first letter and the rest in lower
 *    case ("Ledbury Health Partnership"), except:
 *    - acronyms stay in capitals: words of a list (NHS, PCN, ICB, CCG, GP,
 *      UK, CIC, ...), words of two letters that are not everyday words
 *      ("WF", "IW"; but "of", "on", "St", "Dr"), and words with no vowel
 *      (a, e, i, o, u, y: "HMG", "WBC", "KWH") unless a known abbreviation
 *      ("St", "Dr", "Rd", "Ctr", "Ltd", "Hlth");
 *    - "and", "of", "the", "on", "upon", "in", "at", "by", "for", "with",
 *      "under", "le", "en", "de", "la", "super" are lower case except as the
 *      first word ("Vale of Evesham", "Stratford-upon-Avon");
 *    - each part of a hyphenated word is treated as a word;
 *    - after an apostrophe, lower case ("St Martin's"), but a capital after
 *      a single letter ("O'Brien");
 *    - "Mc" is followed by a capital ("McKenzie"); "Mac" is not touched
 *      (Macclesfield);
 *    - letters after digits are lower case ("1st"); "GPS" is "GPs".
 * Symbols ("&", "(", "/", ".") are kept as written; spaces at either end go
 * and a run of spaces inside becomes one (some lookup names are padded). */
#ifndef OV_NAMECASE_H
#define OV_NAMECASE_H

/* NAME in the case people write it. New string (free with free()), or
 * NULL when out of memory. */
char *ov_name_case(const char *name);

#endif
