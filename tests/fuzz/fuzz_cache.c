/* libFuzzer target for the model cache's reader: bytes -> an entry ->
 * model and warnings. A cache folder may be anyone's, and a file in it
 * anything, so the reader must refuse whatever is not an entry it wrote;
 * what it accepts must validate without harm and write back to the same
 * bytes. The key and the file name are taken from the entry itself, so
 * that the fuzzer gets past those checks. Build and run with `make fuzz`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model_cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Little-endian number at P. */
static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* after the magic line: the format, the key, then the name */
    const uint8_t *nl = memchr(data, '\n', size);
    size_t at = nl ? (size_t)(nl - data) + 1 : size;
    uint64_t key = 0;
    char name[256] = "in.json";
    if (size >= at + 24) {
        key = le64(data + at + 8);
        uint64_t n = le64(data + at + 16);
        if (n > 0 && n <= sizeof name && size - (at + 24) >= n) {
            memcpy(name, data + at + 24, (size_t)n);
            name[n - 1] = '\0';
        }
    }
    ov_diags d;
    ov_diags_init(&d);
    ov_model *m = NULL;
    if (ov_model_cache_decode((const char *)data, size, name, key, &m, &d) == 0) {
        size_t len = 0;
        char *again = ov_model_cache_encode(m, &d, 0, key, &len);
        if (again && (len != size || memcmp(again, data, size) != 0))
            abort();
        ov_validate(m, &d);
        ov_model *m2 = NULL;
        ov_diags d2;
        ov_diags_init(&d2);
        if (again && ov_model_cache_decode(again, len, name, key, &m2, &d2) != 0)
            abort();
        ov_model_free(m2);
        ov_diags_free(&d2);
        free(again);
    }
    ov_model_free(m);
    ov_diags_free(&d);
    return 0;
}
