/* orgviz validate: every problem in every file, sorted, with a count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] = "orgviz validate [--strict] [--quiet] FILE...";

static void help(void)
{
    printf("usage: %s\n\n"
           "Checks orgviz data files and reports every problem found, as\n"
           "  FILE:LINE:COLUMN: error: MESSAGE            (JSON syntax)\n"
           "  FILE: /json/pointer: error: MESSAGE (organisation \"ID\")\n"
           "sorted by file and place, then a count.\n\n"
           "  --strict   treat warnings (missing start dates, unknown keys) as errors\n"
           "  --quiet    print errors only, and no count\n"
           "  -h, --help this help\n\n"
           "Exit status: 0 valid, 1 invalid data, 2 usage error, 3 a file cannot be read.\n"
           "The data format is described in data/README.md.\n",
           usage);
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {{"strict", no_argument, NULL, 's'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int strict = 0;
    int quiet = 0;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+sqh", longopts, NULL)) != -1) {
        switch (opt) {
        case 's':
            strict = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            help();
            return OV_OK;
        default:
            return cli_usage_error(usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(usage, "no file to validate");
    ov_diags all;
    ov_diags_init(&all);
    int status = OV_OK;
    size_t files = (size_t)(argc - optind);
    for (int i = optind; i < argc; i++) {
        ov_diags d;
        ov_diags_init(&d);
        ov_model *m = NULL;
        ov_status st = ov_open(argv[i], &m, &d);
        ov_model_free(m);
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
    if (!quiet)
        fprintf(stderr, "%zu error%s, %zu warning%s in %zu file%s\n", all.errors,
                all.errors == 1 ? "" : "s", all.warnings, all.warnings == 1 ? "" : "s", files,
                files == 1 ? "" : "s");
    ov_diags_free(&all);
    return status;
}
