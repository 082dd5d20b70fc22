/* Shared render pipeline. (Not written yet.) */
#include <string.h>

#include "render.h"

int ov_format_parse(const char *s)
{
    static const char *const names[] = {"svg", "png", "pdf", "dot"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(s, names[i]) == 0)
            return i;
    }
    return -1;
}

const char *ov_format_ext(ov_format f)
{
    static const char *const names[] = {"svg", "png", "pdf", "dot"};
    return names[f];
}
