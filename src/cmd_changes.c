/* orgviz changes: what changed between two days, in words or as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "cli.h"
#include "output.h"

static const char usage[] =
    "orgviz changes FILE --from DATE [--to DATE] [--format text|markdown|json] [--strict] "
    "[-o OUT]";

static void help(void)
{
    printf("usage: %s\n\n"
           "Tells what changed between two days, grouped by date: mergers, successions,\n"
           "splits and other transitions with the full names of the organisations, then\n"
           "organisations set up, closed, joining, leaving or moving to another parent\n"
           "(a network moving to the merged CCG), and the counts by type.\n\n"
           "Options:\n"
           "  --from DATE     the earlier day (YYYY-MM-DD or 'today')\n"
           "  --to DATE       the later day; default: today\n"
           "  --format F      text (default), markdown, or json (every change with its\n"
           "                  kind, date, organisations and transition, for other tools)\n"
           "  --strict        refuse a file that has warnings\n"
           "  -o OUT          write to OUT (atomically) instead of standard output\n"
           "  -h, --help      this help\n\n"
           "Exit status: 0 success, 1 invalid data or --from not before --to, 2 usage\n"
           "error, 3 a file cannot be read or written.\n",
           usage);
}

int cmd_changes(int argc, char **argv)
{
    static const struct option longopts[] = {{"from", required_argument, NULL, OPT_FROM},
                                             {"to", required_argument, NULL, OPT_TO},
                                             {"format", required_argument, NULL, OPT_FORMAT},
                                             {"strict", no_argument, NULL, OPT_STRICT},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    ov_day from = OV_DAY_NONE;
    ov_day to = OV_DAY_NONE;
    ov_changes_format format = OV_CHANGES_TEXT;
    const char *output = "-";
    int strict = 0;
    int status = OV_ERR_USAGE;
    ov_model *m = NULL;
    char *text = NULL;
    ov_changes c;
    memset(&c, 0, sizeof c);
    int opt;
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_FROM:
            if (cli_parse_date(usage, "--from", optarg, &from) != 0)
                return OV_ERR_USAGE;
            break;
        case OPT_TO:
            if (cli_parse_date(usage, "--to", optarg, &to) != 0)
                return OV_ERR_USAGE;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") == 0)
                format = OV_CHANGES_TEXT;
            else if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0)
                format = OV_CHANGES_MARKDOWN;
            else if (strcmp(optarg, "json") == 0)
                format = OV_CHANGES_JSON;
            else
                return cli_usage_error(usage, "--format '%s': use text, markdown or json",
                                       optarg);
            break;
        case OPT_STRICT:
            strict = 1;
            break;
        case 'o':
            if (*optarg == '\0')
                return cli_usage_error(usage, "-o needs a file name");
            output = optarg;
            break;
        default:
            return cli_help_or_bad_option(usage, longopts, opt, argv[optind - 1], help);
        }
    }
    if (optind >= argc)
        return cli_usage_error(usage, "no file given");
    if (optind + 1 < argc)
        return cli_usage_error(usage, "one file at a time ('%s' is extra)", argv[optind + 1]);
    if (from == OV_DAY_NONE)
        return cli_usage_error(usage, "--from DATE is needed: the day to compare against");
    if (to == OV_DAY_NONE)
        to = ov_date_today();
    if (from >= to)
        return cli_usage_error(usage, "--from must be before --to");
    m = cli_open(argv[optind], strict, &status);
    if (!m)
        return status;
    ov_diags d;
    ov_diags_init(&d);
    status = ov_changes_compute(m, from, to, 1, &c, &d);
    if (status == OV_OK) {
        text = ov_changes_report(&c, format);
        status = text ? OV_OK : OV_ERR_MEMORY;
    }
    if (status == OV_OK)
        status = ov_write_file(output, text, strlen(text), &d);
    cli_print_diags(&d);
    ov_diags_free(&d);
    free(text);
    ov_changes_free(&c);
    ov_model_free(m);
    return status;
}
