/* The versions of the libraries orgviz draws with, as built against and as
 * loaded, for `orgviz --version` and bug reports. */
#include "orgviz.h"

#include <cairo.h>
#include <jansson.h>
#include <librsvg/rsvg.h>
#include <libxml/globals.h>
#include <libxml/xmlversion.h>
#include <stdio.h>
#include <stdlib.h>

#include "gv.h"
#include "util.h"

/* libxml2 says its running version as "20914" */
static void xml_dotted(const char *v, char *out, size_t n)
{
    long x = v ? strtol(v, NULL, 10) : 0;
    snprintf(out, n, "%ld.%ld.%ld", x / 10000, x / 100 % 100, x % 100);
}

char *ov_versions(void)
{
    char *gv_now = ov_gv_running_version();
    char xml_now[32];
    xml_dotted(xmlParserVersion, xml_now, sizeof xml_now);
    char *s = ov_asprintf("built with Graphviz %s, jansson %s, libxml2 %s, librsvg %d.%d.%d, "
                          "cairo %s\n"
                          "running with Graphviz %s, jansson %s, libxml2 %s, librsvg %u.%u.%u, "
                          "cairo %s\n",
                          ov_gv_built_version(), JANSSON_VERSION, LIBXML_DOTTED_VERSION,
                          LIBRSVG_MAJOR_VERSION, LIBRSVG_MINOR_VERSION, LIBRSVG_MICRO_VERSION,
                          CAIRO_VERSION_STRING, gv_now ? gv_now : "(cannot start)",
                          jansson_version_str(), xml_now, rsvg_major_version,
                          rsvg_minor_version, rsvg_micro_version, cairo_version_string());
    free(gv_now);
    return s;
}
