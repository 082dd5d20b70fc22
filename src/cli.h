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
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_changes(int argc, char **argv);

/* Prints "orgviz: MESSAGE", the command's USAGE line and a hint to
 * standard error; returns OV_ERR_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The usage error for an unknown option ARG ("--rot=x", "-x"), with a
 * "did you mean" from LONGOPTS (ov_suggest's rules); returns OV_ERR_USAGE. */
int cli_unknown_option(const char *usage, const struct option *longopts, const char *arg);

/* The cases every command's option switch ends with: OPT 'h' prints HELP
 * and returns OV_OK; ':' (a missing value) and anything else (an unknown
 * option) are usage errors about ARG (argv[optind - 1]), OV_ERR_USAGE.
 * getopt returns ':' only when the short options begin with ':' (after a
 * '+'): without it a missing value comes back as '?', "unknown option". */
int cli_help_or_bad_option(const char *usage, const struct option *longopts, int opt,
                           const char *arg, void (*help)(void));

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
    int format_given; /* -T was given */
    struct ov_theme *theme_file; /* --theme FILE, loaded; NULL: a built-in theme */
    int theme_status; /* why the theme file failed (OV_ERR_IO, OV_ERR_DATA), or 0 */
    char **highlight; /* --highlight ids (copies), r.ro.highlight points here */
    size_t nhighlight;
} cli_render;

/* getopt_long's ids of the long options without a short letter: one list
 * for every command, above any character. */
enum cli_opt_id {
    OPT_THEME = 0x100,
    OPT_TITLE,
    OPT_RESPONSIVE,
    OPT_DPI,
    OPT_STRICT,
    OPT_PAGE,
    OPT_MIN_TEXT,
    OPT_HIDE,
    OPT_NOTE,
    OPT_HIGHLIGHT,
    OPT_ID_PREFIX,
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
#define CLI_RENDER_LONGOPTS                                \
    {"format", required_argument, NULL, 'T'},              \
    {"output", required_argument, NULL, 'o'},              \
    {"theme", required_argument, NULL, OPT_THEME},         \
    {"title", required_argument, NULL, OPT_TITLE},         \
    {"responsive", no_argument, NULL, OPT_RESPONSIVE},     \
    {"dpi", required_argument, NULL, OPT_DPI},             \
    {"strict", no_argument, NULL, OPT_STRICT},             \
    {"page", required_argument, NULL, OPT_PAGE},           \
    {"min-text", required_argument, NULL, OPT_MIN_TEXT},   \
    {"hide", required_argument, NULL, OPT_HIDE},           \
    {"note", required_argument, NULL, OPT_NOTE},           \
    {"highlight", required_argument, NULL, OPT_HIGHLIGHT}, \
    {"id-prefix", required_argument, NULL, OPT_ID_PREFIX}, \
    {"help", no_argument, NULL, 'h'}
#define CLI_RENDER_SHORTOPTS "T:o:h"

void cli_render_init(cli_render *r);
/* Frees what the options made (the --highlight list). */
void cli_render_free(cli_render *r);
/* Handles option OPT with ARG when it is a shared one: returns 1 when
 * handled, 0 when not a shared option, -1 after a usage error. */
int cli_render_option(cli_render *r, const char *usage, int opt, const char *arg);

/* After the options: the theme file of --theme loaded (a failure sets
 * r->theme_status: exit with it, not with 2); the format from -o's extension (.svg, .png, .pdf,
 * .dot) when -T is absent; a -T that contradicts the extension, or an
 * unknown extension without -T, is a usage error. Returns 0, or -1 after
 * printing it. */
int cli_render_finish(cli_render *r, const char *usage);

/* Loads and validates FILE for a renderer, printing diagnostics; returns
 * the model (free with ov_model_free) or NULL with *status set. */
ov_model *cli_open(const char *file, int strict, int *status);

/* Writes a rendered result to r->output (atomically) or standard output,
 * refusing to send PNG or PDF to a terminal. Returns an exit code. */
int cli_write(const cli_render *r, const char *data, size_t len);

#endif
