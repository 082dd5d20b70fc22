/* SVG finishing. (Not written yet.) */
#include "svg.h"
