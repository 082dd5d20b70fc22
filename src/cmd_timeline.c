/* orgviz timeline: organisations and transitions on a to-scale time axis. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gv.h"
#include "util.h"

static const char usage[] =
    "orgviz timeline FILE [--from DATE] [--to DATE] [--focus ID] [--types T1,T2] "
    "[--title TEXT] [--theme NAME] [-T svg|png|pdf|dot|html] [--dpi N] [--responsive] "
    "[--page SIZE] [--min-text PT] [--highlight ID] [--hide key] [--note TEXT] [--id-prefix P] "
    "[-o OUT]";

static void help(void)
{
    printf("usage: %s\n\n"
           "Draws the organisations of FILE as bars on a time axis that is to scale (x is\n"
           "linear in the date), with every transition (merger, split, succession,\n"
           "transfer, absorption) as connectors from the end of each old bar to the start\n"
           "of each new one, and establishments and abolitions as marks on a bar's start\n"
           "or end.\n\n"
           "Which organisations:\n"
           "  By default, those that take part in a transition. Organisations in no\n"
           "  transition (GP practices, networks, trusts, committees: usually many, and\n"
           "  with nothing to show over time) are left out; add them by type with --types.\n"
           "  A file with no transitions shows every organisation.\n\n"
           "Options:\n"
           "  --from DATE     first day of the axis (YYYY-MM-DD or 'today'); default:\n"
           "                  1 January of the year before the earliest date drawn\n"
           "                  (two years before when a bar drawn has no start date)\n"
           "  --to DATE       last day of the axis; default: the later of today and the\n"
           "                  last date drawn. Bars are cut at --from and --to and drawn\n"
           "                  fading out where they go on (or their date is not known)\n"
           "  --focus ID      only the lineage of organisation ID: everything it came from\n"
           "                  (through transitions, backwards) and everything that came\n"
           "                  from it (forwards), transitively\n"
           "  --types T1,T2   also show every organisation of these types, and put the\n"
           "                  lanes in groups by type in this order (others last)\n"
           "  --title TEXT    title (default: the file's title)\n"
           "  --theme NAME    default, mono, or a theme file (data/theme.schema.json)\n"
           "  -T FORMAT       svg (default), png, pdf, dot (the positioned graph; lay it\n"
           "                  out with 'neato -n2') or html (the text version: a table of\n"
           "                  the transitions); without -T, -o's extension says\n"
           "  --dpi N         resolution of PNG output (default 144)\n"
           "  --responsive    SVG without width and height, to fill its container\n"
           "  --id-prefix P   SVG: begin every id with P (default: derived from the title\n"
           "                  and description; '' for none)\n"
           "  --page SIZE     a3, a4, a5, letter, legal or slide (with -portrait,\n"
           "                  -landscape or -auto; bare: auto): scaled to the page\n"
           "  --min-text PT   with --page: warn when text is smaller (default 6)\n"
           "  --highlight ID  emphasise ID's bar and its transitions, the rest lighter\n"
           "  --hide key      leave out the key (codes, facts, sources: charts only)\n"
           "  --note TEXT     a footnote under the timeline\n"
           "  --strict        refuse a file that has warnings\n"
           "  -o OUT          write to OUT (atomically) instead of standard output\n"
           "  -h, --help      this help\n\n"
           "At most %d organisations fit on one timeline: for more, use --focus, --types\n"
           "or --from/--to.\n\n"
           "Exit status: 0 success, 1 invalid data, an unknown --focus id or --types type,\n"
           "nothing to draw or too much; 2 usage error; 3 a file cannot be read or\n"
           "written; 4 Graphviz failed.\n",
           usage, OV_TIMELINE_MAX_ORGS);
}

/* Splits "a,b,c" into *OUT (pointers into the copy *STORE); returns the
 * count, or -1 after a usage error. */
static int split_types(const char *arg, char **store, const char ***out, size_t *n)
{
    *store = ov_strdup(arg);
    size_t cap = 1;
    for (const char *p = arg; *p; p++)
        cap += *p == ',';
    *out = calloc(cap, sizeof **out);
    if (!*store || !*out)
        return -1;
    *n = 0;
    char *p = *store;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ')
            p++;
        size_t len = strlen(p);
        while (len > 0 && p[len - 1] == ' ')
            p[--len] = '\0';
        if (len == 0) {
            cli_usage_error(usage, "--types '%s': give type keys separated by commas", arg);
            return -1;
        }
        (*out)[(*n)++] = p;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

int cmd_timeline(int argc, char **argv)
{
    static const struct option longopts[] = {{"from", required_argument, NULL, OPT_FROM},
                                             {"to", required_argument, NULL, OPT_TO},
                                             {"focus", required_argument, NULL, OPT_FOCUS},
                                             {"types", required_argument, NULL, OPT_TYPES},
                                             CLI_RENDER_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    cli_render r;
    ov_timeline_opts opts = {OV_DAY_NONE, OV_DAY_NONE, NULL, NULL, 0, NULL};
    char *types_store = NULL;
    const char **types = NULL;
    ov_model *m = NULL;
    ov_gv *gv = NULL;
    char *out = NULL;
    size_t len = 0;
    int status = OV_ERR_USAGE;
    int opt;
    cli_render_init(&r);
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":" CLI_RENDER_SHORTOPTS, longopts, NULL)) != -1) {
        int shared = cli_render_option(&r, usage, opt, optarg);
        if (shared < 0)
            goto done;
        if (shared > 0)
            continue;
        switch (opt) {
        case OPT_FROM:
            if (cli_parse_date(usage, "--from", optarg, &opts.from) != 0)
                goto done;
            break;
        case OPT_TO:
            if (cli_parse_date(usage, "--to", optarg, &opts.to) != 0)
                goto done;
            break;
        case OPT_FOCUS:
            opts.focus = optarg;
            break;
        case OPT_TYPES:
            free(types_store);
            free(types);
            if (split_types(optarg, &types_store, &types, &opts.ntypes) != 0)
                goto done;
            opts.types = types;
            break;
        default:
            status = cli_help_or_bad_option(usage, longopts, opt, argv[optind - 1], help);
            goto done;
        }
    }
    if (cli_render_finish(&r, usage) != 0) {
        if (r.theme_status)
            status = r.theme_status;
        goto done;
    }
    if (r.ro.hide & ~OV_HIDE_KEY) {
        cli_usage_error(usage, "--hide %s is for charts: a timeline has only a key to leave out",
                        r.ro.hide & OV_HIDE_CODES   ? "codes"
                        : r.ro.hide & OV_HIDE_FACTS ? "facts"
                                                    : "sources");
        goto done;
    }
    if (optind >= argc) {
        cli_usage_error(usage, "no file given");
        goto done;
    }
    if (optind + 1 < argc) {
        cli_usage_error(usage, "one file at a time ('%s' is extra)", argv[optind + 1]);
        goto done;
    }
    if (opts.from != OV_DAY_NONE && opts.to != OV_DAY_NONE && opts.from > opts.to) {
        cli_usage_error(usage, "--from is after --to");
        goto done;
    }
    m = cli_open(argv[optind], r.strict, &status);
    if (!m)
        goto done;
    gv = ov_gv_new();
    if (!gv) {
        fprintf(stderr, "orgviz: cannot start Graphviz (are its plugins installed?)\n");
        status = OV_ERR_RENDER;
        goto done;
    }
    ov_diags d;
    ov_diags_init(&d);
    status = ov_timeline_render(gv, m, &opts, &r.ro, &out, &len, &d);
    cli_print_diags(&d);
    ov_diags_free(&d);
    if (status == OV_OK)
        status = cli_write(&r, out, len);
done:
    cli_render_free(&r);
    free(out);
    ov_gv_free(gv);
    ov_model_free(m);
    free(types_store);
    free(types);
    return status;
}
