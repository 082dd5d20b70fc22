#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "pages.h"
#include "svg.h"
#include "theme.h"
#include "util.h"

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

static const char *longopt_at(const void *ctx, size_t i)
{
    return ((const struct option *)ctx)[i].name;
}

int cli_unknown_option(const char *usage, const struct option *longopts, const char *arg)
{
    size_t n = 0;
    while (longopts[n].name)
        n++;
    const char *near = NULL;
    if (strncmp(arg, "--", 2) == 0 && arg[2]) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(arg + 2, "="), arg + 2);
        near = ov_suggest(name, n, longopt_at, longopts);
    }
    if (near)
        return cli_usage_error(usage, "unknown option '%s'; did you mean '--%s'?", arg, near);
    return cli_usage_error(usage, "unknown option '%s'", arg);
}

int cli_help_or_bad_option(const char *usage, const struct option *longopts, int opt,
                           const char *arg, void (*help)(void))
{
    if (opt == 'h') {
        help();
        return OV_OK;
    }
    if (opt == ':')
        return cli_usage_error(usage, "option '%s' needs a value", arg);
    return cli_unknown_option(usage, longopts, arg);
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

/* --hide codes,key: one or several words, separated by commas. */
static int hide_option(cli_render *r, const char *usage, const char *arg)
{
    char word[16];
    for (const char *p = arg;;) {
        size_t n = strcspn(p, ",");
        if (n == 0 || n >= sizeof word) {
            cli_usage_error(usage, "--hide %s: give codes, facts, key or sources", arg);
            return -1;
        }
        memcpy(word, p, n);
        word[n] = '\0';
        if (ov_hide_parse(word, &r->ro.hide) != 0) {
            cli_usage_error(usage, "--hide %s: '%s' is not codes, facts, key or sources", arg,
                            word);
            return -1;
        }
        if (p[n] == '\0')
            return 1;
        p += n + 1;
    }
}

/* --highlight ID (again for more, or ID,ID). */
static int highlight_option(cli_render *r, const char *usage, const char *arg)
{
    for (const char *p = arg;;) {
        size_t n = strcspn(p, ",");
        if (n == 0) {
            cli_usage_error(usage, "--highlight '%s': give organisation ids", arg);
            return -1;
        }
        char **more = realloc(r->highlight, (r->nhighlight + 1) * sizeof *more);
        char *id = ov_strndup(p, n);
        if (!more || !id) {
            free(id);
            if (more)
                r->highlight = more;
            fprintf(stderr, "orgviz: out of memory\n");
            return -1;
        }
        r->highlight = more;
        r->highlight[r->nhighlight++] = id;
        r->ro.highlight = (const char *const *)r->highlight;
        r->ro.nhighlight = r->nhighlight;
        if (p[n] == '\0')
            return 1;
        p += n + 1;
    }
}

void cli_render_free(cli_render *r)
{
    ov_theme_free(r->theme_file);
    r->theme_file = NULL;
    for (size_t i = 0; i < r->nhighlight; i++)
        free(r->highlight[i]);
    free(r->highlight);
    r->highlight = NULL;
    r->nhighlight = 0;
}

int cli_render_option(cli_render *r, const char *usage, int opt, const char *arg)
{
    char *end;
    int f;
    switch (opt) {
    case 'T':
        f = ov_format_parse(arg);
        if (f < 0) {
            cli_usage_error(usage, "-T %s: the formats are svg, png, pdf, dot and html", arg);
            return -1;
        }
        r->ro.format = (ov_format)f;
        r->format_given = 1;
        return 1;
    case 'o':
        if (*arg == '\0') {
            cli_usage_error(usage, "-o '': the output file name is empty (give a file name, "
                                   "or '-' for standard output)");
            return -1;
        }
        r->output = arg;
        return 1;
    case OPT_THEME:
        /* a built-in theme, or a theme file (loaded by cli_render_finish) */
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
    case OPT_ID_PREFIX:
        if (!ov_svg_prefix_ok(arg)) {
            cli_usage_error(usage,
                            "--id-prefix %s: start with a letter or '_', then letters, digits, "
                            "'_', '.' or '-' (at most 64), or give '' for none",
                            arg);
            return -1;
        }
        r->ro.id_prefix = arg;
        return 1;
    case OPT_PAGE: {
        ov_page_spec spec;
        if (ov_page_parse(arg, &spec) != 0) {
            cli_usage_error(usage, "--page %s: the page sizes are %s", arg, ov_page_names());
            return -1;
        }
        r->ro.page = arg;
        return 1;
    }
    case OPT_HIDE:
        return hide_option(r, usage, arg);
    case OPT_NOTE:
        r->ro.note = arg;
        return 1;
    case OPT_HIGHLIGHT:
        return highlight_option(r, usage, arg);
    case OPT_MIN_TEXT:
        r->ro.min_text = strtod(arg, &end);
        if (*end != '\0' || !(r->ro.min_text >= 1 && r->ro.min_text <= 72)) {
            cli_usage_error(usage, "--min-text %s: give a size in pt from 1 to 72", arg);
            return -1;
        }
        return 1;
    default:
        return 0;
    }
}

static int cli_render_format(cli_render *r, const char *usage);

int cli_render_finish(cli_render *r, const char *usage)
{
    if (cli_render_format(r, usage) != 0)
        return -1;
    if (r->ro.theme && !ov_theme_get(r->ro.theme)) {
        if (!strchr(r->ro.theme, '/') && !strstr(r->ro.theme, ".json")) {
            cli_usage_error(usage,
                            "--theme %s: the themes are default and mono, or give a theme "
                            "file (a .json path)",
                            r->ro.theme);
            return -1;
        }
        ov_diags d;
        ov_diags_init(&d);
        ov_theme *t = NULL;
        ov_status st = ov_theme_load(r->ro.theme, &t, &d);
        cli_print_diags(&d);
        ov_diags_free(&d);
        if (st != OV_OK) {
            r->theme_status = st;
            return -1;
        }
        r->theme_file = t;
        r->ro.custom_theme = t;
    }
    if (r->ro.page && r->ro.format == OV_FMT_DOT) {
        cli_usage_error(usage, "--page is for svg, png and pdf, not dot");
        return -1;
    }
    return 0;
}

static int cli_render_format(cli_render *r, const char *usage)
{
    const char *path = r->output;
    if (!path || strcmp(path, "-") == 0)
        return 0;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    int f = dot && dot != base ? ov_format_parse_ext(dot + 1) : -1;
    if (f < 0) {
        if (r->format_given)
            return 0;
        if (dot && dot != base)
            cli_usage_error(usage,
                            "-o %s: orgviz does not know the format '%s': name the file .svg, "
                            ".png, .pdf, .dot or .html, or give -T",
                            path, dot + 1);
        else
            cli_usage_error(usage,
                            "-o %s: the name has no extension to tell the format: name the file "
                            ".svg, .png, .pdf, .dot or .html, or give -T",
                            path);
        return -1;
    }
    if (r->format_given && (ov_format)f != r->ro.format) {
        cli_usage_error(usage, "-T %s contradicts -o %s: the name says %s",
                        ov_format_ext(r->ro.format), path, ov_format_ext((ov_format)f));
        return -1;
    }
    r->ro.format = (ov_format)f;
    return 0;
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
