/* Writing results: atomically to a file, or to standard output. */
#ifndef OV_OUTPUT_H
#define OV_OUTPUT_H

#include <stddef.h>

#include "orgviz.h"

/* Writes LEN bytes to PATH through a temporary file in the same folder and
 * a rename, so PATH is either the old file or the complete new one; a file
 * that is replaced keeps its permission bits. PATH
 * "-" writes to standard output. Returns OV_OK or OV_ERR_IO (with a
 * diagnostic naming the file and the reason). */
ov_status ov_write_file(const char *path, const char *data, size_t len, ov_diags *d);

/* Removes what ov_write_file leaves of PATH when the process writing it
 * is killed half-way: its temporary files (PATH itself is untouched). */
void ov_write_file_abandoned(const char *path);

/* Writes LEN bytes to the descriptor FD, again after a signal or a short
 * write. Returns 0, or -1 with errno set. */
int ov_write_all(int fd, const char *data, size_t len);

/* Reads a whole file into a new buffer (free with free()), NUL-terminated;
 * refuses files over MAX bytes. Returns OV_OK, OV_ERR_IO or OV_ERR_DATA
 * (too large). */
ov_status ov_read_file(const char *path, size_t max, char **out, size_t *len, ov_diags *d);

/* 1 when PATH, with every symbolic link resolved, lies inside the folder
 * that holds BASE_FILE (also resolved); 0 when it lies elsewhere. A PATH
 * that does not exist yet is judged by its folder; when neither can be
 * resolved, by its text (absolute, or climbing out with "..": outside). */
int ov_path_inside(const char *base_file, const char *path);

/* Makes the folder DIR and those above it that are missing (new ones
 * with MODE, less the umask). Returns 0, or -1 with a diagnostic. */
int ov_mkdir_p(const char *dir, unsigned mode, ov_diags *d);

/* A hash of the running program's bytes, read once; 0 when they cannot
 * be read. */
uint64_t ov_program_hash(void);

#endif
