/* The Graphviz adapter. (Not written yet.) */
#include "gv.h"
