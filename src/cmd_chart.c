/* orgviz chart: the structure on one day as SVG, PNG, PDF or DOT. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cli.h"
#include "gv.h"

static const char usage[] =
    "orgviz chart FILE [--at DATE] [--since DATE] [--root ID] [--depth N] [--title TEXT] [--theme NAME] "
    "[-T svg|png|pdf|dot|html] [--dpi N] [--responsive] [--page SIZE] [--min-text PT] [--highlight ID] "
    "[--hide PARTS] [--note TEXT] [--id-prefix P] [-o OUT]";

static void help(void)
{
    printf("usage: %s\n\n"
           "Draws the organisations of FILE that exist on one day, as an org chart:\n"
           "the part_of, member_of and accountable_to links in force that day make the\n"
           "tree (an organisation with several parents is drawn once, under the most\n"
           "specific one); commissions, partner_of and delegates_to are drawn as dashed\n"
           "or dotted lines with their labels. Many practices under one parent are\n"
           "stacked in columns; many networks under one parent are wrapped in rows.\n\n"
           "  --at DATE         the day to draw, YYYY-MM-DD or 'today' (default: today,\n"
           "                    or the day of $SOURCE_DATE_EPOCH when it is set)\n"
           "  --since DATE      mark what changed since this earlier day: new, moved,\n"
           "                    renamed and changed boxes get a badge and an outline\n"
           "                    of their own, and those gone are listed beside the\n"
           "                    chart with what became of them\n"
           "  --root ID         draw only this organisation and what is below it\n"
           "  --depth N         draw N levels below the root(s); a cut box says how many\n"
           "                    are hidden below it (\"12 GP practices\")\n"
           "  --title TEXT      the chart's title (default: the file's title)\n"
           "  --theme NAME      default (NHS identity colours), mono (greys, for print),\n"
           "                    or a theme file (data/theme.schema.json)\n"
           "  -T, --format F    svg (default), png, pdf, dot (the graph, not laid out) or\n"
           "                    html (the text version: tables of what the picture shows);\n"
           "                    without -T, -o's extension says (.svg, .png, .pdf, .dot,\n"
           "                    .html)\n"
           "  --dpi N           resolution of png output (default 144)\n"
           "  --responsive      svg without width and height, to scale with the page\n"
           "  --id-prefix P     svg: begin every id with P (default: 'ov', 8 hex digits\n"
           "                    of a hash of the title and description, and '-'), so\n"
           "                    that charts inlined in one page have no id in common\n"
           "  -o, --output OUT  write to OUT (atomically: on error OUT is left as it\n"
           "                    was); '-' or no -o writes to standard output\n"
           "  --page SIZE       a3, a4, a5, letter, legal or slide (with -portrait,\n"
           "                    -landscape or -auto; bare: auto): scaled to the page;\n"
           "                    a chart too big for --min-text is cut into pages (all\n"
           "                    in a PDF; the overview in SVG and PNG)\n"
           "  --min-text PT     with --page: the smallest text on a page (default 6)\n"
           "  --highlight ID    emphasise ID and its path to the top, the rest lighter\n"
           "                    (again, or ID,ID, for more)\n"
           "  --hide PARTS      leave out codes, facts, key and/or sources (PART,PART)\n"
           "  --note TEXT       a footnote under the chart\n"
           "  --strict          refuse data with warnings\n"
           "  -h, --help        this help\n\n"
           "The SVG has a title and a plain-English description for screen readers,\n"
           "a tooltip and a link (the organisation's url) on every box, and ids\n"
           "(org-ID, rel-N) and classes (org type-TYPE, rel rel-KIND) for styling.\n\n"
           "At most %d organisations fit on one chart: for more, use --root or --depth.\n\n"
           "Exit status: 0 success, 1 invalid data or an unknown --root, 2 usage error,\n"
           "3 a file cannot be read or written, 4 Graphviz failed.\n",
           usage, OV_CHART_MAX_ORGS);
}

static int chart_main(cli_render *rp, int argc, char **argv);

int cmd_chart(int argc, char **argv)
{
    cli_render r;
    cli_render_init(&r);
    int status = chart_main(&r, argc, argv);
    cli_render_free(&r);
    return status;
}

/* cmd_chart with R, which it fills from the options. */
static int chart_main(cli_render *rp, int argc, char **argv)
{
    static const struct option longopts[] = {{"at", required_argument, NULL, OPT_AT},
                                             {"root", required_argument, NULL, OPT_ROOT},
                                             {"depth", required_argument, NULL, OPT_DEPTH},
                                             {"since", required_argument, NULL, OPT_SINCE},
                                             CLI_RENDER_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    ov_chart_opts co = {.at = ov_date_today(), .root = NULL, .depth = -1, .since = OV_DAY_NONE};
    int opt;
    char *end;
    long depth;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":" CLI_RENDER_SHORTOPTS, longopts, NULL)) != -1) {
        int shared = cli_render_option(rp, usage, opt, optarg);
        if (shared < 0)
            return OV_ERR_USAGE;
        if (shared > 0)
            continue;
        switch (opt) {
        case OPT_AT:
            if (cli_parse_date(usage, "--at", optarg, &co.at) != 0)
                return OV_ERR_USAGE;
            break;
        case OPT_ROOT:
            co.root = optarg;
            break;
        case OPT_DEPTH:
            errno = 0;
            depth = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || errno != 0 || depth < 0 ||
                depth > OV_CHART_MAX_DEPTH)
                return cli_usage_error(usage, "--depth %s: give a whole number from 0 to %d",
                                       optarg, OV_CHART_MAX_DEPTH);
            co.depth = (int)depth;
            break;
        case OPT_SINCE:
            if (cli_parse_date(usage, "--since", optarg, &co.since) != 0)
                return OV_ERR_USAGE;
            break;
        default:
            return cli_help_or_bad_option(usage, longopts, opt, argv[optind - 1], help);
        }
    }
    if (cli_render_finish(rp, usage) != 0)
        return rp->theme_status ? rp->theme_status : OV_ERR_USAGE;
    if (optind >= argc)
        return cli_usage_error(usage, "no file to draw");
    if (co.since != OV_DAY_NONE && co.since >= co.at)
        return cli_usage_error(usage, "--since must be before --at (the day drawn)");
    if (optind + 1 < argc)
        return cli_usage_error(usage, "one file at a time ('%s' is extra)", argv[optind + 1]);
    int status;
    ov_model *m = cli_open(argv[optind], rp->strict, &status);
    if (!m)
        return status;
    ov_gv *gv = ov_gv_new();
    if (!gv) {
        fprintf(stderr, "orgviz: Graphviz cannot start (are its plugins installed?)\n");
        ov_model_free(m);
        return OV_ERR_RENDER;
    }
    ov_diags d;
    ov_diags_init(&d);
    char *out = NULL;
    size_t len = 0;
    status = ov_chart_render(gv, m, &co, &rp->ro, &out, &len, &d);
    cli_print_diags(&d);
    ov_diags_free(&d);
    if (status == OV_OK)
        status = cli_write(rp, out, len);
    free(out);
    ov_gv_free(gv);
    ov_model_free(m);
    return status;
}
