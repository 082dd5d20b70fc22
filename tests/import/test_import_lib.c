/* Library tests of the importers' pieces: names in the case people write
 * them (src/namecase.c) and the CSV reader (src/csvread.c). */
#include <stdlib.h>

#include "../unit/harness.h"
#include "csvread.h"
#include "namecase.h"

static void check_name(const char *in, const char *want)
{
    char *got = ov_name_case(in);
    CHECK_STR(got, want);
    free(got);
}

static void names(void)
{
    /* real names of the January 2024 lookup (NHS Digital) */
    check_name("LEDBURY HEALTH PARTNERSHIP", "Ledbury Health Partnership");
    check_name("EAST HEREFORDSHIRE PCN", "East Herefordshire PCN");
    check_name("ST MARTIN'S GATE SURGERY", "St Martin's Gate Surgery");
    check_name("NORTH & WEST HEREFORDSHIRE PCN", "North & West Herefordshire PCN");
    check_name("THE WBC (HEREFORD CITY) PCN", "The WBC (Hereford City) PCN");
    check_name("SOUTH WORCS VALE OF EVESHAM HEALTH PCN", "South Worcs Vale of Evesham Health PCN");
    check_name("WF NETWORK OF INDEPENDENT PRACTICES PCN",
               "WF Network of Independent Practices PCN");
    check_name("MCKENZIE HOUSE SURGERY", "McKenzie House Surgery");
    check_name("MACCLESFIELD PCN", "Macclesfield PCN");
    check_name("HARINGEY - N15/SOUTH EAST PCN", "Haringey - N15/South East PCN");
    check_name("WEST-HILL HEALTH PCN", "West-Hill Health PCN");
    check_name("THE BEECHES MEDICAL CTR", "The Beeches Medical Ctr");
    check_name("DR GT HENDOW'S PRACTICE", "Dr GT Hendow's Practice");
    check_name("WEST4 GPS", "West4 GPs");
    check_name("A34 WEST BERKSHIRE PCN", "A34 West Berkshire PCN");
    check_name("CENTRAL & WEST (IW) PCN", "Central & West (IW) PCN");
    check_name("SAS WEST ESSEX COMMISCEO PCS LIMITED", "SAS West Essex Commisceo PCS Limited");
    /* made-up names for the rules the lookup does not exercise */
    check_name("STRATFORD-UPON-AVON SURGERY", "Stratford-upon-Avon Surgery");
    check_name("O'BRIEN PRACTICE", "O'Brien Practice");
    check_name("THE 1ST PRACTICE", "The 1st Practice");
    /* padding, as "NHS NORFOLK AND WAVENEY INTEGRATED CARE BOARD " in the
     * January 2024 lookup */
    check_name("NHS NORFOLK AND WAVENEY INTEGRATED CARE BOARD ",
               "NHS Norfolk and Waveney Integrated Care Board");
    check_name("  Mixed  Case   Name ", "Mixed Case Name");
    check_name("NHS Herefordshire and Worcestershire ICB - 18C",
               "NHS Herefordshire and Worcestershire ICB - 18C"); /* mixed case: kept */
    check_name("", "");
}

static void csv(void)
{
    static const char text[] = "\xEF\xBB\xBF"
                               "Code, Name ,note\r\n"
                               "A1,\"one, two\",\"say \"\"hi\"\"\"\r\n"
                               "\r\n"
                               "B2,\"line\nbreak\",x\r\n"
                               "C3\r\n";
    ov_diags d;
    ov_diags_init(&d);
    ov_csv *c = NULL;
    CHECK(ov_csv_parse("t.csv", text, sizeof text - 1, &c, &d) == OV_OK);
    if (c == NULL)
        return;
    CHECK(c->nrows == 4);
    CHECK(ov_csv_column(c, "code") == 0);
    CHECK(ov_csv_column(c, "NAME") == 1);
    CHECK(ov_csv_column(c, "missing") == OV_NONE);
    CHECK_STR(ov_csv_field(&c->rows[1], 1), "one, two");
    CHECK_STR(ov_csv_field(&c->rows[1], 2), "say \"hi\"");
    CHECK(c->rows[1].line == 2);
    CHECK_STR(ov_csv_field(&c->rows[2], 1), "line\nbreak");
    CHECK(c->rows[2].line == 4);
    CHECK(c->rows[3].line == 6);
    CHECK_STR(ov_csv_field(&c->rows[3], 2), ""); /* a short row */
    CHECK(d.count == 0);
    ov_csv_free(c);

    static const char broken[] = "a,b\n\"c,open\nd,e\n";
    c = NULL;
    CHECK(ov_csv_parse("b.csv", broken, sizeof broken - 1, &c, &d) == OV_ERR_DATA);
    CHECK(c == NULL);
    CHECK(d.count == 1 && d.items[0].line == 2);
    ov_diags_free(&d);
}

int main(void)
{
    RUN(names);
    RUN(csv);
    DONE();
}
