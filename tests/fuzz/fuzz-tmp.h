/* fuzz-tmp.h — the temporary folder of a target that needs files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new folder jg-fuzz-@target-<pid> under /dev/shm (TMPDIR when it is
 * set or there is no /dev/shm), removed at exit. libFuzzer ends a crashing
 * run with _exit(): the folders of processes that no longer run are
 * removed here first, so that crashes do not fill /dev/shm. */
char *fuzz_tmp_dir_new   (const char *target);

/* Removes @path and everything in it (no-op when missing). */
void  fuzz_tmp_remove    (const char *path);

G_END_DECLS
