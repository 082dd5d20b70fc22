/* orgviz: command dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli.h"
#include "util.h"
#include "version.h"

static const char usage[] = "orgviz COMMAND [OPTIONS] FILE...";

static void help(void)
{
    printf("usage: %s\n\n"
           "Draws organisations and the changes between them from JSON data.\n\n"
           "Commands:\n"
           "  validate FILE...   check data files and report every problem\n"
           "  chart FILE         the structure on a day (--at DATE) as SVG, PNG, PDF or DOT\n"
           "  timeline FILE      organisations and transitions on a to-scale time axis\n"
           "  build [MANIFEST]   every chart of data/charts.json into out/, with a gallery\n"
           "  changes FILE       what changed between two days (--from, --to), in words\n"
           "  import KIND FILE   an orgviz document from NHS data (practices, ods) or\n"
           "                     spreadsheets (csv)\n"
           "  export csv FILE    a data file as spreadsheets (--out DIR)\n\n"
           "Options:\n"
           "  -h, --help         this help; 'orgviz COMMAND --help' for a command's\n"
           "  --version          print the version, and those of the libraries it was\n"
           "                     built with and runs with (Graphviz, jansson, libxml2, ...)\n\n"
           "Environment:\n"
           "  ORGVIZ_CACHE       the folder that keeps data files over 512 KiB as loaded,\n"
           "                     checked models, so that the next command on the same\n"
           "                     bytes need not read them again; 'off' turns it off\n"
           "                     (default: $XDG_CACHE_HOME/orgviz, else ~/.cache/orgviz)\n"
           "  SOURCE_DATE_EPOCH  seconds since 1970 (digits only): the day that stands for\n"
           "                     today, and the creation date written into PDFs, so that\n"
           "                     builds are reproducible\n\n"
           "Exit status: 0 success, 1 invalid data or a failed chart, 2 usage error,\n"
           "3 a file cannot be read or written, 4 Graphviz failed.\n",
           usage);
}

/* A command runs for a fraction of a second and builds megabytes of
 * graph, SVG and document trees. By default glibc maps blocks of 128 KiB
 * and more afresh (raising that bound only as such blocks are freed) and
 * hands freed memory at the top of the heap back at once, so the process
 * takes page faults on memory it has just had. Here blocks under 32 MiB
 * come from the heap, and up to 256 MiB freed at its top stays: on the
 * national timeline (data/england.json, model cache warm) a fifth fewer
 * page faults, 5,540 against 6,730 (perf stat, 7 December); the time it
 * saves is within the noise of a shared machine. */
static void tune_malloc(void)
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

int main(int argc, char **argv)
{
    tune_malloc();
    if (argc < 2)
        return cli_usage_error(usage, "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        help();
        return OV_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        char *libs = ov_versions();
        printf("orgviz %s\n%s", ORGVIZ_VERSION, libs ? libs : "");
        free(libs);
        return OV_OK;
    }
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "chart") == 0)
        return cmd_chart(argc - 1, argv + 1);
    if (strcmp(cmd, "timeline") == 0)
        return cmd_timeline(argc - 1, argv + 1);
    if (strcmp(cmd, "build") == 0)
        return cmd_build(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(argc - 1, argv + 1);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc - 1, argv + 1);
    if (strcmp(cmd, "changes") == 0)
        return cmd_changes(argc - 1, argv + 1);
    if (cmd[0] == '-')
        return cli_usage_error(usage, "unknown option '%s'", cmd);
    static const char *const commands[] = {"validate", "chart",  "timeline", "build",
                                           "import",   "export", "changes",  NULL};
    const char *near = ov_suggest_in(cmd, commands);
    if (near)
        return cli_usage_error(usage, "unknown command '%s'; did you mean '%s'?", cmd, near);
    return cli_usage_error(usage, "unknown command '%s'", cmd);
}
