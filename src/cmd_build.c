/* orgviz build: every chart of a manifest, incrementally, and the gallery;
 * --check compares instead of writing. The work is in build*.c; this file
 * parses options and prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"
#include "util.h"

static const char usage[] =
    "orgviz build [MANIFEST] [--out DIR] [--check] [--force] [--jobs N] [--quiet]\n"
    "                    [--allow-outside]";

static void help(void)
{
    printf("usage: %s\n\n"
           "Renders every chart listed in MANIFEST (default data/charts.json) into DIR\n"
           "(default out/), with the gallery page DIR/index.html. A chart is rendered again\n"
           "only when its data file, its entry in the manifest or the orgviz version\n"
           "changed, or when its file is missing or was edited; the rest is left as it is.\n\n"
           "  -o, --out DIR   the output folder (default out)\n"
           "  --check         render everything in memory and compare with DIR: list every\n"
           "                  stale, missing or extra file; write nothing\n"
           "  --force         render every chart, even those that are up to date\n"
           "  -j, --jobs N    render in N worker processes (default 1)\n"
           "  -q, --quiet     print only failures and the summary line\n"
           "  --allow-outside read data files outside the manifest's folder too (by\n"
           "                  default a \"data\" path must stay inside it)\n"
           "  -h, --help      this help\n\n"
           "Exit status: 0 success (--check: DIR is up to date), 1 a chart failed, the\n"
           "manifest is invalid or (--check) DIR is not up to date, 2 usage error,\n"
           "3 a file cannot be read or written.\n"
           "The manifest format is described in data/README.md.\n",
           usage);
}

typedef struct {
    int tty;
    int quiet;
} progress_ctx;

static void on_progress(void *ctx, size_t done, size_t total, const ov_build_file *f)
{
    const progress_ctx *pc = ctx;
    if (!pc->tty || pc->quiet)
        return;
    if (f->state == OV_OUT_FAILED)
        fprintf(stderr, "[%zu/%zu] %s failed\n", done, total, f->file);
    else
        fprintf(stderr, "[%zu/%zu] %s %.2f s\n", done, total, f->file, f->seconds);
}

typedef struct {
    char **v;
    size_t n;
    size_t cap;
} line_set;

static int seen_before(const line_set *s, const char *line)
{
    for (size_t k = 0; k < s->n; k++) {
        if (strcmp(s->v[k], line) == 0)
            return 1;
    }
    return 0;
}

/* Keeps LINE (taking it); out of memory just forgets it. */
static void remember(line_set *s, char *line)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            free(line);
            return;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = line;
}

/* The warnings of outputs that were made (a fill adjusted for contrast, a
 * --page overview, a --highlight that matches nothing), each once, named
 * by the chart's output: a build must not hide what the command line
 * would say. */
static void print_warnings(const ov_build_result *r, const char *out_dir)
{
    line_set seen = {0};
    for (size_t i = 0; i < r->nfiles; i++) {
        const ov_build_file *f = &r->files[i];
        if (f->state == OV_OUT_FAILED)
            continue;
        for (size_t k = 0; k < f->diags.count; k++) {
            const ov_diag *g = &f->diags.items[k];
            if (g->severity != OV_WARNING)
                continue;
            char *text = ov_diag_format(g);
            char *line = text ? ov_asprintf("%s/%s: %s", out_dir, f->file, text) : NULL;
            free(text);
            /* the same warning for a chart's SVG, PNG and PDF: once */
            const char *colon = line ? strchr(line, ':') : NULL;
            char *key = line ? ov_strdup(colon ? colon : line) : NULL;
            if (!line || !key || seen_before(&seen, key)) {
                free(line);
                free(key);
                continue;
            }
            fprintf(stderr, "%s\n", line);
            free(line);
            remember(&seen, key);
        }
    }
    for (size_t k = 0; k < seen.n; k++)
        free(seen.v[k]);
    free(seen.v);
}

/* Failures, one block per chart: which files, then every reason, each
 * said once however many charts share it. */
static void print_failures(ov_build_result *r, const char *manifest)
{
    line_set seen = {0};
    for (size_t i = 0; i < r->nfiles; i++) {
        const ov_build_file *f = &r->files[i];
        if (f->state != OV_OUT_FAILED || !f->chart)
            continue;
        int first = 1;
        for (size_t j = 0; j < i && first; j++)
            first = !(r->files[j].state == OV_OUT_FAILED && r->files[j].chart &&
                      strcmp(r->files[j].chart, f->chart) == 0);
        if (!first)
            continue;
        ov_diags all;
        ov_diags_init(&all);
        fprintf(stderr, "orgviz: chart \"%s\" (%s: %s) failed; not made:", f->chart, manifest,
                f->pointer ? f->pointer : "");
        for (size_t j = i; j < r->nfiles; j++) {
            ov_build_file *g = &r->files[j];
            if (g->state != OV_OUT_FAILED || !g->chart || strcmp(g->chart, f->chart) != 0)
                continue;
            fprintf(stderr, "%s %s", j == i ? "" : ",", g->file);
            ov_diags_move(&all, &g->diags);
        }
        fputc('\n', stderr);
        /* charts of one data file fail for the same reasons: say them once */
        ov_diags_sort(&all);
        size_t shown = 0;
        for (size_t k = 0; k < all.count; k++) {
            char *line = ov_diag_format(&all.items[k]);
            if (!line)
                continue;
            if (seen_before(&seen, line)) {
                free(line);
                continue;
            }
            fprintf(stderr, "%s\n", line);
            shown++;
            remember(&seen, line);
        }
        if (shown == 0 && all.count > 0)
            fprintf(stderr, "  (for the reasons given above)\n");
        ov_diags_free(&all);
    }
    for (size_t k = 0; k < seen.n; k++)
        free(seen.v[k]);
    free(seen.v);
}

static void print_files(const ov_build_result *r, const char *out_dir, const char *manifest,
                        int check, int quiet)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        const ov_build_file *f = &r->files[i];
        switch (f->state) {
        case OV_OUT_STALE:
            fprintf(stderr, "%s/%s: stale: differs from what %s produces\n", out_dir, f->file,
                    manifest);
            break;
        case OV_OUT_MISSING:
            fprintf(stderr, "%s/%s: missing\n", out_dir, f->file);
            break;
        case OV_OUT_EXTRA:
            if (check || !quiet)
                fprintf(stderr, "%s/%s: extra: not produced by %s\n", out_dir, f->file, manifest);
            break;
        case OV_OUT_REMOVED:
            if (!quiet)
                fprintf(stderr, "%s/%s: removed: no longer produced by %s\n", out_dir, f->file,
                        manifest);
            break;
        default:
            break;
        }
    }
}

static int parse_jobs(const char *arg, int *jobs)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || n < 1 || n > 64)
        return cli_usage_error(usage, "--jobs %s: give a number from 1 to 64", arg);
    *jobs = (int)n;
    return 0;
}

int cmd_build(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'}, {"check", no_argument, NULL, 'c'},
        {"force", no_argument, NULL, 'f'},     {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},     {"help", no_argument, NULL, 'h'},
        {"allow-outside", no_argument, NULL, 'a'}, {NULL, 0, NULL, 0}};
    ov_build_opts o = {.manifest = "data/charts.json", .out_dir = "out", .jobs = 1};
    progress_ctx pc = {.tty = isatty(STDERR_FILENO)};
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":o:j:qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o':
            o.out_dir = optarg;
            break;
        case 'c':
            o.check = 1;
            break;
        case 'f':
            o.force = 1;
            break;
        case 'j':
            if (parse_jobs(optarg, &o.jobs) != 0)
                return OV_ERR_USAGE;
            break;
        case 'q':
            pc.quiet = 1;
            break;
        case 'a':
            o.allow_outside = 1;
            break;
        default:
            return cli_help_or_bad_option(usage, longopts, opt, argv[optind - 1], help);
        }
    }
    if (argc - optind > 1)
        return cli_usage_error(usage, "one manifest at a time ('%s' and '%s')", argv[optind],
                               argv[optind + 1]);
    if (optind < argc)
        o.manifest = argv[optind];
    if (o.check && o.force)
        return cli_usage_error(usage, "--check renders everything already; drop --force");
    if (*o.out_dir == '\0')
        return cli_usage_error(usage, "--out needs a folder");
    /* messages name "out/x.svg", not "out//x.svg" */
    char *out_dir = strdup(o.out_dir);
    if (!out_dir)
        return OV_ERR_MEMORY;
    for (size_t n = strlen(out_dir); n > 1 && out_dir[n - 1] == '/'; n--)
        out_dir[n - 1] = '\0';
    o.out_dir = out_dir;
    o.progress = on_progress;
    o.ctx = &pc;

    ov_build_result r;
    ov_status st = ov_build(&o, &r);
    if (pc.quiet) {
        ov_diags errors;
        ov_diags_init(&errors);
        for (size_t i = 0; i < r.diags.count; i++) {
            const ov_diag *g = &r.diags.items[i];
            if (g->severity == OV_ERROR)
                ov_diag_add(&errors, OV_ERROR, g->file, g->line, g->column, g->pointer,
                            g->org_id, "%s", g->message);
        }
        cli_print_diags(&errors);
        ov_diags_free(&errors);
    } else {
        cli_print_diags(&r.diags);
    }
    if (r.charts == 0 && st != OV_OK) {
        fprintf(stderr, "%s: nothing %s: %zu error%s\n", o.manifest,
                o.check ? "checked" : "built", r.diags.errors, r.diags.errors == 1 ? "" : "s");
        ov_build_result_free(&r);
        free(out_dir);
        return st;
    }
    print_failures(&r, o.manifest);
    if (!pc.quiet)
        print_warnings(&r, o.out_dir);
    print_files(&r, o.out_dir, o.manifest, o.check, pc.quiet);
    if (o.check) {
        if (st != OV_OK && r.failed == 0)
            fprintf(stderr, "%s/ is not up to date: run the same orgviz build without "
                            "--check to update it\n",
                    o.out_dir);
        fprintf(stderr,
                "checked %zu chart%s and %s: %zu up to date, %zu stale, %zu missing, %zu extra, "
                "%zu failed in %.2f s\n",
                r.charts, r.charts == 1 ? "" : "s", OV_BUILD_GALLERY, r.current, r.stale,
                r.missing, r.extra, r.failed, r.seconds);
    } else {
        if (!pc.quiet && r.extra > 0)
            fprintf(stderr,
                    "%zu file%s in %s/ %s not produced by %s: 'orgviz build --check' reports "
                    "them; delete them if they are not needed\n",
                    r.extra, r.extra == 1 ? "" : "s", o.out_dir, r.extra == 1 ? "is" : "are",
                    o.manifest);
        fprintf(stderr, "built %zu chart%s: %zu rendered, %zu unchanged, %zu failed in %.2f s\n",
                r.charts, r.charts == 1 ? "" : "s", r.rendered, r.unchanged, r.failed,
                r.seconds);
    }
    ov_build_result_free(&r);
    free(out_dir);
    return st;
}
