#include "date.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's civil-date algorithms (public domain), exact for the
 * proleptic Gregorian calendar. */
ov_day ov_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (ov_day)(era * 146097 + doe - 719468);
}

void ov_date_to_ymd(ov_day day, int *y, int *m, int *d)
{
    const int z = day + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

ov_date_status ov_date_parse(const char *s, ov_day *out)
{
    int y;
    int m;
    int d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return OV_DATE_FORMAT;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
        return OV_DATE_FORMAT;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return OV_DATE_IMPOSSIBLE;
    *out = ov_date_from_ymd(y, m, d);
    return OV_DATE_OK;
}

void ov_date_iso(ov_day day, char *buf)
{
    int y;
    int m;
    int d;
    ov_date_to_ymd(day, &y, &m, &d);
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
    memcpy(buf, tmp, 10);
    buf[10] = '\0';
}

void ov_date_human(ov_day day, char *buf)
{
    int y;
    int m;
    int d;
    ov_date_to_ymd(day, &y, &m, &d);
    snprintf(buf, 32, "%d %s %d", d, month_names[m - 1], y);
}

int ov_source_date_epoch(long long *secs)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (!epoch || *epoch < '0' || *epoch > '9')
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(epoch, &end, 10);
    if (*end != '\0' || errno != 0)
        return 0;
    *secs = v;
    return 1;
}

ov_day ov_date_today(void)
{
    long long secs;
    if (!ov_source_date_epoch(&secs))
        secs = (long long)time(NULL);
    long long days = secs / 86400;
    if (secs < 0 && secs % 86400 != 0)
        days--;
    return (ov_day)days;
}
