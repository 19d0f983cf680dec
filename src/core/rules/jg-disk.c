/* jg-disk.c — whether a failed write of a database ran out of room (client and server)
 *
 * SQLite turns ENOSPC into SQLITE_FULL, but a write past a file-size limit
 * (EFBIG) or a quota (EDQUOT) into SQLITE_IOERR, and the errno it keeps
 * for sqlite3_system_errno() is the one of the last system call, which
 * the rollback after the failed write may have reset to 0. So the limit
 * is also checked against the files' sizes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-disk.h"

#include <errno.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

/* SQLite's largest page and a WAL frame's header: one more write of the
 * database or its WAL needs at most this. */
#define MAX_WRITE_BYTES (65536 + 24)

gboolean
jg_disk_out_of_room (int         system_errno,
                     const char *db_path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  struct rlimit limit;

  if (system_errno == ENOSPC || system_errno == EFBIG || system_errno == EDQUOT)
    return TRUE;
  if (db_path == NULL || getrlimit (RLIMIT_FSIZE, &limit) != 0 ||
      limit.rlim_cur == RLIM_INFINITY)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (db_path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0 && (guint64) st.st_size + MAX_WRITE_BYTES > limit.rlim_cur)
        return TRUE;
    }
  return FALSE;
}
