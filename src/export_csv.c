#include "import.h"
ov_status ov_export_csv(const ov_model *m, const char *dir, ov_diags *d){(void)m;(void)dir;(void)d;return OV_ERR_DATA;}
