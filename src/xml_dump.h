/* A fast writer for the SVG finisher's libxml2 trees, byte for byte what
 * libxml2's xmlDocDumpMemoryEnc(doc, .., "UTF-8") writes. */
#ifndef OV_XML_DUMP_H
#define OV_XML_DUMP_H

#include <libxml/tree.h>

#include "util.h"

/* Appends DOC to OUT as xmlDocDumpMemoryEnc(DOC, .., "UTF-8") writes it
 * and returns 0; -1 (OUT untouched) when DOC holds something this writer
 * does not write (then use libxml2's); -2 when OUT ran out of memory. */
int ov_xml_dump(xmlDocPtr doc, ov_buf *out);

/* DOC as xmlDocDumpMemoryEnc(DOC, .., "UTF-8") writes it, in a new
 * NUL-terminated *OUT (free with free()) of *OUTLEN bytes: by ov_xml_dump
 * where it can, else by libxml2. 0, or -1 when out of memory. */
int ov_xml_dump_doc(xmlDocPtr doc, char **out, size_t *outlen);

#endif
