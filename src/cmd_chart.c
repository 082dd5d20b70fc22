/* orgviz chart. (Not written yet.) */
#include <stdio.h>

#include "cli.h"

int cmd_chart(int argc, char **argv)
{
    fprintf(stderr, "orgviz: chart is not implemented yet\n");
    return OV_ERR_USAGE;
}
