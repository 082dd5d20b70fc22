/* The name-case rule of src/namecase.h, one line per part of the rule. */
#include <stdlib.h>

#include "../unit/harness.h"
#include "namecase.h"

static void check_case(const char *in, const char *want)
{
    char *got = ov_namecase(in);
    CHECK_STR(got, want);
    free(got);
}

static void words(void)
{
    check_case("LEDBURY HEALTH PARTNERSHIP", "Ledbury Health Partnership");
    check_case("BARNET, ENFIELD AND HARINGEY MENTAL HEALTH NHS TRUST",
               "Barnet, Enfield and Haringey Mental Health NHS Trust");
    check_case("TAVISTOCK & PORTMAN CLINICS", "Tavistock & Portman Clinics");
    check_case("THE WYE VALLEY PRACTICE", "The Wye Valley Practice");
}

static void abbreviations(void)
{
    check_case("SOUTH WORCESTERSHIRE PCN", "South Worcestershire PCN");
    check_case("NHS HEREFORDSHIRE AND WORCESTERSHIRE ICB - 18C",
               "NHS Herefordshire and Worcestershire ICB - 18C");
    check_case("ST JOHNS SURGERY", "St Johns Surgery");
    check_case("DR SMITH AND PARTNERS LTD", "Dr Smith and Partners Ltd");
    check_case("A&E DEPARTMENT", "A&E Department");
    check_case("BMA HOUSE", "Bma House"); /* has a vowel: not taken for an abbreviation */
}

static void inside_words(void)
{
    check_case("STOKE-ON-TRENT", "Stoke-on-Trent");
    check_case("WESTON-SUPER-MARE", "Weston-super-Mare");
    check_case("ST ANN'S ROAD", "St Ann's Road");
    check_case("O'NEILL SURGERY", "O'Neill Surgery");
    check_case("1ST FLOOR", "1st Floor");
    check_case("UNIT 5PL", "Unit 5PL");
    check_case("MCKENZIE (BROMSGROVE)", "McKenzie (Bromsgrove)");
    check_case("AND THEN", "And Then");
}

static void left_alone(void)
{
    check_case("Ledbury Health Partnership", "Ledbury Health Partnership");
    check_case("NHS Wyre Forest CCG", "NHS Wyre Forest CCG");
    check_case("", "");
    check_case("CAF\xC3\x89 ROUGE", "Caf\xC3\x89 Rouge"); /* only ASCII letters change */
}

int main(void)
{
    RUN(words);
    RUN(abbreviations);
    RUN(inside_words);
    RUN(left_alone);
    DONE();
}
