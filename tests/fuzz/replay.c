/* Runs a libFuzzer target's LLVMFuzzerTestOneInput over files, without
 * libFuzzer: `make test` replays each committed corpus this way, so an
 * input that once crashed a target stays a regression test. Usage:
 * replay FILE|DIR... (a directory: every file in it). Exit 0 when every
 * input ran; a crash is the target's own abort or a sanitizer's report. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    ov_diags d;
    ov_diags_init(&d);
    char *buf = NULL;
    size_t len = 0;
    if (ov_read_file(path, OV_MAX_FILE_BYTES, &buf, &len, &d) != OV_OK) {
        fprintf(stderr, "%s: cannot read\n", path);
        ov_diags_free(&d);
        return 1;
    }
    ov_diags_free(&d);
    /* libFuzzer hands over exactly SIZE bytes, with no terminator: copy to
     * a buffer of that size so that ASan sees a read past the end. */
    char *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return 1;
    }
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput((const uint8_t *)exact, len);
    free(exact);
    printf("ok %s\n", path);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        perror(dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    int failed = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *names);
        if (!nn || !(nn[n] = malloc(strlen(dir) + strlen(e->d_name) + 2))) {
            names = nn ? nn : names;
            failed = 1;
            break;
        }
        names = nn;
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        failed |= run_file(names[i]);
        free(names[i]);
    }
    free(names);
    if (n == 0) {
        fprintf(stderr, "%s: no inputs\n", dir);
        return 1;
    }
    return failed;
}

int main(int argc, char **argv)
{
    int failed = argc < 2;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            failed = 1;
        } else if (S_ISDIR(st.st_mode)) {
            failed |= run_dir(argv[i]);
        } else {
            failed |= run_file(argv[i]);
        }
    }
    return failed;
}
