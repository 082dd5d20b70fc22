/* realpath() is XSI */
#define _XOPEN_SOURCE 700

#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int ov_write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The temporary file of PATH: ".NAME.XXXXXX" beside it (mkstemp's six
 * characters), or its prefix when SUFFIX is 0. */
static char *temp_name(const char *path, int suffix)
{
    const char *slash = strrchr(path, '/');
    const char *x = suffix ? ".XXXXXX" : ".";
    return slash ? ov_asprintf("%.*s/.%s%s", (int)(slash - path), path, slash + 1, x)
                 : ov_asprintf(".%s%s", path, x);
}

void ov_write_file_abandoned(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? ov_strndup(path, (size_t)(slash - path)) : ov_strdup(".");
    char *prefix = temp_name(slash ? slash + 1 : path, 0);
    DIR *dh = dir && prefix ? opendir(dir) : NULL;
    size_t plen = prefix ? strlen(prefix) : 0;
    for (struct dirent *e; dh && (e = readdir(dh)) != NULL;) {
        if (strncmp(e->d_name, prefix, plen) != 0 || strlen(e->d_name) != plen + 6)
            continue;
        char *victim = ov_asprintf("%s/%s", dir, e->d_name);
        if (victim)
            unlink(victim);
        free(victim);
    }
    if (dh)
        closedir(dh);
    free(prefix);
    free(dir);
}

/* PATH exists and is not a regular file: a folder is refused; a device or
 * a pipe (/dev/null, /dev/stdout, a FIFO) is written as it is. Renaming a
 * new file over it would replace the device itself (as root, /dev/null
 * would become an ordinary file), and there is nothing there to keep
 * whole. */
static ov_status write_special(const char *path, const struct stat *target, const char *data,
                               size_t len, ov_diags *d)
{
    if (S_ISDIR(target->st_mode)) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL,
                    "cannot write: it is a folder, not a file");
        return OV_ERR_IO;
    }
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 || ov_write_all(fd, data, len) != 0) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot write: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return OV_ERR_IO;
    }
    if (close(fd) != 0) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot write: %s", strerror(errno));
        return OV_ERR_IO;
    }
    return OV_OK;
}

ov_status ov_write_file(const char *path, const char *data, size_t len, ov_diags *d)
{
    if (strcmp(path, "-") == 0) {
        if (ov_write_all(STDOUT_FILENO, data, len) != 0) {
            ov_diag_add(d, OV_ERROR, "<stdout>", 0, 0, NULL, NULL, "cannot write: %s",
                        strerror(errno));
            return OV_ERR_IO;
        }
        return OV_OK;
    }
    struct stat target;
    int exists = stat(path, &target) == 0;
    if (exists && !S_ISREG(target.st_mode))
        return write_special(path, &target, data, len, d);
    ov_status st = OV_ERR_IO;
    int fd = -1;
    /* The temporary file sits beside the target so that rename() is atomic
     * (same file system); its name starts with a dot so that a gallery or a
     * glob never picks it up half-written. */
    char *tmp = temp_name(path, 1);
    if (!tmp) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "out of memory");
        return OV_ERR_MEMORY;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot create a file here: %s",
                    strerror(errno));
        goto fail;
    }
    /* mkstemp makes 0600: a file that is replaced keeps its mode; a new
     * one gets the usual 0666 less the umask (charts are meant to be read
     * by others) */
    mode_t mode;
    if (exists) {
        mode = target.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    if (fchmod(fd, mode) != 0 || ov_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot write: %s", strerror(errno));
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot write: %s", strerror(errno));
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot replace: %s",
                    strerror(errno));
        goto fail;
    }
    free(tmp);
    return OV_OK;
fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return st;
}

/* realpath of PATH, or of its folder joined with its last part when PATH
 * does not exist; NULL when neither resolves. New string. */
static char *resolve(const char *path)
{
    char *r = realpath(path, NULL);
    if (r)
        return r;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? ov_asprintf("%.*s", (int)(slash - path + (slash == path)), path)
                      : ov_strdup(".");
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!rdir)
        return NULL;
    r = ov_asprintf("%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir, slash ? slash + 1 : path);
    free(rdir);
    return r;
}

/* PATH as text only: relative and never climbing above its start. */
static int lexically_inside(const char *path)
{
    if (path[0] == '/')
        return 0;
    long depth = 0;
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            depth--;
        else if (n > 0 && !(n == 1 && p[0] == '.'))
            depth++;
        if (depth < 0)
            return 0;
        p += n;
        while (*p == '/')
            p++;
    }
    return 1;
}

int ov_path_inside(const char *base_file, const char *path)
{
    const char *slash = strrchr(base_file, '/');
    char *dir = slash ? ov_asprintf("%.*s", (int)(slash - base_file + (slash == base_file)),
                                    base_file)
                      : ov_strdup(".");
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    char *rpath = resolve(path);
    int inside;
    if (!rdir || !rpath) {
        /* judged by text: PATH relative to the folder */
        size_t n = slash ? (size_t)(slash - base_file) + 1 : 0;
        inside = strncmp(path, base_file, n) == 0 && lexically_inside(path + n);
    } else {
        size_t n = strlen(rdir);
        inside = strcmp(rdir, "/") == 0 ||
                 (strncmp(rpath, rdir, n) == 0 && (rpath[n] == '/' || rpath[n] == '\0'));
    }
    free(dir);
    free(rdir);
    free(rpath);
    return inside;
}

ov_status ov_read_file(const char *path, size_t max, char **out, size_t *len, ov_diags *d)
{
    *out = NULL;
    *len = 0;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot open: %s", strerror(errno));
        return OV_ERR_IO;
    }
    ov_status st = OV_OK;
    ov_buf b;
    ov_buf_init(&b);
    /* a regular file is read straight into a buffer of its size (one
     * more byte sees that it has not grown), or refused by its size
     * unread; anything else in steps */
    struct stat sb;
    size_t step = 65536;
    int too_large = 0;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
        too_large = (uintmax_t)sb.st_size > max;
        step = too_large ? 0 : (size_t)sb.st_size + 1;
    }
    while (!too_large && ov_buf_reserve(&b, step)) {
        size_t n = fread(b.data + b.len, 1, step, f);
        b.len += n;
        b.data[b.len] = '\0';
        too_large = b.len > max;
        if (!too_large && n < step && ferror(f)) {
            ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "cannot read: %s", strerror(errno));
            st = OV_ERR_IO;
        }
        if (n < step)
            break;
        step = 65536;
    }
    if (too_large) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL,
                    "file is larger than the limit of %zu MiB", max >> 20);
        st = OV_ERR_DATA;
    }
    if (f != stdin)
        fclose(f);
    if (st == OV_OK && b.oom) {
        ov_diag_add(d, OV_ERROR, path, 0, 0, NULL, NULL, "out of memory");
        st = OV_ERR_MEMORY;
    }
    if (st != OV_OK) {
        ov_buf_free(&b);
        return st;
    }
    *len = b.len;
    *out = ov_buf_take(&b);
    return *out ? OV_OK : OV_ERR_MEMORY;
}

int ov_mkdir_p(const char *dir, unsigned mode, ov_diags *d)
{
    char *p = ov_strdup(dir);
    if (!p) {
        ov_diag_add(d, OV_ERROR, dir, 0, 0, NULL, NULL, "out of memory");
        return -1;
    }
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
            ov_diag_add(d, OV_ERROR, p, 0, 0, NULL, NULL, "cannot create the folder: %s",
                        strerror(errno));
            rc = -1;
            break;
        }
        *s = saved;
        if (saved == '\0')
            break;
    }
    struct stat sb;
    if (rc == 0 && (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        ov_diag_add(d, OV_ERROR, p, 0, 0, NULL, NULL, "not a folder");
        rc = -1;
    }
    free(p);
    return rc;
}

uint64_t ov_program_hash(void)
{
    static int done;
    static uint64_t h;
    if (done)
        return h;
    done = 1;
    ov_diags d;
    ov_diags_init(&d);
    char *buf = NULL;
    size_t len = 0;
    if (ov_read_file("/proc/self/exe", (size_t)256 << 20, &buf, &len, &d) == OV_OK)
        h = ov_hash64_wide(OV_HASH_INIT, buf, len);
    free(buf);
    ov_diags_free(&d);
    return h;
}
