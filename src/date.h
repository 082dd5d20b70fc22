/* ISO dates as day numbers: parse, validate, format for people. */
#ifndef OV_DATE_H
#define OV_DATE_H

#include <stdint.h>

/* Days since 1970-01-01 (negative before). */
typedef int32_t ov_day;
#define OV_DAY_NONE INT32_MIN

typedef enum {
    OV_DATE_OK = 0,
    OV_DATE_FORMAT = -1,    /* not YYYY-MM-DD */
    OV_DATE_IMPOSSIBLE = -2 /* well formed but no such day (2022-02-30) */
} ov_date_status;

/* Parses exactly "YYYY-MM-DD" (years 0001 to 9999). */
ov_date_status ov_date_parse(const char *s, ov_day *out);

ov_day ov_date_from_ymd(int y, int m, int d);
void ov_date_to_ymd(ov_day day, int *y, int *m, int *d);

/* "2020-04-01" into BUF (at least 11 bytes). */
void ov_date_iso(ov_day day, char *buf);

/* "1 April 2020" into BUF (at least 32 bytes). */
void ov_date_human(ov_day day, char *buf);

/* Today (UTC), or the day of $SOURCE_DATE_EPOCH when it is set, so that
 * builds that depend on "today" are reproducible. */
ov_day ov_date_today(void);

/* The one reading of $SOURCE_DATE_EPOCH (reproducible builds): 1 with
 * *SECS when it is set to a whole number of seconds since 1970 (digits
 * only, no sign, in range), else 0 and each caller falls back (today: the
 * clock; the PDF stamp: 1970). */
int ov_source_date_epoch(long long *secs);

#endif
