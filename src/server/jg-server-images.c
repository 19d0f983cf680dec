/* jg-server-images.c — the images of posts: resumable upload and reading
 *
 * PROTOCOL.md, "Images". An image is named by the SHA-256 of its bytes
 * and stored once, at DIR/images/<first two hex>/<sha256>; a partial
 * upload grows DIR/images/partial/<sha256>.part. The partial file's
 * length is what the server has received (the `image` row's `received`
 * only repeats it), so a crash between the bytes and the row never makes
 * the server ask for a byte it has, or skip one it lacks. A chunk is
 * stored whole or not at all: a full disk (507) or a read-only one (503)
 * leaves neither the chunk's bytes nor its rows behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-private.h"
#include "jg-server-posts.h"
#include "jg-server-db-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#define IMAGES_DIR "images"
#define PARTIAL_DIR "partial"
#define PARTIAL_SUFFIX ".part"
#define UPLOAD_OFFSET_HEADER "Upload-Offset"
#define IMAGE_FAILED "Could not store an image"
#define ROLE_ADMIN "admin"
/* The prefix of the shard directory: 256 directories of images. */
#define SHARD_CHARS 2

static char *
data_dir (JgServer *self)
{
  return g_path_get_dirname (jg_server_db_get_path (self->db));
}

static char *
image_path (JgServer   *self,
            const char *sha256)
{
  g_autofree char *dir = data_dir (self);
  g_autofree char *shard = g_strndup (sha256, SHARD_CHARS);

  return g_build_filename (dir, IMAGES_DIR, shard, sha256, NULL);
}

static char *
partial_path (JgServer   *self,
              const char *sha256)
{
  g_autofree char *dir = data_dir (self);
  g_autofree char *name = g_strconcat (sha256, PARTIAL_SUFFIX, NULL);

  return g_build_filename (dir, IMAGES_DIR, PARTIAL_DIR, name, NULL);
}

/* The image's row: whether the server has it complete, its type. */
typedef struct {
  gboolean found;
  gboolean complete;
  gint64   size;
  char    *mime;
} Row;

static gboolean
read_row (JgServer    *self,
          const char  *sha256,
          Row         *row,
          GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (row, 0, sizeof *row);
  stmt = jg_server_db_prepare_cached (self->db, "SELECT complete, size, mime FROM image"
                                      " WHERE sha256 = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->found = TRUE;
      row->complete = sqlite3_column_int (stmt, 0) != 0;
      row->size = sqlite3_column_int64 (stmt, 1);
      row->mime = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  return jg_server_db_stepped (self->db, stmt, rc, "Could not read the images", error);
}

/* The bytes received of a partial upload: the partial file's length. */
static gint64
received_bytes (JgServer   *self,
                const char *sha256)
{
  g_autofree char *path = partial_path (self, sha256);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return (gint64) st.st_size;
}

static void
reply_offset (SoupServerMessage *msg,
              guint              status,
              const char        *word,
              gint64             offset,
              const char        *message)
{
  GString *body = g_string_new ("{\"error\":");
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, offset);
  gsize length;

  jg_json_append_string (body, word);
  g_string_append (body, ",\"message\":");
  jg_json_append_string (body, message);
  g_string_append_printf (body, ",\"offset\":%" G_GINT64_FORMAT "}", offset);
  length = body->len;
  jg_server_reply_json (msg, status, g_string_free (body, FALSE), length);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                UPLOAD_OFFSET_HEADER, value);
}

static void
reply_content (SoupServerMessage *msg,
               const char        *path,
               const char        *mime,
               const char        *cache_control)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", cache_control);
  soup_server_message_set_response (msg, mime, SOUP_MEMORY_TAKE, contents, length);
}

static void
reply_upload_state (SoupServerMessage *msg,
                    JgServer          *self,
                    const char        *sha256,
                    gint64             received,
                    gint64             total)
{
  GString *body = g_string_new ("{\"sha256\":");
  sqlite3_stmt *stmt;
  gsize length;
  Row row;

  jg_json_append_string (body, sha256);
  if (read_row (self, sha256, &row, NULL) && row.complete)
    {
      stmt = jg_server_db_prepare_cached (self->db, "SELECT width, height FROM image"
                                          " WHERE sha256 = ?1", NULL);
      g_string_append_printf (body, ",\"received\":%" G_GINT64_FORMAT ",\"size\":%" G_GINT64_FORMAT
                              ",\"complete\":true,\"mime\":", row.size, row.size);
      jg_json_append_string (body, row.mime != NULL ? row.mime : "");
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            g_string_append_printf (body, ",\"width\":%d,\"height\":%d",
                                    sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1));
          sqlite3_reset (stmt);
        }
    }
  else
    g_string_append_printf (body, ",\"received\":%" G_GINT64_FORMAT ",\"size\":%" G_GINT64_FORMAT
                            ",\"complete\":false", received, total);
  g_string_append_c (body, '}');
  g_free (row.mime);
  length = body->len;
  jg_server_reply_json (msg, SOUP_STATUS_OK, g_string_free (body, FALSE), length);
}

/* The SHA-256 of the file at @path, in lowercase hex. */
static char *
file_sha256 (const char  *path,
             GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

  if (mapped == NULL)
    return NULL;
  g_checksum_update (checksum, (const guchar *) g_mapped_file_get_contents (mapped),
                     (gssize) g_mapped_file_get_length (mapped));
  return g_strdup (g_checksum_get_string (checksum));
}

/* Whether the file decodes whole as a JPEG or PNG image: gdk-pixbuf
 * reads the header (its format) and then every pixel, so a truncated or
 * forged file fails here, not in a reader's browser. */
typedef enum {
  DECODED,
  NOT_AN_IMAGE,
  TOO_MANY_PIXELS,
} Decoded;

static Decoded
decode_image (const char  *path,
              const char **mime,
              int         *width,
              int         *height)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GdkPixbufFormat *format = gdk_pixbuf_get_file_info (path, width, height);
  g_autofree char *name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;

  if (g_strcmp0 (name, "jpeg") == 0)
    *mime = "image/jpeg";
  else if (g_strcmp0 (name, "png") == 0)
    *mime = "image/png";
  else
    return NOT_AN_IMAGE;
  /* The header's size first: a small file can claim a huge image. */
  if (*width > JG_PROTOCOL_MAX_IMAGE_SIDE || *height > JG_PROTOCOL_MAX_IMAGE_SIDE)
    return TOO_MANY_PIXELS;
  pixbuf = gdk_pixbuf_new_from_file (path, NULL);
  if (pixbuf == NULL)
    return NOT_AN_IMAGE;
  *width = gdk_pixbuf_get_width (pixbuf);
  *height = gdk_pixbuf_get_height (pixbuf);
  return DECODED;
}

/* Runs @sql with ?1 = @sha256 and, if it has them, ?2 = @a, ?3 = @b
 * (binding a parameter a statement lacks is a harmless SQLITE_RANGE). */
static gboolean
exec_bound (JgServer    *self,
            const char  *sql,
            const char  *sha256,
            gint64       a,
            gint64       b,
            GError     **error)
{
  sqlite3_stmt *stmt = jg_server_db_prepare_cached (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, a);
  sqlite3_bind_int64 (stmt, 3, b);
  return jg_server_db_step_done (self->db, stmt, IMAGE_FAILED, error);
}

/* Undoes a chunk whose transaction failed: the final file (when the
 * upload had been moved there, @moved) back to the partial one, then the
 * partial file cut back to the @received bytes it had (none: removed),
 * so that its length is again what the server has received. */
static void
cut_back (const char *partial,
          const char *final,
          gboolean    moved,
          gint64      received)
{
  if (moved && g_rename (final, partial) != 0)
    g_warning ("Could not move %s back: %s", final, g_strerror (errno));
  if (received == 0)
    g_unlink (partial);
  else if (truncate (partial, (off_t) received) != 0 && errno != ENOENT)
    g_warning ("Could not cut %s back to %" G_GINT64_FORMAT " bytes: %s",
               partial, received, g_strerror (errno));
}

/* Appends @data to the partial file. What a failed write (a full disk, a
 * file-size limit) left of it the caller cuts off again (cut_back). */
static gboolean
append_bytes (const char  *partial,
              const char  *data,
              gsize        length,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (partial);
  gsize done = 0;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return jg_server_db_file_failed (error, errno, "Could not make", dir);
  fd = g_open (partial, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    return jg_server_db_file_failed (error, errno, "Could not write", partial);
  while (done < length)
    {
      gssize n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;

          close (fd);
          return jg_server_db_file_failed (error, saved, "Could not write", partial);
        }
      done += (gsize) n;
    }
  if (close (fd) != 0)
    return jg_server_db_file_failed (error, errno, "Could not write", partial);
  return TRUE;
}

/* The last byte is in: verify, then move the file to its name (@moved).
 * A file that is not the image announced is dropped whole, and
 * @rejection says why (the 422's message). */
static gboolean
finish_upload (JgServer    *self,
               const char  *sha256,
               const char  *partial,
               const char  *final,
               gint64       total,
               gboolean    *moved,
               char       **rejection,
               GError     **error)
{
  g_autofree char *digest = file_sha256 (partial, error);
  g_autofree char *shard = g_path_get_dirname (final);
  const char *mime = NULL;
  int width = 0, height = 0;
  Decoded decoded = NOT_AN_IMAGE;
  sqlite3_stmt *stmt;

  if (digest == NULL)
    return FALSE;
  if (strcmp (digest, sha256) != 0 ||
      (decoded = decode_image (partial, &mime, &width, &height)) != DECODED)
    {
      if (strcmp (digest, sha256) != 0)
        *rejection = g_strdup_printf ("The bytes' SHA-256 is %s, not %s: the upload was dropped",
                                      digest, sha256);
      else if (decoded == TOO_MANY_PIXELS)
        *rejection = g_strdup_printf ("The image is %d × %d pixels; its longest side may be at"
                                      " most %d: the upload was dropped",
                                      width, height, JG_PROTOCOL_MAX_IMAGE_SIDE);
      else
        *rejection = g_strdup ("The bytes are not a JPEG or PNG image: the upload was dropped");
      /* Dropped whole: the next try starts again at 0. */
      g_unlink (partial);
      return exec_bound (self, "UPDATE image SET received = 0 WHERE sha256 = ?1",
                         sha256, 0, 0, error);
    }
  if (g_mkdir_with_parents (shard, 0700) != 0)
    return jg_server_db_file_failed (error, errno, "Could not make", shard);
  if (g_rename (partial, final) != 0)
    return jg_server_db_file_failed (error, errno, "Could not move the image to", final);
  *moved = TRUE;
  stmt = jg_server_db_prepare_cached (self->db,
                                      "UPDATE image SET complete = 1, received = ?2, size = ?2,"
                                      " mime = ?3, width = ?4, height = ?5 WHERE sha256 = ?1",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, total);
  sqlite3_bind_text (stmt, 3, mime, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, width);
  sqlite3_bind_int (stmt, 5, height);
  return jg_server_db_step_done (self->db, stmt, IMAGE_FAILED, error);
}

/* One chunk, inside the request's transaction: the rows (the first names
 * the announced size), the bytes, and on the last byte the image
 * verified and moved to its name. */
static gboolean
store_chunk (JgServer         *self,
             JgServerAccount  *account,
             const char       *sha256,
             const char       *data,
             gsize             length,
             gint64            received,
             gint64            total,
             const char       *partial,
             const char       *final,
             gboolean         *moved,
             char            **rejection,
             GError          **error)
{
  sqlite3_stmt *stmt;

  if (!exec_bound (self, "INSERT INTO image (sha256, size, received, created_at)"
                   " VALUES (?1, ?2, 0, ?3) ON CONFLICT (sha256) DO UPDATE SET size = ?2",
                   sha256, total, jg_server_now (self), error))
    return FALSE;
  stmt = jg_server_db_prepare_cached (self->db, "INSERT OR IGNORE INTO image_owner"
                                      " (sha256, department) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account->department, -1, SQLITE_TRANSIENT);
  if (!jg_server_db_step_done (self->db, stmt, IMAGE_FAILED, error) ||
      !append_bytes (partial, data, length, error) ||
      !exec_bound (self, "UPDATE image SET received = ?2 WHERE sha256 = ?1",
                   sha256, received + (gint64) length, 0, error))
    return FALSE;
  if (received + (gint64) length == total)
    return finish_upload (self, sha256, partial, final, total, moved, rejection, error);
  return TRUE;
}

static void
put_chunk (JgServer          *self,
           SoupServerMessage *msg,
           JgServerAccount   *account,
           const char        *sha256)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  g_autofree char *partial = partial_path (self, sha256);
  g_autofree char *final = image_path (self, sha256);
  g_autofree char *mime = NULL;
  g_autofree char *rejection = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  goffset start = 0, end = (goffset) length - 1, total = (goffset) length;
  gint64 received;
  gboolean moved = FALSE;
  Row row;

  if (strcmp (account->role, ROLE_ADMIN) != 0)
    {
      jg_server_log ("FORBIDDEN user=%s department=%s wanted=upload-image (role %s)",
                     account->username, account->department, account->role);
      jg_server_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "Only an admin account may upload images");
      return;
    }
  if (!read_row (self, sha256, &row, &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }
  mime = row.mime;
  if (row.complete)
    {
      /* A retry: the server has it; nothing is read. */
      reply_upload_state (msg, self, sha256, row.size, row.size);
      return;
    }
  if (soup_message_headers_get_one (headers, "Content-Range") != NULL &&
      !soup_message_headers_get_content_range (headers, &start, &end, &total))
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "Content-Range must be \"bytes A-B/TOTAL\"");
      return;
    }
  if (total > JG_PROTOCOL_MAX_IMAGE_BYTES || (gint64) length > JG_PROTOCOL_MAX_IMAGE_BYTES)
    {
      jg_server_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                             "An image may have at most %d bytes (10 MiB); this one has %"
                             G_GINT64_FORMAT, JG_PROTOCOL_MAX_IMAGE_BYTES, (gint64) total);
      return;
    }
  if (total <= 0 || start < 0 || end < start || end >= total ||
      (gint64) length != (gint64) (end - start + 1))
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "The body must hold the bytes of Content-Range: %" G_GSIZE_FORMAT
                             " bytes for bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "/%"
                             G_GINT64_FORMAT, length, (gint64) start, (gint64) end, (gint64) total);
      return;
    }
  received = received_bytes (self, sha256);
  if (row.found && received > 0 && row.size != total)
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "The upload of this image announced %" G_GINT64_FORMAT
                             " bytes, not %" G_GINT64_FORMAT, row.size, (gint64) total);
      return;
    }
  if (start != received)
    {
      g_autofree char *why = g_strdup_printf ("The server has %" G_GINT64_FORMAT " bytes of this"
                                              " image; send the bytes from there", received);
      reply_offset (msg, SOUP_STATUS_CONFLICT, "conflict", received, why);
      return;
    }

  /* A chunk is stored whole or not at all (PROTOCOL.md, "When the
   * server's disk is full"): its rows and its bytes commit together, and
   * the bytes are cut off again when the transaction fails. */
  if (!jg_server_db_exec (self->db, "BEGIN IMMEDIATE", &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }
  if (!store_chunk (self, account, sha256, data, length, received, total, partial, final,
                    &moved, &rejection, &error) ||
      !jg_server_db_exec (self->db, "COMMIT", &error))
    {
      jg_server_db_rollback (self->db);
      cut_back (partial, final, moved, received);
      jg_server_reply_server_error (msg, error);
      return;
    }
  if (rejection != NULL)
    jg_server_reply_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "unprocessable", "%s", rejection);
  else
    reply_upload_state (msg, self, sha256, received + (gint64) length, total);
}

void
jg_server_answer_image (JgServer          *self,
                        SoupServerMessage *msg,
                        JgServerAccount   *account,
                        const char        *sha256)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *method = soup_server_message_get_method (msg);
  gboolean allowed = FALSE;
  Row row;

  if (!jg_server_is_sha256 (sha256))
    {
      g_autofree char *shown = jg_server_clip (sha256);

      jg_server_reply_error (msg, account != NULL ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_NOT_FOUND,
                             account != NULL ? "bad-request" : "not-found",
                             "An image is named by 64 lowercase hex digits, not \"%s\"", shown);
      return;
    }
  if (account != NULL && strcmp (method, SOUP_METHOD_PUT) == 0)
    {
      put_chunk (self, msg, account, sha256);
      return;
    }
  if (!read_row (self, sha256, &row, &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }
  path = image_path (self, sha256);

  if (account == NULL)
    {
      /* The public column's images only. */
      if (row.complete && !jg_server_posts_image_is_public (self->db, sha256, &allowed, &error))
        {
          g_free (row.mime);
          jg_server_reply_server_error (msg, error);
          return;
        }
      if (allowed)
        reply_content (msg, path, row.mime, "no-cache");
      else
        jg_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such image: %s", sha256);
      g_free (row.mime);
      return;
    }

  if (!row.complete)
    {
      g_free (row.mime);
      if (strcmp (method, SOUP_METHOD_HEAD) == 0)
        reply_offset (msg, SOUP_STATUS_NOT_FOUND, "not-found", received_bytes (self, sha256),
                      "The server does not have this image complete");
      else
        jg_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such image: %s", sha256);
      return;
    }
  if (strcmp (method, SOUP_METHOD_HEAD) == 0)
    {
      /* Whether to upload: the hash names the bytes, so saying that the
       * server has them tells nothing to whoever does not have them. */
      reply_content (msg, path, row.mime, "no-cache");
      g_free (row.mime);
      return;
    }
  if (!jg_server_posts_image_is_readable (self->db, sha256, account->department, &allowed, &error))
    {
      g_free (row.mime);
      jg_server_reply_server_error (msg, error);
      return;
    }
  if (allowed)
    reply_content (msg, path, row.mime, "private, no-cache");
  else
    {
      jg_server_account_log_forbidden (account, "image");
      jg_server_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "The image belongs to another department");
    }
  g_free (row.mime);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
jg_server_images_remove_all (const char *dir)
{
  g_autofree char *images = g_build_filename (dir, IMAGES_DIR, NULL);

  remove_tree (images);
}
