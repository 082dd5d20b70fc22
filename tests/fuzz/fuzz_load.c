/* libFuzzer target for the data entry point (fuzz_manifest.c has the
 * other): bytes -> loader -> validator -> formatted diagnostics. Build
 * and run with `make fuzz`. */
#include <stdint.h>
#include <stdlib.h>

#include "orgviz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ov_diags d;
    ov_diags_init(&d);
    ov_model *m = NULL;
    ov_open_buffer("fuzz.json", (const char *)data, size, &m, &d);
    ov_diags_sort(&d);
    for (size_t i = 0; i < d.count; i++)
        free(ov_diag_format(&d.items[i]));
    ov_model_free(m);
    ov_diags_free(&d);
    return 0;
}
