/* Themes. (Not written yet.) */
#include <string.h>

#include "theme.h"

static const ov_theme themes[] = {{.name = "default"}, {.name = "mono"}};

const ov_theme *ov_theme_get(const char *name)
{
    if (!name)
        return &themes[0];
    for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++) {
        if (strcmp(themes[i].name, name) == 0)
            return &themes[i];
    }
    return NULL;
}
