/* jg-post-images.c — re-encoding and content-addressed storage of images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "jg-paths.h"
#include "jg-post-images.h"
#include "jg-post-store-private.h"

/* The loader is fed in pieces, so that an image announcing too many pixels
 * is given up before the rest of it is decoded. */
#define FEED_CHUNK (64 * 1024)
/* What a stored image's folder name takes of its hash. */
#define FANOUT_CHARS 2

/* Formats accepted as input, by their signature: the decoder is chosen
 * here, before any decoder sees the bytes, so that the other loaders
 * installed (GIF, BMP, TGA, ICO, XPM, SVG …) never parse untrusted input:
 * they are not photographs of the department's work, and fuzzing found
 * two of them unsafe (a BMP loader allocating whatever size its header
 * announces, a GIF frame of height zero reaching gdk_pixbuf_new()); an SVG
 * can be made to take any time to render. WebP is taken when its loader
 * (webp-pixbuf-loader) is installed. Four fixed signatures,
 * compared by hand because guessing by content type needs the
 * shared-mime-info database, which a minimal system may lack. */
typedef struct {
  const char   *loader;     /* gdk-pixbuf's module name */
  gsize         offset;
  const guint8 *magic;
  gsize         length;
} Signature;

static const Signature signatures[] = {
  { "jpeg", 0, (const guint8 *) "\xff\xd8\xff", 3 },
  { "png",  0, (const guint8 *) "\x89PNG\r\n\x1a\n", 8 },
  { "webp", 8, (const guint8 *) "WEBP", 4 },   /* after "RIFF" and a length */
};

/* The loader for @data, or NULL when it is none of the accepted formats. */
static const char *
sniff_format (const guint8 *data,
              gsize         size)
{
  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    {
      const Signature *sig = &signatures[i];

      if (size >= sig->offset + sig->length && memcmp (data + sig->offset, sig->magic, sig->length) == 0
          && (sig->offset == 0 || memcmp (data, "RIFF", 4) == 0))
        return sig->loader;
    }
  return NULL;
}

static gboolean
not_an_image (GError **error)
{
  g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE,
                       _("The file is not a picture that can be used (a JPEG or PNG photograph "
                         "or image), or it is damaged. Nothing was added."));
  return FALSE;
}

static gboolean
too_large (GError **error)
{
  g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE,
                       _("The picture is too large to be used (more than 64 MB or 120 megapixels). "
                         "Nothing was added."));
  return FALSE;
}

typedef struct {
  gboolean too_large;
  gboolean empty;
} SizeCheck;

/* Scales while decoding (JPEG decodes at 1/2, 1/4 … directly, which makes
 * a 24-megapixel photograph several times faster), and notes a source
 * with too many pixels. The orientation is applied after: turning does
 * not change the longest side. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeCheck *check = user_data;
  int longest = MAX (width, height);

  if (width <= 0 || height <= 0)
    {
      /* An empty image: nothing to decode. */
      check->empty = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if ((gint64) width * height > JG_POST_IMAGE_MAX_SOURCE_PIXELS)
    {
      check->too_large = TRUE;
      /* A size of zero tells the decoder to allocate nothing more (the
       * size function's protocol, gdk-pixbuf-io.h): decoders that cannot
       * scale would otherwise allocate the whole image first. */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (longest > JG_POST_IMAGE_MAX_SIDE)
    {
      double scale = (double) JG_POST_IMAGE_MAX_SIDE / longest;
      int w = MAX (1, (int) lround (width * scale));
      int h = MAX (1, (int) lround (height * scale));

      gdk_pixbuf_loader_set_size (loader, w, h);
    }
}

/* Decodes @data: the upright, scaled pixels, or NULL. */
static GdkPixbuf *
decode (GBytes    *data,
        gboolean  *is_png,
        GError   **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  SizeCheck check = { FALSE };
  const guint8 *bytes;
  const char *format;
  gsize size, done = 0;
  GdkPixbuf *pixbuf;
  gboolean ok = TRUE;

  bytes = g_bytes_get_data (data, &size);
  if (size > JG_POST_IMAGE_MAX_INPUT_BYTES)
    {
      too_large (error);
      return NULL;
    }
  format = sniff_format (bytes, size);
  if (format != NULL)
    loader = gdk_pixbuf_loader_new_with_type (format, NULL);
  if (loader == NULL)
    {
      not_an_image (error);
      return NULL;
    }
  *is_png = g_str_equal (format, "png");
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &check);

  while (ok && done < size && !check.too_large && !check.empty)
    {
      gsize n = MIN (FEED_CHUNK, size - done);
      /* A failed write closes the loader itself. */
      ok = gdk_pixbuf_loader_write (loader, bytes + done, n, NULL);
      done += n;
    }
  if (ok)
    ok = gdk_pixbuf_loader_close (loader, NULL);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (check.too_large)
    {
      too_large (error);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!ok || pixbuf == NULL)
    {
      not_an_image (error);
      return NULL;
    }
  /* A new pixbuf (or a reference): the loader's goes with the loader. */
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

GBytes *
jg_post_images_reencode_bytes (GBytes  *data,
                               char   **mime,
                               int     *width,
                               int     *height,
                               GError **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) opaque = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *quality = g_strdup_printf ("%d", JG_POST_IMAGE_JPEG_QUALITY);
  gchar *buffer = NULL;
  gsize length = 0;
  gboolean is_png = FALSE;
  gboolean as_png;
  int w, h;

  g_return_val_if_fail (data != NULL, NULL);

  pixbuf = decode (data, &is_png, error);
  if (pixbuf == NULL)
    return NULL;
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);

  /* Encoded from the pixels alone: no option of the source (EXIF, GPS,
   * ICC profile, text chunks) is passed on. */
  as_png = is_png && gdk_pixbuf_get_has_alpha (pixbuf);
  if (as_png)
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "png", &local_error, NULL);
  else
    {
      GdkPixbuf *source = pixbuf;

      /* JPEG has no transparency: what was transparent (a GIF's
       * background) becomes white, as on the portal's page. */
      if (gdk_pixbuf_get_has_alpha (pixbuf))
        source = opaque = gdk_pixbuf_composite_color_simple (pixbuf, w, h, GDK_INTERP_NEAREST,
                                                             255, 8, 0xffffffff, 0xffffffff);
      if (source != NULL)
        gdk_pixbuf_save_to_buffer (source, &buffer, &length, "jpeg", &local_error,
                                   "quality", quality, NULL);
    }
  if (buffer == NULL)
    {
      g_debug ("Cannot encode an image: %s", local_error ? local_error->message : "no memory");
      not_an_image (error);
      return NULL;
    }

  if (mime != NULL)
    *mime = g_strdup (as_png ? JG_POST_IMAGE_MIME_PNG : JG_POST_IMAGE_MIME_JPEG);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
  return g_bytes_new_take (buffer, length);
}

/* --- storing -------------------------------------------------------------- */

char *
jg_post_images_relative_path (JgStore    *db,
                              const char *sha256,
                              const char *mime)
{
  g_autofree char *images = jg_paths_images_for_database (jg_store_get_path (db));
  g_autofree char *images_name = g_path_get_basename (images);
  g_autofree char *fanout = g_strndup (sha256, FANOUT_CHARS);
  g_autofree char *name = g_strconcat (sha256, g_str_equal (mime, JG_POST_IMAGE_MIME_PNG) ? ".png" : ".jpg",
                                       NULL);

  return g_build_filename (images_name, fanout, name, NULL);
}

char *
jg_post_images_absolute_path (JgStore    *db,
                              const char *relative)
{
  g_autofree char *dir = g_path_get_dirname (jg_store_get_path (db));

  return g_build_filename (dir, relative, NULL);
}

gboolean
jg_post_images_write_file (const char  *path,
                           GBytes      *encoded,
                           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *bytes = g_bytes_get_data (encoded, &size);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (path, bytes, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_name (dir);
      g_set_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE,
                   _("The picture could not be saved in “%s”: %s. Nothing was added."), display,
                   local_error ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* The import itself, on connection @db; *@added says whether a row was. */
static char *
import_on (JgStore   *db,
           GBytes    *data,
           gboolean  *added,
           GError   **error)
{
  g_autoptr(GBytes) encoded = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;
  int width = 0, height = 0;

  *added = FALSE;
  encoded = jg_post_images_reencode_bytes (data, &mime, &width, &height, error);
  if (encoded == NULL)
    return NULL;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, encoded);
  relative = jg_post_images_relative_path (db, sha256, mime);
  path = jg_post_images_absolute_path (db, relative);

  /* The file first: a crash before the row leaves a file that the next
   * import of the same picture finds and keeps. */
  if (!jg_post_images_write_file (path, encoded, error))
    return NULL;

  stmt = jg_store_prepare (db,
                           "INSERT INTO post_image (sha256, mime, width, height, size, path, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                           " ON CONFLICT (sha256) DO NOTHING", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, sha256);
  jg_store_bind_text (stmt, 2, mime);
  sqlite3_bind_int (stmt, 3, width);
  sqlite3_bind_int (stmt, 4, height);
  sqlite3_bind_int64 (stmt, 5, g_bytes_get_size (encoded));
  jg_store_bind_text (stmt, 6, relative);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  if (!jg_store_step_done (db, stmt, error))
    return NULL;
  *added = sqlite3_changes (jg_store_get_db (db)) > 0;
  return g_steal_pointer (&sha256);
}

static GBytes *
read_input (GFile         *file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info != NULL && g_file_info_get_size (info) > JG_POST_IMAGE_MAX_INPUT_BYTES)
    {
      too_large (error);
      return NULL;
    }
  if (info != NULL)
    bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_set_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE,
                   _("The picture “%s” could not be read: %s. Nothing was added."), name,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

char *
jg_post_images_import (JgPostStore  *store,
                       GBytes       *data,
                       GError      **error)
{
  gboolean added;
  char *sha256;

  g_return_val_if_fail (JG_IS_POST_STORE (store), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  sha256 = import_on (jg_post_store_get_store (store), data, &added, error);
  if (added)
    jg_post_store_emit_changed (store, NULL);
  return sha256;
}

char *
jg_post_images_import_file (JgPostStore  *store,
                            GFile        *file,
                            GError      **error)
{
  g_autoptr(GBytes) data = NULL;

  g_return_val_if_fail (JG_IS_POST_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  data = read_input (file, NULL, error);
  return data != NULL ? jg_post_images_import (store, data, error) : NULL;
}

typedef struct {
  GBytes *data;
  GFile  *file;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_pointer (&data->data, g_bytes_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
import_work (JgPostStore  *self,
             JgStore      *db,
             GTask        *task,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gboolean added = FALSE;
  char *sha256 = NULL;

  bytes = data->data != NULL ? g_bytes_ref (data->data) : read_input (data->file, cancellable, &error);
  if (bytes != NULL)
    sha256 = import_on (db, bytes, &added, &error);
  if (added)
    jg_post_store_emit_changed (self, NULL);
  if (sha256 == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sha256, g_free);
}

void
jg_post_images_import_async (JgPostStore         *store,
                             GBytes              *data,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ImportData *import = g_new0 (ImportData, 1);

  g_return_if_fail (JG_IS_POST_STORE (store));
  g_return_if_fail ((data != NULL) != (file != NULL));

  import->data = data != NULL ? g_bytes_ref (data) : NULL;
  import->file = file != NULL ? g_object_ref (file) : NULL;
  jg_post_store_start_work (store, jg_post_images_import_async, import, (GDestroyNotify) import_data_free, import_work,
                            cancellable, callback, user_data);
}

char *
jg_post_images_import_finish (JgPostStore   *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- looking up ----------------------------------------------------------- */

void
jg_post_image_info_free (JgPostImageInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->sha256);
  g_free (info->path);
  g_free (info->mime);
  g_free (info->upload_state);
  g_free (info->error);
  g_free (info);
}

JgPostImageInfo *
jg_post_images_lookup (JgPostStore  *store,
                       const char   *sha256,
                       GError      **error)
{
  JgStore *db;
  sqlite3_stmt *stmt;
  JgPostImageInfo *info = NULL;
  int rc;

  g_return_val_if_fail (JG_IS_POST_STORE (store), NULL);

  db = jg_post_store_get_store (store);
  stmt = jg_store_prepare (db,
                           "SELECT mime, width, height, size, path, upload_state, uploaded_bytes, error"
                           " FROM post_image WHERE sha256 = ?", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      info = g_new0 (JgPostImageInfo, 1);
      info->sha256 = g_strdup (sha256);
      info->mime = g_strdup (jg_store_column_text (stmt, 0));
      info->width = sqlite3_column_int (stmt, 1);
      info->height = sqlite3_column_int (stmt, 2);
      info->size = sqlite3_column_int64 (stmt, 3);
      info->path = jg_post_images_absolute_path (db, jg_store_column_text (stmt, 4));
      info->upload_state = g_strdup (jg_store_column_text (stmt, 5));
      info->uploaded_bytes = sqlite3_column_int64 (stmt, 6);
      info->error = g_strdup (jg_store_column_text (stmt, 7));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      jg_store_set_error (db, error, rc);
      return NULL;
    }
  if (info != NULL && !g_file_test (info->path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&info, jg_post_image_info_free);
  if (info == NULL)
    g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_FOUND,
                         _("A picture of this post is no longer on this computer. Add it again."));
  return info;
}

static gpointer
read_image_use (JgStore      *db,
                sqlite3_stmt *stmt)
{
  JgPostImageInfo *info = g_new0 (JgPostImageInfo, 1);
  const char *relative = jg_store_column_text (stmt, 5);

  info->sha256 = g_strdup (jg_store_column_text (stmt, 0));
  info->mime = g_strdup (jg_store_column_text (stmt, 1));
  info->width = sqlite3_column_int (stmt, 2);
  info->height = sqlite3_column_int (stmt, 3);
  info->size = sqlite3_column_int64 (stmt, 4);
  info->path = relative != NULL ? jg_post_images_absolute_path (db, relative) : NULL;
  info->upload_state = g_strdup (jg_store_column_text (stmt, 6));
  info->uploaded_bytes = sqlite3_column_int64 (stmt, 7);
  info->error = g_strdup (jg_store_column_text (stmt, 8));
  if (info->path == NULL || !g_file_test (info->path, G_FILE_TEST_IS_REGULAR))
    {
      g_free (info->upload_state);
      info->upload_state = g_strdup ("missing");
    }
  return info;
}

GPtrArray *
jg_post_images_list_for_post (JgPostStore  *store,
                              const char   *uuid,
                              GError      **error)
{
  JgStore *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (store), NULL);

  db = jg_post_store_get_store (store);
  stmt = jg_store_prepare (db,
                           "SELECT u.sha256, i.mime, i.width, i.height, i.size, i.path, i.upload_state,"
                           " i.uploaded_bytes, i.error FROM post_image_use u"
                           " LEFT JOIN post_image i ON i.sha256 = u.sha256 WHERE u.uuid = ? ORDER BY u.pos",
                           error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, uuid);
  return jg_store_read_rows (db, stmt, read_image_use, (GDestroyNotify) jg_post_image_info_free, error);
}

gboolean
jg_post_images_all_uploaded (JgPostStore  *store,
                             const char   *uuid,
                             gboolean     *all_uploaded,
                             GError      **error)
{
  JgStore *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_POST_STORE (store), FALSE);

  *all_uploaded = FALSE;
  db = jg_post_store_get_store (store);
  stmt = jg_store_prepare (db,
                           "SELECT NOT EXISTS (SELECT 1 FROM post_image_use u"
                           " LEFT JOIN post_image i ON i.sha256 = u.sha256"
                           " WHERE u.uuid = ? AND i.upload_state IS NOT 'uploaded')", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *all_uploaded = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return jg_store_set_error (db, error, rc);
  return TRUE;
}

gboolean
jg_post_images_set_upload (JgPostStore  *store,
                           const char   *sha256,
                           const char   *upload_state,
                           guint64       uploaded_bytes,
                           const char   *error_text,
                           GError      **error)
{
  JgStore *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (store), FALSE);
  g_return_val_if_fail (upload_state != NULL, FALSE);

  db = jg_post_store_get_store (store);
  stmt = jg_store_prepare (db,
                           "UPDATE post_image SET upload_state = ?2, uploaded_bytes = ?3, error = ?4"
                           " WHERE sha256 = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, sha256);
  jg_store_bind_text (stmt, 2, upload_state);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) uploaded_bytes);
  jg_store_bind_text (stmt, 4, error_text);
  if (!jg_store_step_done (db, stmt, error))
    return FALSE;
  jg_post_store_emit_changed (store, NULL);
  return TRUE;
}
