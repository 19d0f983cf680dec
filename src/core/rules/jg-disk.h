/* jg-disk.h — whether a failed write of a database ran out of room (client and server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether a write to the SQLite database at @db_path that failed with an
 * I/O error ran out of room: @system_errno (SQLite's, 0 when it lost it)
 * is ENOSPC, EFBIG or EDQUOT, or the process's file-size limit
 * (RLIMIT_FSIZE) leaves the database or its -wal or -shm no room for one
 * more page. A full disk itself SQLite reports as SQLITE_FULL. */
gboolean jg_disk_out_of_room (int         system_errno,
                              const char *db_path);

G_END_DECLS
