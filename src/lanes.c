/* Lane assignment for timelines. (Not written yet.) */
#include "orgviz.h"
