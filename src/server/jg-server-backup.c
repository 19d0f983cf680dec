/* jg-server-backup.c — `jianguan-server backup`: a consistent copy of a running server's data
 *
 * The database is copied with SQLite's online backup API from a read
 * transaction held on the source for the whole copy: in WAL mode that
 * transaction is one snapshot, the writers of the running server (and of
 * `jianguan-server load`) go on appending to the WAL meanwhile, and
 * sqlite3_backup_step() never has to start over because another
 * connection wrote. Small steps keep each one short. The copy is written
 * as server.db.part and renamed once SQLite's quick check passes, so a
 * backup directory never holds half a database under the real name.
 *
 * Images are content-addressed files that never change once stored
 * (jg-server-images.c), and a post names only images already complete, so
 * copying them after the database's snapshot finds every image the copy
 * refers to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-backup.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* Pages copied by one sqlite3_backup_step (), 1 MiB of 16 KiB pages. */
#define BACKUP_PAGES_PER_STEP 64
/* How long to wait when the destination or source is busy, per try. */
#define BUSY_SLEEP_MS 10
#define BUSY_TIMEOUT_MS 30000
#define PART_SUFFIX ".part"
/* As in jg-server-images.c: DIR/images/<shard>/<sha256>, and the
 * unfinished uploads in DIR/images/partial/, which are not copied. */
#define IMAGES_DIR "images"
#define PARTIAL_DIR "partial"
#define PRIVATE_DIR_MODE  0700
#define PRIVATE_FILE_MODE 0600

static gboolean
sqlite_fail (sqlite3     *db,
             const char  *what,
             const char  *path,
             GError     **error)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s %s: %s", what, path,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

static gboolean
errno_fail (const char  *what,
            const char  *path,
            GError     **error)
{
  int saved = errno;

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s %s: %s", what, path,
               g_strerror (saved));
  return FALSE;
}

static gboolean
make_private_dir (const char  *dir,
                  GError     **error)
{
  if (g_mkdir_with_parents (dir, PRIVATE_DIR_MODE) != 0 || g_chmod (dir, PRIVATE_DIR_MODE) != 0)
    return errno_fail ("Could not create", dir, error);
  return TRUE;
}

/* The part file, new and 0600 before SQLite opens it. */
static gboolean
create_part (const char  *path,
             GError     **error)
{
  int fd;

  g_unlink (path);   /* what an interrupted backup left */
  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, PRIVATE_FILE_MODE);
  if (fd < 0)
    return errno_fail ("Could not create", path, error);
  close (fd);
  return TRUE;
}

static gboolean
quick_check (sqlite3     *db,
             const char  *path,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK)
    return sqlite_fail (db, "Could not check", path, error);
  ok = sqlite3_step (stmt) == SQLITE_ROW &&
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                 "The copy %s does not pass SQLite's quick check", path);
  return ok;
}

static gboolean
copy_database (sqlite3              *src,
               const char           *target,
               JgServerBackupStats  *stats,
               GError              **error)
{
  sqlite3 *dst = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc;

  if (!create_part (target, error))
    return FALSE;
  if (sqlite3_open_v2 (target, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite_fail (dst, "Could not open", target, error);
      goto out;
    }
  backup = sqlite3_backup_init (dst, "main", src, "main");
  if (backup == NULL)
    {
      sqlite_fail (dst, "Could not start the backup into", target, error);
      goto out;
    }
  do
    {
      rc = sqlite3_backup_step (backup, BACKUP_PAGES_PER_STEP);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (BUSY_SLEEP_MS);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  stats->pages = (guint64) sqlite3_backup_pagecount (backup);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Could not copy the database into %s: %s",
                   target, sqlite3_errstr (rc));
      goto out;
    }
  ok = quick_check (dst, target, error);

out:
  sqlite3_close (dst);
  if (!ok)
    g_unlink (target);
  return ok;
}

static gboolean
backup_database (const char           *source,
                 const char           *target,
                 JgServerBackupStats  *stats,
                 GError              **error)
{
  g_autofree char *part = g_strconcat (target, PART_SUFFIX, NULL);
  sqlite3 *src = NULL;
  gboolean ok = FALSE;
  GStatBuf st;

  /* Read-write (never created): a WAL database is read through its -shm. */
  if (sqlite3_open_v2 (source, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite_fail (src, "Could not open", source, error);
      goto out;
    }
  sqlite3_busy_timeout (src, BUSY_TIMEOUT_MS);
  /* The snapshot the whole copy reads (see the top of the file). */
  if (sqlite3_exec (src, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite_fail (src, "Could not read", source, error);
      goto out;
    }
  ok = copy_database (src, part, stats, error);
  sqlite3_exec (src, "COMMIT", NULL, NULL, NULL);
  if (ok && g_rename (part, target) != 0)
    ok = errno_fail ("Could not rename the copy to", target, error);
  if (ok && g_stat (target, &st) == 0)
    stats->bytes = (guint64) st.st_size;

out:
  sqlite3_close (src);
  return ok;
}

/* Copies the files of @from into @to, directories 0700 and files 0600,
 * leaving out @skip (a name in @from itself). */
static gboolean
copy_tree (const char  *from,
           const char  *to,
           const char  *skip,
           guint       *n_files,
           GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, error);
  const char *name;

  if (dir == NULL || !make_private_dir (to, error))
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_strcmp0 (name, skip) == 0 || g_file_test (source, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        {
          if (!copy_tree (source, target, NULL, n_files, error))
            return FALSE;
          continue;
        }
      if (g_file_test (target, G_FILE_TEST_IS_REGULAR))
        continue;   /* content-addressed: the same name is the same bytes */
      if (!g_file_get_contents (source, &contents, &length, error) ||
          !g_file_set_contents_full (target, contents, (gssize) length,
                                     G_FILE_SET_CONTENTS_CONSISTENT, PRIVATE_FILE_MODE, error))
        return FALSE;
      (*n_files)++;
    }
  return TRUE;
}

gboolean
jg_server_backup (const char           *data_dir,
                  const char           *backup_dir,
                  JgServerBackupStats  *stats,
                  GError              **error)
{
  g_autofree char *source = g_build_filename (data_dir, JG_SERVER_DB_NAME, NULL);
  g_autofree char *target = g_build_filename (backup_dir, JG_SERVER_DB_NAME, NULL);
  g_autofree char *images = g_build_filename (data_dir, IMAGES_DIR, NULL);
  g_autofree char *images_copy = g_build_filename (backup_dir, IMAGES_DIR, NULL);

  memset (stats, 0, sizeof *stats);
  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "There is no database %s", source);
      return FALSE;
    }
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                   "%s already holds a %s; back up into a new directory", backup_dir,
                   JG_SERVER_DB_NAME);
      return FALSE;
    }
  if (!make_private_dir (backup_dir, error) ||
      !backup_database (source, target, stats, error))
    return FALSE;
  if (g_file_test (images, G_FILE_TEST_IS_DIR) &&
      !copy_tree (images, images_copy, PARTIAL_DIR, &stats->images, error))
    return FALSE;
  return TRUE;
}
