/* Shared pieces of the command line: usage errors, diagnostics, the
 * rendering options that chart and timeline share. Only the commands
 * print; the library never does. */
#ifndef OV_CLI_H
#define OV_CLI_H

#include <getopt.h>

#include "orgviz.h"

/* Each command: parses ARGV (argv[0] is the command name) and returns an
 * exit code (ov_status). */
int cmd_validate(int argc, char **argv);
int cmd_chart(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_changes(int argc, char **argv);
int cmd_import(int argc, char **argv);

/* Prints "orgviz: MESSAGE", the command's USAGE line and a hint to
 * standard error; returns OV_ERR_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Sorts and prints every diagnostic to standard error. */
void cli_print_diags(ov_diags *d);

/* Parses a --at/--from/--to value: YYYY-MM-DD or "today". Returns 0, or
 * -1 after printing a usage error. */
int cli_parse_date(const char *usage, const char *opt, const char *arg, ov_day *out);

/* Options that chart and timeline share. */
typedef struct {
    ov_render_opts ro;
    const char *output; /* -o; NULL or "-" for standard output */
    int strict;
} cli_render;

/* getopt_long's ids of the long options without a short letter: one list
 * for every command, above any character. */
enum cli_opt_id {
    OPT_THEME = 0x100,
    OPT_TITLE,
    OPT_RESPONSIVE,
    OPT_DPI,
    OPT_STRICT,
    OPT_AT,    /* chart */
    OPT_ROOT,  /* chart */
    OPT_DEPTH, /* chart */
    OPT_SINCE, /* chart */
    OPT_FROM,  /* timeline, changes */
    OPT_TO,    /* timeline, changes */
    OPT_FOCUS, /* timeline */
    OPT_TYPES, /* timeline */
    OPT_FORMAT, /* changes (-T elsewhere) */
};

/* getopt_long entries for the shared options; commands append these to
 * their own table (the array ends with a zero entry). */
#define CLI_RENDER_LONGOPTS                                                                    \
    {"format", required_argument, NULL, 'T'}, {"output", required_argument, NULL, 'o'},        \
        {"theme", required_argument, NULL, OPT_THEME}, {"title", required_argument, NULL, OPT_TITLE},    \
        {"responsive", no_argument, NULL, OPT_RESPONSIVE}, {"dpi", required_argument, NULL, OPT_DPI},       \
        {"strict", no_argument, NULL, OPT_STRICT}, {"help", no_argument, NULL, 'h'}
#define CLI_RENDER_SHORTOPTS "T:o:h"

void cli_render_init(cli_render *r);
/* Handles option OPT with ARG when it is a shared one: returns 1 when
 * handled, 0 when not a shared option, -1 after a usage error. */
int cli_render_option(cli_render *r, const char *usage, int opt, const char *arg);

/* Loads and validates FILE for a renderer, printing diagnostics; returns
 * the model (free with ov_model_free) or NULL with *status set. */
ov_model *cli_open(const char *file, int strict, int *status);

/* Writes a rendered result to r->output (atomically) or standard output,
 * refusing to send PNG or PDF to a terminal. Returns an exit code. */
int cli_write(const cli_render *r, const char *data, size_t len);

#endif
