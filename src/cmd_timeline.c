/* orgviz timeline. (Not written yet.) */
#include <stdio.h>

#include "cli.h"

int cmd_timeline(int argc, char **argv)
{
    fprintf(stderr, "orgviz: timeline is not implemented yet\n");
    return OV_ERR_USAGE;
}
