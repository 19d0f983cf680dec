/* jg-post-move.c — post drafts written signed out, moved into the account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "jg-paths.h"
#include "jg-post-images.h"
#include "jg-post-move.h"
#include "jg-post-store-private.h"
#include "jg-record-store.h"

/* What moves: drafts never sent, not being deleted, of @department or of
 * none. */
#define MOVABLE_WHERE \
  " WHERE state = 'draft' AND server_revision IS NULL AND deleting = 0" \
  " AND (department IS NULL OR department = ?1)"

static GPtrArray *
movable_uuids (JgStore     *from,
               const char  *department,
               GError     **error)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (from, "SELECT uuid FROM post" MOVABLE_WHERE " ORDER BY created_at", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, department);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup (jg_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (from, error, rc);
      return NULL;
    }
  return g_steal_pointer (&uuids);
}

static gboolean
exists_in (JgStore     *db,
           const char  *uuid,
           gboolean    *exists,
           GError     **error)
{
  g_auto(JgStoredPost) stored = { 0 };

  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    return FALSE;
  *exists = stored.exists;
  return TRUE;
}

/* Copies @uuid's row, as it is, from @from into @to with @department. */
static gboolean
copy_row (JgStore     *from,
          JgStore     *to,
          const char  *uuid,
          const char  *department,
          GError     **error)
{
  sqlite3_stmt *read, *write;
  int rc;

  read = jg_store_prepare (from,
                           "SELECT column_key, revision, title, month, fields, blank, created_at, updated_at"
                           " FROM post WHERE uuid = ?", error);
  if (read == NULL)
    return FALSE;
  jg_store_bind_text (read, 1, uuid);
  rc = sqlite3_step (read);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (read);
      return rc == SQLITE_DONE ? TRUE : jg_store_set_error (from, error, rc);
    }
  write = jg_store_prepare (to,
                            "INSERT INTO post (uuid, column_key, department, revision, state, title, month,"
                            " fields, blank, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?6, json_set (?7, '$.department', ?3),"
                            " ?8, ?9, ?10)", error);
  if (write == NULL)
    {
      sqlite3_reset (read);
      return FALSE;
    }
  jg_store_bind_text (write, 1, uuid);
  jg_store_bind_text (write, 2, jg_store_column_text (read, 0));
  jg_store_bind_text (write, 3, department);
  sqlite3_bind_int (write, 4, sqlite3_column_int (read, 1));
  jg_store_bind_text (write, 5, jg_store_column_text (read, 2));
  jg_store_bind_text (write, 6, jg_store_column_text (read, 3));
  jg_store_bind_text (write, 7, jg_store_column_text (read, 4));
  sqlite3_bind_int (write, 8, sqlite3_column_int (read, 5));
  sqlite3_bind_int64 (write, 9, sqlite3_column_int64 (read, 6));
  sqlite3_bind_int64 (write, 10, sqlite3_column_int64 (read, 7));
  sqlite3_reset (read);
  return jg_store_step_done (to, write, error);
}

/* The audit trail of @uuid, as written in @from. */
static gboolean
copy_audit (JgStore     *from,
            JgStore     *to,
            const char  *uuid,
            GError     **error)
{
  sqlite3_stmt *read, *write;
  int rc;

  read = jg_store_prepare (from,
                           "SELECT at, who, account, host, action, from_state, to_state, revision, detail"
                           " FROM post_audit WHERE uuid = ? ORDER BY id", error);
  if (read == NULL)
    return FALSE;
  jg_store_bind_text (read, 1, uuid);
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      write = jg_store_prepare (to,
                                "INSERT INTO post_audit (uuid, at, who, account, host, action, from_state,"
                                " to_state, revision, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (write == NULL)
        {
          sqlite3_reset (read);
          return FALSE;
        }
      jg_store_bind_text (write, 1, uuid);
      sqlite3_bind_int64 (write, 2, sqlite3_column_int64 (read, 0));
      for (int i = 1; i <= 6; i++)
        jg_store_bind_text (write, i + 2, jg_store_column_text (read, i));
      sqlite3_bind_int (write, 9, sqlite3_column_int (read, 7));
      jg_store_bind_text (write, 10, jg_store_column_text (read, 8));
      if (!jg_store_step_done (to, write, error))
        {
          sqlite3_reset (read);
          return FALSE;
        }
    }
  sqlite3_reset (read);
  return rc == SQLITE_DONE || jg_store_set_error (from, error, rc);
}

/* The images @uuid shows: the uses, and each image's row and file unless
 * @to has it already. */
static gboolean
copy_images (JgStore     *from,
             JgStore     *to,
             const char  *uuid,
             GError     **error)
{
  g_autofree char *from_dir = g_path_get_dirname (jg_store_get_path (from));
  g_autofree char *to_images = jg_paths_images_for_database (jg_store_get_path (to));
  g_autofree char *to_images_name = g_path_get_basename (to_images);
  g_autofree char *to_dir = g_path_get_dirname (jg_store_get_path (to));
  sqlite3_stmt *read, *write;
  int rc;

  read = jg_store_prepare (from,
                           "SELECT u.pos, u.sha256, i.mime, i.width, i.height, i.size, i.path, i.created_at"
                           " FROM post_image_use u LEFT JOIN post_image i ON i.sha256 = u.sha256"
                           " WHERE u.uuid = ? ORDER BY u.pos", error);
  if (read == NULL)
    return FALSE;
  jg_store_bind_text (read, 1, uuid);
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      const char *sha256 = jg_store_column_text (read, 1);
      const char *relative = jg_store_column_text (read, 6);
      gboolean ok = TRUE;

      write = jg_store_prepare (to, "INSERT OR IGNORE INTO post_image_use (uuid, pos, sha256) VALUES (?, ?, ?)",
                                error);
      ok = write != NULL;
      if (ok)
        {
          jg_store_bind_text (write, 1, uuid);
          sqlite3_bind_int (write, 2, sqlite3_column_int (read, 0));
          jg_store_bind_text (write, 3, sha256);
          ok = jg_store_step_done (to, write, error);
        }
      if (ok && relative != NULL)
        {
          /* Same name in the account's folder: images/<2 hex>/<file>. */
          g_autofree char *source = g_build_filename (from_dir, relative, NULL);
          g_autofree char *source_dir = g_path_get_dirname (source);
          g_autofree char *fanout = g_path_get_basename (source_dir);
          g_autofree char *name = g_path_get_basename (source);
          g_autofree char *target_relative = g_build_filename (to_images_name, fanout, name, NULL);
          g_autofree char *target = g_build_filename (to_dir, target_relative, NULL);
          g_autofree char *target_dir = g_path_get_dirname (target);
          g_autofree char *contents = NULL;
          gsize length;

          if (!g_file_test (target, G_FILE_TEST_IS_REGULAR)
              && g_file_get_contents (source, &contents, &length, NULL))
            {
              g_mkdir_with_parents (target_dir, 0700);
              ok = g_file_set_contents_full (target, contents, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                             0600, error);
            }
          write = ok ? jg_store_prepare (to,
                                         "INSERT INTO post_image (sha256, mime, width, height, size, path,"
                                         " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                         " ON CONFLICT (sha256) DO NOTHING", error) : NULL;
          ok = write != NULL;
          if (ok)
            {
              jg_store_bind_text (write, 1, sha256);
              jg_store_bind_text (write, 2, jg_store_column_text (read, 2));
              sqlite3_bind_int (write, 3, sqlite3_column_int (read, 3));
              sqlite3_bind_int (write, 4, sqlite3_column_int (read, 4));
              sqlite3_bind_int64 (write, 5, sqlite3_column_int64 (read, 5));
              jg_store_bind_text (write, 6, target_relative);
              sqlite3_bind_int64 (write, 7, sqlite3_column_int64 (read, 7));
              ok = jg_store_step_done (to, write, error);
            }
        }
      if (!ok)
        {
          sqlite3_reset (read);
          return FALSE;
        }
    }
  sqlite3_reset (read);
  return rc == SQLITE_DONE || jg_store_set_error (from, error, rc);
}

/* Removes from @from the drafts @to now holds. */
static gboolean
drop_moved (JgStore     *from,
            JgStore     *to,
            GPtrArray   *uuids,
            GError     **error)
{
  sqlite3_stmt *stmt;

  if (!jg_store_begin (from, error))
    return FALSE;
  for (guint i = 0; i < uuids->len; i++)
    {
      gboolean there;

      if (!exists_in (to, uuids->pdata[i], &there, error))
        goto fail;
      if (!there)
        continue;
      stmt = jg_store_prepare (from, "DELETE FROM post_audit WHERE uuid = ?", error);
      if (stmt == NULL)
        goto fail;
      jg_store_bind_text (stmt, 1, uuids->pdata[i]);
      if (!jg_store_step_done (from, stmt, error) || !jg_post_store_remove_row (from, uuids->pdata[i], error))
        goto fail;
    }
  return jg_store_commit (from, error) || (jg_store_rollback (from), FALSE);

fail:
  jg_store_rollback (from);
  return FALSE;
}

gboolean
jg_post_store_move_drafts (JgStore      *from,
                           JgPostStore  *to,
                           guint        *moved,
                           GError      **error)
{
  JgStore *db;
  g_autofree char *department = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  guint n = 0;

  g_return_val_if_fail (JG_IS_STORE (from), FALSE);
  g_return_val_if_fail (JG_IS_POST_STORE (to), FALSE);

  *moved = 0;
  db = jg_post_store_get_store (to);
  department = jg_record_store_get_department (db);
  uuids = movable_uuids (from, department, error);
  if (uuids == NULL)
    return FALSE;
  if (uuids->len == 0)
    return TRUE;

  if (!jg_store_begin (db, error))
    return FALSE;
  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = uuids->pdata[i];
      gboolean there;

      if (!exists_in (db, uuid, &there, error))
        goto fail;
      if (there)
        continue;   /* an earlier, interrupted run copied it */
      if (!copy_row (from, db, uuid, department, error)
          || !copy_audit (from, db, uuid, error)
          || !copy_images (from, db, uuid, error))
        goto fail;
      {
        g_auto(JgStoredPost) stored = { 0 };

        if (!jg_post_store_read_stored (db, uuid, &stored, error)
            || !jg_post_store_add_audit (db, uuid, NULL, "move", NULL, "draft", stored.revision, NULL, error))
          goto fail;
      }
      n++;
    }
  if (!jg_store_commit (db, error))
    goto fail;
  *moved = n;
  if (n > 0)
    jg_post_store_emit_changed (to, NULL);
  return drop_moved (from, db, uuids, error);

fail:
  jg_store_rollback (db);
  return FALSE;
}
