/* orgviz export csv: a data file as spreadsheets to edit and import back. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "import.h"

static const char usage[] = "orgviz export csv FILE --out DIR";

static void help(void)
{
    printf("usage: %s\n\n"
           "Writes the organisations, relationships and transitions of FILE (and\n"
           "its types, sources and organisations' earlier states) as CSV files in\n"
           "DIR, made when missing: organisations.csv, relationships.csv,\n"
           "transitions.csv, types.csv, sources.csv and history.csv, in UTF-8\n"
           "with CRLF line ends. Edit them in a\n"
           "spreadsheet and read them back with 'orgviz import csv DIR/*.csv'.\n\n"
           "  --out DIR   the folder to write into\n"
           "  -h, --help  this help\n",
           usage);
}

static int export_csv(int argc, char **argv)
{
    static const struct option longopts[] = {{"out", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *dir = NULL;
    int opt;
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o':
            dir = optarg;
            break;
        default:
            return cli_help_or_bad_option(usage, longopts, opt, argv[optind - 1], help);
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(usage,
                               optind >= argc ? "no file to export" : "export one file at a time");
    if (dir == NULL)
        return cli_usage_error(usage, "no --out DIR given");
    int status;
    ov_model *m = cli_open(argv[optind], 0, &status);
    if (m == NULL)
        return status;
    ov_diags d;
    ov_diags_init(&d);
    ov_status st = ov_export_csv(m, dir, &d);
    cli_print_diags(&d);
    ov_diags_free(&d);
    ov_model_free(m);
    return st == OV_ERR_MEMORY ? OV_ERR_DATA : (int)st;
}

/* The kinds of export. */
static const struct {
    const char *kind;
    int (*run)(int argc, char **argv);
} kinds[] = {
    {"csv", export_csv},
};

int cmd_export(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(usage, "no kind of export given");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        help();
        return OV_OK;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kinds[i].kind, argv[1]) == 0)
            return kinds[i].run(argc - 1, argv + 1);
    }
    return cli_usage_error(usage, "unknown kind of export '%s'", argv[1]);
}
