/* orgviz import KIND: data from elsewhere into an orgviz document. Each
 * kind is one entry of the table below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "docwrite.h"
#include "import.h"
#include "import_practices.h"

static const char usage[] = "orgviz import KIND [OPTIONS] FILE...";
static const char usage_practices[] =
    "orgviz import practices CSV [--region CODE | --icb CODE | --sub-icb CODE] "
    "--as-at DATE [--into FILE] [-o OUT]";
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

static void help_practices(void)
{
    printf("usage: %s\n\n"
           "Reads NHS Digital's \"GP registered patients: practice mapping\" lookup (CSV,\n"
           "columns PRAC_CODE, PRAC_NAME, PCN_CODE, PCN_NAME, LOC_CODE, LOC_NAME, ICB_CODE,\n"
           "ICB_NAME, NHSER_CODE, NHSER_NAME; PRAC_POSTCODE and the ONS codes if present)\n"
           "and writes an orgviz document: region -> ICB -> sub-ICB location -> PCN ->\n"
           "practice.\n\n"
           "  --region CODE    only the rows of this NHS England region (NHSER_CODE, Y60)\n"
           "  --icb CODE       only the rows of this ICB (ICB_CODE, QGH)\n"
           "  --sub-icb CODE   only the rows of this sub-ICB location (LOC_CODE, 18C)\n"
           "  --as-at DATE     the day the lookup describes, YYYY-MM-DD (required)\n"
           "  --into FILE      merge into this existing document as dated history:\n"
           "                   moves, closures and new practices since its last snapshot\n"
           "                   (written back to FILE unless -o is given)\n"
           "  -o, --output OUT write here (default: standard output, or FILE with --into)\n"
           "  -h, --help       this help\n\n"
           "Exit status: 0 success, 1 bad data, 2 usage error, 3 a file cannot be read or\n"
           "written. Names, ids and merges are described in data/README.md.\n",
           usage_practices);
}

static int import_practices(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"region", required_argument, NULL, 'r'},  {"icb", required_argument, NULL, 'i'},
        {"sub-icb", required_argument, NULL, 's'}, {"as-at", required_argument, NULL, 'a'},
        {"into", required_argument, NULL, 'n'},    {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    ov_prac_opts o = {OV_PRAC_ALL, NULL, OV_DAY_NONE};
    const char *into = NULL, *output = NULL;
    int areas = 0;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'r':
        case 'i':
        case 's':
            if (areas++ > 0)
                return cli_usage_error(usage_practices, "give one of --region, --icb and "
                                                        "--sub-icb");
            o.area = opt == 'r' ? OV_PRAC_REGION : opt == 'i' ? OV_PRAC_ICB : OV_PRAC_SUBICB;
            o.code = optarg;
            break;
        case 'a':
            if (cli_parse_date(usage_practices, "--as-at", optarg, &o.as_at) != 0)
                return OV_ERR_USAGE;
            break;
        case 'n':
            into = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        default:
            return cli_help_or_bad_option(usage_practices, longopts, opt, argv[optind - 1],
                                          help_practices);
        }
    }
    if (optind >= argc)
        return cli_usage_error(usage_practices, "no lookup file (CSV) given");
    if (optind + 1 < argc)
        return cli_usage_error(usage_practices, "one lookup file at a time ('%s' is extra)",
                               argv[optind + 1]);
    if (o.as_at == OV_DAY_NONE)
        return cli_usage_error(usage_practices, "--as-at DATE is required: the day the "
                                                "lookup describes");
    const char *csv = argv[optind];
    ov_diags d;
    ov_diags_init(&d);
    json_t *doc = NULL;
    ov_status st;
    if (into != NULL) {
        st = ov_doc_read(into, &doc, &d);
        if (st == OV_OK)
            st = ov_practices_merge(csv, &o, doc, &d);
    } else {
        st = ov_practices_import(csv, &o, &doc, &d);
    }
    return finish(st, doc, output ? output : into, &d);
}

/* What the options of the kinds that read FILE... set; each kind has only
 * some of them. */
typedef struct {
    ov_ods_opts ods;   /* --types, --stubs */
    const char *title; /* --title */
    const char *out;   /* -o */
} file_opts;

/* A kind that turns any number of files into one document. */
typedef struct {
    const char *usage;
    const struct option *longopts;
    void (*help)(void);
    const char *no_file; /* the usage error when no file is given */
    ov_status (*import)(const char *const *files, size_t nfiles, const file_opts *o,
                        json_t **out, ov_diags *d);
} file_kind;

/* orgviz import ods|csv: K's options, then its FILEs into one document. */
static int import_files(int argc, char **argv, const file_kind *k)
{
    file_opts o = {{NULL, 0}, NULL, NULL};
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":o:h", k->longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_TYPES:
            o.ods.types_file = optarg;
            break;
        case 's':
            o.ods.stubs = 1;
            break;
        case OPT_TITLE:
            o.title = optarg;
            break;
        case 'o':
            o.out = optarg;
            break;
        default:
            return cli_help_or_bad_option(k->usage, k->longopts, opt, argv[optind - 1], k->help);
        }
    }
    if (optind >= argc)
        return cli_usage_error(k->usage, "%s", k->no_file);
    ov_diags d;
    ov_diags_init(&d);
    json_t *doc = NULL;
    ov_status st = k->import((const char *const *)argv + optind, (size_t)(argc - optind), &o,
                             &doc, &d);
    return finish(st, doc, o.out, &d);
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

static ov_status run_ods(const char *const *files, size_t nfiles, const file_opts *o,
                         json_t **out, ov_diags *d)
{
    return ov_import_ods(files, nfiles, &o->ods, out, d);
}

static ov_status run_csv(const char *const *files, size_t nfiles, const file_opts *o,
                         json_t **out, ov_diags *d)
{
    return ov_import_csv(files, nfiles, o->title, out, d);
}

static const struct option ods_longopts[] = {{"types", required_argument, NULL, OPT_TYPES},
                                             {"stubs", no_argument, NULL, 's'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
static const file_kind ods_kind = {usage_ods, ods_longopts, help_ods, "no ODS file to import",
                                   run_ods};

static const struct option csv_longopts[] = {{"title", required_argument, NULL, OPT_TITLE},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
static const file_kind csv_kind = {usage_csv, csv_longopts, help_csv, "no CSV file to import",
                                   run_csv};

typedef struct {
    const char *kind;
    int (*run)(int argc, char **argv); /* or, when NULL: */
    const file_kind *files;
    const char *what;
} import_kind;

static const import_kind kinds[] = {
    {"practices", import_practices, NULL, "NHS Digital's GP practice mapping lookup (CSV)"},
    {"ods", NULL, &ods_kind, "NHS Organisation Data Service ORD API records (JSON)"},
    {"csv", NULL, &csv_kind, "spreadsheets saved as CSV (organisations, relationships, ...)"},
};

int cmd_import(int argc, char **argv)
{
    size_t nkinds = sizeof kinds / sizeof kinds[0];
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc < 2)
            return cli_usage_error(usage, "say what to import: practices, ods or csv");
        printf("usage: %s\n\nKinds:\n", usage);
        for (size_t i = 0; i < nkinds; i++)
            printf("  %-10s %s\n", kinds[i].kind, kinds[i].what);
        printf("\n'orgviz import KIND --help' for a kind's options.\n");
        return OV_OK;
    }
    for (size_t i = 0; i < nkinds; i++)
        if (strcmp(argv[1], kinds[i].kind) == 0)
            return kinds[i].run ? kinds[i].run(argc - 1, argv + 1)
                                : import_files(argc - 1, argv + 1, kinds[i].files);
    return cli_usage_error(usage, "unknown kind '%s': the kinds are practices, ods and csv",
                           argv[1]);
}
