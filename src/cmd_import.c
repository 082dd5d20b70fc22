/* orgviz import KIND: data from elsewhere into an orgviz document. Each
 * kind is one entry of the table below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "docwrite.h"
#include "import_practices.h"

static const char usage[] = "orgviz import KIND [OPTIONS] FILE...";
static const char usage_practices[] =
    "orgviz import practices CSV [--region CODE | --icb CODE | --sub-icb CODE] "
    "--as-at DATE [--into FILE] [-o OUT]";

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
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
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
        case 'h':
            help_practices();
            return OV_OK;
        case ':':
            return cli_usage_error(usage_practices, "%s needs a value", argv[optind - 1]);
        default:
            return cli_usage_error(usage_practices, "unknown option '%s'", argv[optind - 1]);
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
    if (st == OV_OK)
        st = ov_doc_write(doc, output ? output : into ? into : "-", &d);
    json_decref(doc);
    cli_print_diags(&d);
    ov_diags_free(&d);
    return st == OV_ERR_MEMORY ? OV_ERR_DATA : st;
}

typedef struct {
    const char *kind;
    int (*run)(int argc, char **argv);
    const char *what;
} import_kind;

static const import_kind kinds[] = {
    {"practices", import_practices, "NHS Digital's GP practice mapping lookup (CSV)"},
};

int cmd_import(int argc, char **argv)
{
    size_t nkinds = sizeof kinds / sizeof kinds[0];
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc < 2)
            return cli_usage_error(usage, "say what to import: practices");
        printf("usage: %s\n\nKinds:\n", usage);
        for (size_t i = 0; i < nkinds; i++)
            printf("  %-10s %s\n", kinds[i].kind, kinds[i].what);
        printf("\n'orgviz import KIND --help' for a kind's options.\n");
        return OV_OK;
    }
    for (size_t i = 0; i < nkinds; i++)
        if (strcmp(argv[1], kinds[i].kind) == 0)
            return kinds[i].run(argc - 1, argv + 1);
    return cli_usage_error(usage, "unknown kind '%s': the kinds are practices", argv[1]);
}
