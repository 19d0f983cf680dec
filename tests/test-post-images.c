/* test-post-images.c — images given to a post: re-encoded without their
 * metadata, at most 2,560 px, stored once per content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <locale.h>
#include <string.h>

#include "jg-paths.h"
#include "jg-post-images.h"
#include "jg-post-html.h"
#include "jg-post-move.h"
#include "jg-record-store.h"
#include "jg-test-util.h"

/* In the hand-made EXIF block: the GPS latitude reference and a text that
 * must not survive (as a camera writes its maker and place). */
#define SECRET_TEXT "JG-SECRET-PLACE"
#define EXIF_ORIENTATION_RIGHT_TOP 6   /* stored on its side: turn 90° */

typedef struct {
  char        *dir;
  char        *images;
  JgStore     *store;
  JgPostStore *posts;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = jg_test_make_tmpdir ("post-images");
  path = g_build_filename (f->dir, "jianguan.db", NULL);
  f->store = jg_store_open (path, &error);
  g_assert_no_error (error);
  f->posts = jg_post_store_new (f->store);
  f->images = jg_paths_images_for_database (path);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->posts);
  g_clear_object (&f->store);
  g_free (f->images);
  g_free (f->dir);
}

static GBytes *
encode (GdkPixbuf  *pixbuf,
        const char *type)
{
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize length = 0;

  if (g_str_equal (type, "jpeg"))
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, type, &error, "quality", "90", NULL);
  else
    gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, type, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, length);
}

static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);

  gdk_pixbuf_fill (pixbuf, alpha ? 0x33669980 : 0x336699ff);
  return pixbuf;
}

static GBytes *
make_jpeg (int width,
           int height)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (width, height, FALSE);
  return encode (pixbuf, "jpeg");
}

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value & 0xff, (value >> 8) & 0xff };
  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };
  g_byte_array_append (out, b, 4);
}

static void
entry (GByteArray *out,
       guint       tag,
       guint       type,
       guint32     count,
       guint32     value)
{
  put16 (out, tag);
  put16 (out, type);
  put32 (out, count);
  put32 (out, value);
}

/* @jpeg with an APP1 Exif segment right after its SOI, written by hand
 * (little-endian TIFF): IFD0 with the orientation, an ImageDescription and
 * the GPS IFD pointer; the GPS IFD with the latitude reference "N" and the
 * latitude 23°32'10" (Jieyang). */
static GBytes *
add_exif (GBytes *jpeg)
{
  g_autoptr(GByteArray) tiff = g_byte_array_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *data;
  gsize size;
  guint8 marker[4] = { 0xff, 0xe1, 0, 0 };
  guint segment;
  /* Offsets from the TIFF header: IFD0 at 8 (3 entries: 2 + 36 + 4 = 42
   * bytes), the description at 50, the GPS IFD after it (2 entries:
   * 2 + 24 + 4 = 30 bytes), then the latitude's three rationals. */
  const guint32 description = 50;
  const guint32 gps_ifd = description + sizeof SECRET_TEXT;
  const guint32 latitude = gps_ifd + 30;

  g_byte_array_append (tiff, (const guint8 *) "II*\0", 4);
  put32 (tiff, 8);
  put16 (tiff, 3);
  entry (tiff, 0x010e, 2, sizeof SECRET_TEXT, description);     /* ImageDescription */
  entry (tiff, 0x0112, 3, 1, EXIF_ORIENTATION_RIGHT_TOP);         /* Orientation */
  entry (tiff, 0x8825, 4, 1, gps_ifd);                            /* GPSInfo */
  put32 (tiff, 0);
  g_byte_array_set_size (tiff, description);
  g_byte_array_append (tiff, (const guint8 *) SECRET_TEXT, sizeof SECRET_TEXT);
  put16 (tiff, 2);
  entry (tiff, 0x0001, 2, 2, 'N');                                 /* GPSLatitudeRef */
  entry (tiff, 0x0002, 5, 3, latitude);                            /* GPSLatitude */
  put32 (tiff, 0);
  put32 (tiff, 23); put32 (tiff, 1);
  put32 (tiff, 32); put32 (tiff, 1);
  put32 (tiff, 10); put32 (tiff, 1);

  data = g_bytes_get_data (jpeg, &size);
  segment = 2 + 6 + tiff->len;
  marker[2] = segment >> 8;
  marker[3] = segment & 0xff;
  g_byte_array_append (out, data, 2);                              /* SOI */
  g_byte_array_append (out, marker, 4);
  g_byte_array_append (out, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (out, tiff->data, tiff->len);
  g_byte_array_append (out, data + 2, size - 2);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Whether the JPEG @data has an APP1 segment (EXIF, XMP) before its image
 * data. */
static gboolean
has_app1 (const guint8 *data,
          gsize         size)
{
  gsize pos = 2;

  while (pos + 4 <= size && data[pos] == 0xff)
    {
      guint8 marker = data[pos + 1];
      gsize length = (data[pos + 2] << 8) | data[pos + 3];

      if (marker == 0xe1)
        return TRUE;
      if (marker == 0xda)   /* start of scan: the image data */
        return FALSE;
      pos += 2 + length;
    }
  return FALSE;
}

/* Whether @needle occurs in @data (binary: memmem is a GNU extension). */
static gboolean
contains (const guint8 *data,
          gsize         size,
          const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= size; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static GBytes *
read_stored (Fixture         *f,
             const char      *sha256,
             JgPostImageInfo **info_out)
{
  g_autoptr(GError) error = NULL;
  JgPostImageInfo *info = jg_post_images_lookup (f->posts, sha256, &error);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (info->path, &contents, &length, &error));
  g_assert_cmpuint (length, ==, info->size);
  *info_out = info;
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      n += g_file_test (child, G_FILE_TEST_IS_DIR) ? count_files (child) : 1;
    }
  return n;
}

static guint
count_rows (Fixture *f)
{
  g_autofree char *text = jg_test_query_text (f->store, "SELECT count(*) FROM post_image", NULL);
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

static void
test_metadata_stripped (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) plain = make_jpeg (300, 200);
  g_autoptr(GBytes) source = add_exif (plain);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(JgPostImageInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  const guint8 *bytes;
  gsize size;

  /* The source really carries it, as a camera's photo does. */
  bytes = g_bytes_get_data (source, &size);
  g_assert_true (has_app1 (bytes, size));
  g_assert_true (contains (bytes, size, SECRET_TEXT));

  sha256 = jg_post_images_import (f->posts, source, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (sha256), ==, 64);
  stored = read_stored (f, sha256, &info);
  bytes = g_bytes_get_data (stored, &size);
  g_assert_cmpstr (info->mime, ==, "image/jpeg");
  g_assert_true (g_str_has_suffix (info->path, ".jpg"));
  g_assert_false (has_app1 (bytes, size));
  g_assert_false (contains (bytes, size, "Exif"));
  g_assert_false (contains (bytes, size, SECRET_TEXT));
  /* Turned upright first: it was stored on its side. */
  g_assert_cmpint (info->width, ==, 200);
  g_assert_cmpint (info->height, ==, 300);
  g_assert_cmpstr (info->upload_state, ==, "local");
}

static void
test_scaled (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) source = make_jpeg (3000, 2000);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(JgPostImageInfo) info = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  GdkPixbuf *pixbuf;

  sha256 = jg_post_images_import (f->posts, source, &error);
  g_assert_no_error (error);
  stored = read_stored (f, sha256, &info);
  g_assert_cmpint (info->width, ==, 2560);
  g_assert_cmpint (info->height, ==, 1707);
  /* The file says the same as the row. */
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, stored, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 2560);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 1707);
}

static void
test_stored_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) source = make_jpeg (640, 480);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *fanout = NULL;

  first = jg_post_images_import (f->posts, source, &error);
  g_assert_no_error (error);
  second = jg_post_images_import (f->posts, source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (count_files (f->images), ==, 1);
  g_assert_cmpuint (count_rows (f), ==, 1);
  /* Content-addressed: images/<first 2 hex>/<sha256>.jpg. */
  fanout = g_strndup (first, 2);
  {
    g_autofree char *name = g_strconcat (first, ".jpg", NULL);
    g_autofree char *path = g_build_filename (f->images, fanout, name, NULL);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_not_an_image (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("检查记录：一切正常。\n", strlen ("检查记录：一切正常。\n"));
  g_autoptr(GBytes) plain = make_jpeg (64, 64);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (plain, 0, g_bytes_get_size (plain) / 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *from_truncated = NULL;

  sha256 = jg_post_images_import (f->posts, text, &error);
  g_assert_null (sha256);
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE);
  g_assert_nonnull (strstr (error->message, "Nothing was added"));
  g_clear_error (&error);
  from_truncated = jg_post_images_import (f->posts, truncated, &error);
  g_assert_null (from_truncated);
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE);
  g_assert_cmpuint (count_rows (f), ==, 0);
  g_assert_cmpuint (count_files (f->images), ==, 0);
}

static void
test_png_alpha (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GdkPixbuf) transparent = make_pixbuf (120, 80, TRUE);
  g_autoptr(GdkPixbuf) opaque = make_pixbuf (120, 80, FALSE);
  g_autoptr(GBytes) with_alpha = NULL;
  g_autoptr(GBytes) without_alpha = encode (opaque, "png");
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(JgPostImageInfo) info = NULL;
  g_autoptr(JgPostImageInfo) opaque_info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *opaque_sha = NULL;
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  /* A PNG carries text chunks (a place, a camera): they do not survive. */
  {
    gchar *buffer = NULL;
    gsize length = 0;

    g_assert_true (gdk_pixbuf_save_to_buffer (transparent, &buffer, &length, "png", &error,
                                              "tEXt::Location", SECRET_TEXT, NULL));
    with_alpha = g_bytes_new_take (buffer, length);
    g_assert_true (contains (g_bytes_get_data (with_alpha, NULL), length, SECRET_TEXT));
  }
  sha256 = jg_post_images_import (f->posts, with_alpha, &error);
  g_assert_no_error (error);
  stored = read_stored (f, sha256, &info);
  g_assert_false (contains (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), SECRET_TEXT));
  g_assert_false (contains (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), "tEXt"));
  g_assert_cmpstr (info->mime, ==, "image/png");
  g_assert_true (g_str_has_suffix (info->path, ".png"));
  g_assert_cmpmem (g_bytes_get_data (stored, NULL), sizeof png_signature, png_signature, sizeof png_signature);

  /* Without transparency a PNG photograph becomes a JPEG. */
  opaque_sha = jg_post_images_import (f->posts, without_alpha, &error);
  g_assert_no_error (error);
  opaque_info = jg_post_images_lookup (f->posts, opaque_sha, &error);
  g_assert_cmpstr (opaque_info->mime, ==, "image/jpeg");
}

static void
import_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static void
test_import_file_async (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) source = make_jpeg (800, 600);
  g_autofree char *path = g_build_filename (f->dir, "照片.jpg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JgPostImageInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (source, NULL), g_bytes_get_size (source), &error));
  jg_post_images_import_async (f->posts, NULL, file, NULL, import_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sha256 = jg_post_images_import_finish (f->posts, result, &error);
  g_assert_no_error (error);
  info = jg_post_images_lookup (f->posts, sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->width, ==, 800);
}

/* A post with @sha256's image in its body. */
static JgPost *
post_with_image (const char *sha256)
{
  JgPost *post = jg_post_new (JG_POST_DYNAMICS, "D1");
  g_autofree char *body = g_strdup_printf ("<p>检查现场。</p><figure><img src=\"" JG_POST_IMAGE_SCHEME "%s\""
                                           " alt=\"执法人员查看冷库温度记录\"><figcaption>冷库检查</figcaption>"
                                           "</figure>", sha256);

  jg_post_set (post, "title", "冷库专项检查");
  jg_post_set (post, "body", body);
  jg_post_set (post, "source_department", "D1");
  jg_post_set (post, "author", "张三");
  return post;
}

/* A post is submitted only when each of its images is stored here and
 * none failed to upload. */
static void
test_submit_needs_images (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) source = make_jpeg (320, 240);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = jg_post_images_import (f->posts, source, &error);
  g_autofree char *missing = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "not stored", -1);
  g_autoptr(JgPost) good = post_with_image (sha256);
  g_autoptr(JgPost) lost = post_with_image (missing);
  g_autoptr(JgPost) failed = post_with_image (sha256);
  g_autofree char *uses = NULL;

  g_assert_no_error (error);
  jg_record_store_set_department (f->store, "D1", &error);
  g_assert_true (jg_post_store_save (f->posts, lost, &error));
  g_assert_false (jg_post_store_submit (f->posts, jg_post_get_uuid (lost), "2026-11-20", &error));
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE);
  g_clear_error (&error);

  g_assert_true (jg_post_store_save (f->posts, good, &error));
  uses = jg_test_query_text (f->store, "SELECT group_concat (sha256) FROM post_image_use WHERE uuid = ?1",
                             jg_post_get_uuid (good));
  g_assert_cmpstr (uses, ==, sha256);
  g_assert_true (jg_post_store_submit (f->posts, jg_post_get_uuid (good), "2026-11-20", &error));
  g_assert_no_error (error);

  /* What the sync uploads before the post, and when it may send it. */
  {
    g_autoptr(GPtrArray) images = jg_post_images_list_for_post (f->posts, jg_post_get_uuid (good), &error);
    gboolean all_uploaded = TRUE;

    g_assert_no_error (error);
    g_assert_cmpuint (images->len, ==, 1);
    g_assert_cmpstr (((JgPostImageInfo *) images->pdata[0])->sha256, ==, sha256);
    g_assert_true (g_file_test (((JgPostImageInfo *) images->pdata[0])->path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (jg_post_images_all_uploaded (f->posts, jg_post_get_uuid (good), &all_uploaded, &error));
    g_assert_false (all_uploaded);
    g_assert_true (jg_post_images_set_upload (f->posts, sha256, "uploaded", 0, NULL, &error));
    g_assert_true (jg_post_images_all_uploaded (f->posts, jg_post_get_uuid (good), &all_uploaded, &error));
    g_assert_true (all_uploaded);
  }

  g_assert_true (jg_post_images_set_upload (f->posts, sha256, "failed", 0, "413", &error));
  g_assert_true (jg_post_store_save (f->posts, failed, &error));
  g_assert_false (jg_post_store_submit (f->posts, jg_post_get_uuid (failed), "2026-11-20", &error));
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE);
}

/* A draft written signed out, with its picture, moves into the account
 * at sign-in, once. */
static void
test_move_drafts (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *signed_out_dir = jg_test_make_tmpdir ("post-images-signed-out");
  g_autofree char *signed_out_path = g_build_filename (signed_out_dir, "jianguan.db", NULL);
  g_autoptr(JgStore) signed_out = NULL;
  g_autoptr(JgPostStore) offline = NULL;
  g_autoptr(GBytes) source = make_jpeg (320, 240);
  g_autoptr(JgPost) draft = NULL;
  g_autoptr(JgPost) moved_post = NULL;
  g_autoptr(JgPostImageInfo) info = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *left = NULL;
  guint moved = 0;

  signed_out = jg_store_open (signed_out_path, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (signed_out, "D1", &error);
  jg_record_store_set_department (f->store, "D1", &error);
  offline = jg_post_store_new (signed_out);
  sha256 = jg_post_images_import (offline, source, &error);
  g_assert_no_error (error);
  draft = post_with_image (sha256);
  g_assert_true (jg_post_store_save (offline, draft, &error));

  g_assert_true (jg_post_store_move_drafts (signed_out, f->posts, &moved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, 1);
  moved_post = jg_post_store_load (f->posts, jg_post_get_uuid (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_post_get (moved_post, "title"), ==, "冷库专项检查");
  info = jg_post_images_lookup (f->posts, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (info->path, f->images));
  audit = jg_post_store_audit (f->posts, jg_post_get_uuid (draft), &error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpstr (((JgAuditEntry *) audit->pdata[1])->action, ==, "move");
  left = jg_test_query_text (signed_out, "SELECT count(*) FROM post", NULL);
  g_assert_cmpstr (left, ==, "0");

  g_assert_true (jg_post_store_move_drafts (signed_out, f->posts, &moved, &error));
  g_assert_cmpuint (moved, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/post-images/metadata-stripped", Fixture, NULL, set_up, test_metadata_stripped, tear_down);
  g_test_add ("/post-images/scaled", Fixture, NULL, set_up, test_scaled, tear_down);
  g_test_add ("/post-images/stored-once", Fixture, NULL, set_up, test_stored_once, tear_down);
  g_test_add ("/post-images/not-an-image", Fixture, NULL, set_up, test_not_an_image, tear_down);
  g_test_add ("/post-images/png-alpha", Fixture, NULL, set_up, test_png_alpha, tear_down);
  g_test_add ("/post-images/submit-needs-images", Fixture, NULL, set_up, test_submit_needs_images, tear_down);
  g_test_add ("/post-images/move-drafts", Fixture, NULL, set_up, test_move_drafts, tear_down);
  g_test_add ("/post-images/import-file-async", Fixture, NULL, set_up, test_import_file_async, tear_down);

  return g_test_run ();
}
