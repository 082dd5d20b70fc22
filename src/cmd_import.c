/* orgviz import KIND: other formats into an orgviz document. One small
 * table maps each kind to its command; each parses its options, calls its
 * importer (import.h) and writes the document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "docwrite.h"
#include "import.h"

static const char usage[] = "orgviz import ods|csv [OPTIONS] FILE...";
static const char usage_ods[] = "orgviz import ods [--types FILE] [--stubs] [-o OUT] FILE...";
static const char usage_csv[] = "orgviz import csv [--title TEXT] [-o OUT] FILE...";

/* Prints the diagnostics and writes DOC to OUT ("-" or NULL: standard
 * output). Returns the exit code. */
static int finish(ov_status st, json_t *doc, const char *out, ov_diags *d)
{
    if (st == OV_OK)
        st = ov_doc_write(doc, out ? out : "-", d);
    cli_print_diags(d);
    json_decref(doc);
    ov_diags_free(d);
    return st == OV_ERR_MEMORY ? OV_ERR_DATA : (int)st;
}

static void help_ods(void)
{
    printf("usage: %s\n\n"
           "Reads NHS Organisation Data Service responses (ORD API\n"
           "/ORD/2-0-0/organisations/CODE, one per file) and writes one orgviz\n"
           "document: the organisations, their relationships and the mergers,\n"
           "successions and absorptions their successor records give.\n\n"
           "  --types FILE  JSON table that overrides the role -> type and\n"
           "                relationship tables (see data/README.md)\n"
           "  --stubs       keep organisations the records name but that are not\n"
           "                in the input, as stubs (code and role only)\n"
           "  -o, --output OUT  write to OUT (default: standard output)\n"
           "  -h, --help    this help\n",
           usage_ods);
}

static int import_ods(int argc, char **argv)
{
    static const struct option longopts[] = {{"types", required_argument, NULL, 't'},
                                             {"stubs", no_argument, NULL, 's'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    ov_ods_opts opts = {NULL, 0};
    const char *out = NULL;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 't':
            opts.types_file = optarg;
            break;
        case 's':
            opts.stubs = 1;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            help_ods();
            return OV_OK;
        default:
            return cli_usage_error(usage_ods, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(usage_ods, "no ODS file to import");
    ov_diags d;
    ov_diags_init(&d);
    json_t *doc = NULL;
    ov_status st = ov_import_ods((const char *const *)argv + optind, (size_t)(argc - optind),
                                 &opts, &doc, &d);
    return finish(st, doc, out, &d);
}

static void help_csv(void)
{
    printf("usage: %s\n\n"
           "Reads spreadsheets saved as CSV and writes one orgviz document. Each\n"
           "file is recognised by its header row:\n"
           "  organisations  id, name, type [, parent, relationship, start, end,\n"
           "                 code, short_name, url, note, sources, code.X, fact.X]\n"
           "  relationships  type, from, to [, start, end, label]\n"
           "  transitions    date, type, from, to [, label, note, id, sources]\n"
           "  types          key, label [, colour]\n"
           "  sources        id, title, url\n"
           "  history        id, until [, name, short_name, type, fact.X]\n"
           "Several ids in one cell are separated by ';'. Dates are YYYY-MM-DD or\n"
           "DD/MM/YYYY. Problems are reported as FILE:ROW:COLUMN.\n\n"
           "  --title TEXT   the document's title\n"
           "  -o, --output OUT  write to OUT (default: standard output)\n"
           "  -h, --help     this help\n",
           usage_csv);
}

static int import_csv(int argc, char **argv)
{
    static const struct option longopts[] = {{"title", required_argument, NULL, 't'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *title = NULL;
    const char *out = NULL;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 't':
            title = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            help_csv();
            return OV_OK;
        default:
            return cli_usage_error(usage_csv, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(usage_csv, "no CSV file to import");
    ov_diags d;
    ov_diags_init(&d);
    json_t *doc = NULL;
    ov_status st = ov_import_csv((const char *const *)argv + optind, (size_t)(argc - optind),
                                 title, &doc, &d);
    return finish(st, doc, out, &d);
}

/* The kinds of import (the integrator merges other engineers' rows in). */
static const struct {
    const char *kind;
    int (*run)(int argc, char **argv);
} kinds[] = {
    {"ods", import_ods},
    {"csv", import_csv},
};

int cmd_import(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(usage, "no kind of import given");
    const char *kind = argv[1];
    if (strcmp(kind, "--help") == 0 || strcmp(kind, "-h") == 0) {
        printf("usage: %s\n\nKinds:\n  ods   NHS ODS ORD API responses\n"
               "  csv   spreadsheets saved as CSV\n"
               "'orgviz import KIND --help' for a kind's options.\n",
               usage);
        return OV_OK;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kinds[i].kind, kind) == 0) {
            optind = 1;
            return kinds[i].run(argc - 1, argv + 1);
        }
    }
    return cli_usage_error(usage, "unknown kind of import '%s'", kind);
}
