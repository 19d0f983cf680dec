/* jg-post-sync.c — what the posts sync reads and writes through the store
 *
 * See jg-post-sync.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

#include "jg-post-images.h"
#include "jg-post-store-private.h"
#include "jg-post-sync.h"

/* Image files are spread over folders named by the first hex digits. */
#define FANOUT_CHARS 2

void
jg_post_outgoing_free (JgPostOutgoing *item)
{
  g_free (item->uuid);
  g_free (item);
}

GPtrArray *
jg_post_store_list_outgoing (JgPostStore  *self,
                             GError      **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_post_outgoing_free);
  JgStore *db = jg_post_store_get_store (self);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (db,
                           "SELECT uuid, revision, deleting FROM post"
                           " WHERE (deleting = 1 AND server_revision IS NOT NULL)"
                           " OR (deleting = 0 AND state IN ('submitted', 'sending'))"
                           " ORDER BY updated_at, uuid", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgPostOutgoing *item = g_new0 (JgPostOutgoing, 1);

      item->uuid = g_strdup (jg_store_column_text (stmt, 0));
      item->revision = sqlite3_column_int (stmt, 1);
      item->op = sqlite3_column_int (stmt, 2) ? 'd' : 'u';
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (db, error, rc);
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* A post being deleted is hidden from loading: its identity is all a
 * deletion sends. */
static JgPost *
deleted_post (JgStore               *db,
              const JgPostOutgoing  *item,
              GError               **error)
{
  sqlite3_stmt *stmt;
  JgPost *post = NULL;
  JgPostColumn column;
  int rc;

  stmt = jg_store_prepare (db, "SELECT column_key, department FROM post WHERE uuid = ?", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, item->uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && jg_post_column_from_string (jg_store_column_text (stmt, 0), &column))
    {
      post = jg_post_new (column, jg_store_column_text (stmt, 1));
      jg_post_set_identity (post, item->uuid, item->revision, JG_POST_STATE_RETURNED);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    jg_store_set_error (db, error, rc);
  else if (post == NULL)
    jg_post_store_not_found (error);
  return post;
}

char *
jg_post_store_push_json (JgPostStore          *self,
                         const JgPostOutgoing *item,
                         GError              **error)
{
  JgStore *db = jg_post_store_get_store (self);
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gboolean first = TRUE;
  int rc;

  post = item->op == 'd' ? deleted_post (db, item, error) : jg_post_store_load_on (db, item->uuid, error);
  if (post == NULL)
    return NULL;
  jg_post_append_wire_json (out, post, item->op, NULL);
  if (item->op == 'd')
    return g_string_free (g_steal_pointer (&out), FALSE);

  /* The writer ends with "checks":[]} for no checks: put the stored ones
   * in, as they were written. */
  g_assert (g_str_has_suffix (out->str, "[]}"));
  g_string_truncate (out, out->len - 2);
  stmt = jg_store_prepare (db,
                           "SELECT issue FROM post_check WHERE uuid = ? AND revision = ?"
                           " AND source = 'client' ORDER BY pos", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, item->uuid);
  sqlite3_bind_int (stmt, 2, item->revision);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      g_string_append (out, jg_store_column_text (stmt, 0));
      first = FALSE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (db, error, rc);
      return NULL;
    }
  g_string_append (out, "]}");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
jg_post_store_forget_deleted (JgPostStore  *self,
                              const char   *uuid,
                              GError      **error)
{
  JgStore *db = jg_post_store_get_store (self);
  g_auto(JgStoredPost) stored = { 0 };

  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;
  if (stored.exists && stored.deleting
      && (!jg_post_store_remove_row (db, uuid, error)
          || !jg_post_store_add_audit (db, uuid, JG_POST_STORE_SYNC_WHO, "deleted",
                                       jg_post_state_to_string (stored.state), NULL,
                                       stored.revision, NULL, error)))
    goto fail;
  return jg_post_store_end_write (self, db, uuid, error);

fail:
  jg_store_rollback (db);
  return FALSE;
}

gboolean
jg_post_store_apply_deleted (JgPostStore  *self,
                             const char   *uuid,
                             gboolean     *removed,
                             GError      **error)
{
  JgStore *db = jg_post_store_get_store (self);
  g_auto(JgStoredPost) stored = { 0 };

  *removed = FALSE;
  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;
  if (!stored.exists || stored.state == JG_POST_STATE_DRAFT || stored.state == JG_POST_STATE_SUBMITTED
      || stored.state == JG_POST_STATE_SENDING)
    {
      jg_store_rollback (db);
      return TRUE;
    }
  if (!jg_post_store_remove_row (db, uuid, error)
      || !jg_post_store_add_audit (db, uuid, JG_POST_STORE_SYNC_WHO, "deleted",
                                   jg_post_state_to_string (stored.state), NULL, stored.revision, NULL, error))
    goto fail;
  if (!jg_post_store_end_write (self, db, uuid, error))
    return FALSE;
  *removed = TRUE;
  return TRUE;

fail:
  jg_store_rollback (db);
  return FALSE;
}

gboolean
jg_post_store_link_images (JgPostStore  *self,
                           const char   *uuid,
                           GError      **error)
{
  JgStore *db = jg_post_store_get_store (self);
  g_autoptr(JgPost) post = jg_post_store_load_on (db, uuid, error);
  g_auto(GStrv) hashes = NULL;
  sqlite3_stmt *stmt;

  if (post == NULL)
    return FALSE;
  hashes = jg_post_get_image_hashes (post);
  stmt = jg_store_prepare (db, "DELETE FROM post_image_use WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  if (!jg_store_step_done (db, stmt, error))
    return FALSE;
  for (guint i = 0; hashes[i] != NULL; i++)
    {
      stmt = jg_store_prepare (db, "INSERT OR IGNORE INTO post_image_use (uuid, pos, sha256) VALUES (?, ?, ?)",
                               error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      sqlite3_bind_int (stmt, 2, i);
      jg_store_bind_text (stmt, 3, hashes[i]);
      if (!jg_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

GStrv
jg_post_store_missing_images (JgPostStore  *self,
                              GError      **error)
{
  JgStore *db = jg_post_store_get_store (self);
  g_autofree char *dir = g_path_get_dirname (jg_store_get_path (db));
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (db,
                           "SELECT DISTINCT u.sha256, i.path FROM post_image_use u"
                           " LEFT JOIN post_image i ON i.sha256 = u.sha256", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *relative = jg_store_column_text (stmt, 1);
      g_autofree char *path = relative ? g_build_filename (dir, relative, NULL) : NULL;

      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_strv_builder_add (missing, jg_store_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (db, error, rc);
      return NULL;
    }
  return g_strv_builder_end (missing);
}

gboolean
jg_post_images_add_downloaded (JgPostStore  *self,
                               const char   *sha256,
                               const char   *mime,
                               GBytes       *bytes,
                               GError      **error)
{
  JgStore *db = jg_post_store_get_store (self);
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  gboolean png = g_strcmp0 (mime, JG_POST_IMAGE_MIME_PNG) == 0;
  const char *stored_mime = png ? JG_POST_IMAGE_MIME_PNG : JG_POST_IMAGE_MIME_JPEG;
  g_autofree char *relative = jg_post_images_relative_path (db, sha256, stored_mime);
  g_autofree char *path = jg_post_images_absolute_path (db, relative);
  sqlite3_stmt *stmt;
  gsize size = g_bytes_get_size (bytes);
  int width = 0, height = 0;

  if (!g_str_equal (actual, sha256))
    {
      g_set_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE,
                   _("The server sent another picture than %.12s…; it was not kept."), sha256);
      return FALSE;
    }
  if (!jg_post_images_write_file (path, bytes, error))
    return FALSE;

  /* The server verified it decodes; its size is read from its header. */
  gdk_pixbuf_get_file_info (path, &width, &height);
  stmt = jg_store_prepare (db,
                           "INSERT INTO post_image (sha256, mime, width, height, size, path, upload_state,"
                           " uploaded_bytes, created_at) VALUES (?1, ?2, ?6, ?7, ?3, ?4, 'uploaded', ?3, ?5)"
                           " ON CONFLICT (sha256) DO UPDATE SET path = ?4", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, sha256);
  jg_store_bind_text (stmt, 2, stored_mime);
  sqlite3_bind_int64 (stmt, 3, size);
  jg_store_bind_text (stmt, 4, relative);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 6, width);
  sqlite3_bind_int (stmt, 7, height);
  if (!jg_store_step_done (db, stmt, error))
    return FALSE;
  jg_post_store_emit_changed (self, NULL);
  return TRUE;
}

gboolean
jg_post_store_get_review (JgPostStore  *self,
                          const char   *uuid,
                          guint        *revision,
                          guint        *level,
                          GError      **error)
{
  g_auto(JgStoredPost) stored = { 0 };

  if (!jg_post_store_read_stored (jg_post_store_get_store (self), uuid, &stored, error))
    return FALSE;
  if (!stored.exists)
    return jg_post_store_not_found (error);
  *revision = stored.server_revision > 0 && stored.state == JG_POST_STATE_DRAFT ? stored.server_revision
                                                                                 : stored.revision;
  *level = stored.review_level;
  return TRUE;
}
