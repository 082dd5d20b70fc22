/* orgviz validate: every problem in every file, sorted, with a count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"

static const char usage[] = "orgviz validate [--strict] [--quiet] [--allow WARNING,…] FILE...";

static void help(void)
{
    printf("usage: %s\n\n"
           "Checks orgviz data files and reports every problem found, as\n"
           "  FILE:LINE:COLUMN: error: MESSAGE            (JSON syntax)\n"
           "  FILE: /json/pointer: error: MESSAGE (organisation \"ID\")\n"
           "sorted by file and place, then a count. A chart manifest (data/charts.json)\n"
           "is checked as a manifest; a JSON Schema is skipped, with a note.\n\n"
           "  --strict   treat warnings (missing start dates, unknown keys) as errors\n"
           "  --quiet    print errors only, and no count\n"
           "  --allow WARNING[,WARNING…]\n"
           "             do not report these warnings (no-start, unknown-key), the others\n"
           "             still; a data file can say the same with \"allow\": [\"no-start\"]\n"
           "  -h, --help this help\n\n"
           "Exit status: 0 valid, 1 invalid data, 2 usage error, 3 a file cannot be read.\n"
           "The data format is described in data/README.md.\n",
           usage);
}

/* --allow no-start,unknown-key: adds each kind's bit to *MASK. */
static int parse_allow(const char *arg, unsigned *mask)
{
    char name[64];
    for (const char *p = arg;; p++) {
        size_t n = strcspn(p, ",");
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        unsigned bit = ov_warning_kind_bit(name);
        if (!bit) {
            const char *near = ov_suggest_in(name, ov_warning_kinds);
            char *kinds = ov_warning_kinds_text();
            cli_usage_error(usage,
                            "--allow %s: '%s' is not a warning that can be allowed (those "
                            "are %s)%s%s%s",
                            arg, name, kinds ? kinds : "", near ? "; did you mean '" : "",
                            near ? near : "", near ? "'?" : "");
            free(kinds);
            return OV_ERR_USAGE;
        }
        *mask |= bit;
        p += n;
        if (*p == '\0')
            return 0;
    }
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {{"strict", no_argument, NULL, 's'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"allow", required_argument, NULL, 'a'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int strict = 0;
    int quiet = 0;
    unsigned allow = 0;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+:sqha:", longopts, NULL)) != -1) {
        switch (opt) {
        case 's':
            strict = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'a':
            if (parse_allow(optarg, &allow) != 0)
                return OV_ERR_USAGE;
            break;
        default:
            return cli_help_or_bad_option(usage, longopts, opt, argv[optind - 1], help);
        }
    }
    if (optind >= argc)
        return cli_usage_error(usage, "no file to validate");
    ov_diags all;
    ov_diags_init(&all);
    int status = OV_OK;
    size_t files = (size_t)(argc - optind);
    size_t schemas = 0;
    for (int i = optind; i < argc; i++) {
        ov_diags d;
        ov_diags_init(&d);
        ov_doc_kind kind;
        ov_status st = ov_validate_file(argv[i], &kind, &d);
        if (kind == OV_DOC_SCHEMA) {
            schemas++;
            if (!quiet)
                fprintf(stderr, "%s: not checked: a JSON Schema (it tells editors the format), "
                                "not a data file\n", argv[i]);
        }
        ov_diags_allow(&d, 0, allow);
        if (strict)
            ov_diags_promote(&d);
        if (st == OV_ERR_IO || st == OV_ERR_MEMORY)
            status = st;
        else if (d.errors > 0 && status == OV_OK)
            status = OV_ERR_DATA;
        ov_diags_move(&all, &d);
    }
    ov_diags_sort(&all);
    for (size_t i = 0; i < all.count; i++) {
        if (quiet && all.items[i].severity != OV_ERROR)
            continue;
        char *line = ov_diag_format(&all.items[i]);
        if (line)
            fprintf(stderr, "%s\n", line);
        free(line);
    }
    files -= schemas;
    char schema_note[64];
    snprintf(schema_note, sizeof schema_note, " (%zu JSON Schema%s not checked)", schemas,
             schemas == 1 ? "" : "s");
    if (!quiet)
        fprintf(stderr, "%zu error%s, %zu warning%s in %zu file%s%s\n", all.errors,
                all.errors == 1 ? "" : "s", all.warnings, all.warnings == 1 ? "" : "s", files,
                files == 1 ? "" : "s", schemas ? schema_note : "");
    ov_diags_free(&all);
    return status;
}
