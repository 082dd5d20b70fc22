/* Model -> lanes -> positioned cgraph graph. (Not written yet.) */
#include "orgviz.h"

ov_status ov_timeline_render(ov_gv *gv, const ov_model *m, const ov_timeline_opts *opts,
                             const ov_render_opts *ro, char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    ov_diag_add(d, OV_ERROR, m->path, 0, 0, NULL, NULL, "timelines are not implemented yet");
    return OV_ERR_RENDER;
}
