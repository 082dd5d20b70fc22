#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "theme.h"

int cli_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    fputs("orgviz: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s\ntry 'orgviz --help'\n", usage);
    return OV_ERR_USAGE;
}

void cli_print_diags(ov_diags *d)
{
    ov_diags_sort(d);
    for (size_t i = 0; i < d->count; i++) {
        char *line = ov_diag_format(&d->items[i]);
        if (line)
            fprintf(stderr, "%s\n", line);
        free(line);
    }
}

int cli_parse_date(const char *usage, const char *opt, const char *arg, ov_day *out)
{
    if (strcmp(arg, "today") == 0) {
        *out = ov_date_today();
        return 0;
    }
    switch (ov_date_parse(arg, out)) {
    case OV_DATE_OK:
        return 0;
    case OV_DATE_IMPOSSIBLE:
        cli_usage_error(usage, "%s %s: no such day", opt, arg);
        return -1;
    case OV_DATE_FORMAT:
        break;
    }
    cli_usage_error(usage, "%s '%s': write the date as YYYY-MM-DD (or 'today')", opt, arg);
    return -1;
}

void cli_render_init(cli_render *r)
{
    memset(r, 0, sizeof *r);
    r->ro.format = OV_FMT_SVG;
    r->ro.dpi = 0;
}

int cli_render_option(cli_render *r, const char *usage, int opt, const char *arg)
{
    char *end;
    int f;
    switch (opt) {
    case 'T':
        f = ov_format_parse(arg);
        if (f < 0) {
            cli_usage_error(usage, "-T %s: the formats are svg, png, pdf and dot", arg);
            return -1;
        }
        r->ro.format = (ov_format)f;
        return 1;
    case 'o':
        r->output = arg;
        return 1;
    case OPT_THEME:
        if (!ov_theme_get(arg)) {
            cli_usage_error(usage, "--theme %s: the themes are default and mono", arg);
            return -1;
        }
        r->ro.theme = arg;
        return 1;
    case OPT_TITLE:
        r->ro.title = arg;
        return 1;
    case OPT_RESPONSIVE:
        r->ro.responsive = 1;
        return 1;
    case OPT_DPI:
        r->ro.dpi = strtod(arg, &end);
        if (*end != '\0' || r->ro.dpi < 36 || r->ro.dpi > 1200) {
            cli_usage_error(usage, "--dpi %s: give a number from 36 to 1200", arg);
            return -1;
        }
        return 1;
    case OPT_STRICT:
        r->strict = 1;
        return 1;
    default:
        return 0;
    }
}

ov_model *cli_open(const char *file, int strict, int *status)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_model *m = NULL;
    ov_status st = ov_open(file, &m, &d);
    if (st == OV_OK && strict && d.warnings > 0) {
        ov_diags_promote(&d);
        ov_model_free(m);
        m = NULL;
        st = OV_ERR_DATA;
    }
    if (st == OV_OK) {
        /* warnings are for `orgviz validate`; a renderer stays quiet */
        ov_diags_free(&d);
        *status = OV_OK;
        return m;
    }
    if (!strict)
        ov_diags_drop_warnings(&d);
    cli_print_diags(&d);
    fprintf(stderr, "%s: not rendered: %zu error%s (run 'orgviz validate %s')\n", file,
            d.errors, d.errors == 1 ? "" : "s", file);
    ov_diags_free(&d);
    *status = st;
    return NULL;
}

int cli_write(const cli_render *r, const char *data, size_t len)
{
    const char *path = r->output ? r->output : "-";
    if (strcmp(path, "-") == 0 && isatty(STDOUT_FILENO) &&
        (r->ro.format == OV_FMT_PNG || r->ro.format == OV_FMT_PDF)) {
        fprintf(stderr, "orgviz: not writing %s to a terminal: use -o FILE\n",
                ov_format_ext(r->ro.format));
        return OV_ERR_USAGE;
    }
    ov_diags d;
    ov_diags_init(&d);
    ov_status st = ov_write_file(path, data, len, &d);
    cli_print_diags(&d);
    ov_diags_free(&d);
    return st;
}
