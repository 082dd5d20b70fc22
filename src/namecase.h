/* Names in the case people write them, from registers that shout.
 *
 * The rule (documented in README.md, "Importing"):
 *  - a name that already has a lower-case letter is left as it is;
 *  - otherwise each word is written with a capital and then small letters
 *    ("LEDBURY HEALTH PARTNERSHIP" -> "Ledbury Health Partnership"), also
 *    after '-', '/', '(' and '.' ("WESTON-SUPER-MARE" -> "Weston-super-Mare"),
 *    and after an apostrophe only for a one-letter prefix ("O'NEILL" ->
 *    "O'Neill", but "ST ANN'S" -> "St Ann's");
 *  - "and", "of", "the", "upon", "on", "in", "at", "for", "with", "by",
 *    "to", "under", "super" and "le" are written small, except first;
 *  - abbreviations stay in capitals: NHS, PCN, CCG, ICB, ICS, PCT, GP, UK,
 *    CIC, LLP, HQ, CSU, STP, A&E, and any other word of two to four
 *    letters with no vowel (A, E, I, O, U, Y), except St, Dr, Mr, Mrs, Ms
 *    and Ltd, which are titles and abbreviations written in small letters;
 *  - an ordinal's letters are small ("1ST" -> "1st"); other letters after
 *    a digit stay capitals (the code "18C"); "MC" starts "McKenzie".
 * Only ASCII letters change; other bytes are copied. */
#ifndef OV_NAMECASE_H
#define OV_NAMECASE_H

/* NAME in the case people write it: a new string (free with free()), or
 * NULL when out of memory. */
char *ov_namecase(const char *name);

#endif
