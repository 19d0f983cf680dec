/* jg-post-images.h — the images of posts: re-encoded, content-addressed
 *
 * An image given to a post (file chooser, drag and drop, paste) is decoded
 * with gdk-pixbuf, turned upright by its EXIF orientation, scaled so that
 * its longest side is at most JG_POST_IMAGE_MAX_SIDE pixels and encoded
 * again from its pixels (JPEG; PNG when the source is a PNG with alpha):
 * the stored image carries no EXIF, GPS or other metadata of the source.
 * It is stored once per content, named by the SHA-256 of the encoded bytes,
 * under the account's folder (jg_paths_images_for_database():
 * images/<first 2 hex>/<sha256>.jpg|png), so that importing it again, or a
 * retry after a crash, never makes a second copy. Its row in post_image
 * (jg-post-store.c's table, written here for it) keeps its size, type and
 * upload state for the sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-post-store.h"

G_BEGIN_DECLS

/* The longest side of a stored image, in pixels. */
#define JG_POST_IMAGE_MAX_SIDE 2560
/* The JPEG quality of stored images: photographs of inspections stay
 * sharp at about a third of the source's bytes. */
#define JG_POST_IMAGE_JPEG_QUALITY 85
/* Inputs larger than this (bytes), or with more pixels than this, are
 * refused before decoding: no camera makes them, a decompression bomb does. */
#define JG_POST_IMAGE_MAX_INPUT_BYTES (64 * 1024 * 1024)
#define JG_POST_IMAGE_MAX_SOURCE_PIXELS (120 * 1000 * 1000)

#define JG_POST_IMAGE_MIME_JPEG "image/jpeg"
#define JG_POST_IMAGE_MIME_PNG  "image/png"

/* Decodes @data, applies its orientation, scales and encodes it again
 * (see above). Pure: no file, no database. *@mime, *@width, *@height may
 * be NULL. A non-image or corrupt input fails with
 * JG_POST_STORE_ERROR_IMAGE and a translated sentence. */
GBytes     *jg_post_images_reencode_bytes  (GBytes       *data,
                                            char        **mime,
                                            int          *width,
                                            int          *height,
                                            GError      **error);

/* The content store's layout, shared with the sync's downloads
 * (jg-post-sync.c): @sha256's file relative to the database's folder
 * (`images/<2 hex>/<sha256>.jpg|.png`), and that made absolute. */
char       *jg_post_images_relative_path   (JgStore      *db,
                                            const char   *sha256,
                                            const char   *mime);
char       *jg_post_images_absolute_path   (JgStore      *db,
                                            const char   *relative);
/* Writes @encoded at @path unless a file is there already: the name is
 * the content's hash, so a file of that name holds these bytes (written
 * to a temporary file and renamed, never seen half written). */
gboolean    jg_post_images_write_file      (const char   *path,
                                            GBytes       *encoded,
                                            GError      **error);

/* Re-encodes @data and stores it (file and row) unless it is there
 * already: the stored image's SHA-256 (64 lowercase hex). Nothing is
 * stored on failure. Emits the post store's "changed" (NULL) when a row
 * was added. */
char       *jg_post_images_import          (JgPostStore  *store,
                                            GBytes       *data,
                                            GError      **error);
/* The same from a file (read here, at most JG_POST_IMAGE_MAX_INPUT_BYTES). */
char       *jg_post_images_import_file     (JgPostStore  *store,
                                            GFile        *file,
                                            GError      **error);
/* Either @data or @file (the other NULL), in a GTask thread on the post
 * store's own connection. */
void        jg_post_images_import_async    (JgPostStore         *store,
                                            GBytes              *data,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char       *jg_post_images_import_finish   (JgPostStore  *store,
                                            GAsyncResult *result,
                                            GError      **error);

typedef struct {
  char    *sha256;
  char    *path;           /* absolute, for the editor and the upload */
  char    *mime;
  int      width;
  int      height;
  guint64  size;           /* bytes */
  char    *upload_state;   /* "local", "uploading", "uploaded", "failed" */
  guint64  uploaded_bytes; /* what the server has of a resumed upload */
  char    *error;          /* why the upload failed, or NULL */
} JgPostImageInfo;

void        jg_post_image_info_free        (JgPostImageInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgPostImageInfo, jg_post_image_info_free)

/* The stored image @sha256, or NULL (JG_POST_STORE_ERROR_NOT_FOUND) when
 * there is none or its file is gone. */
JgPostImageInfo *jg_post_images_lookup     (JgPostStore  *store,
                                            const char   *sha256,
                                            GError      **error);

/* The images @uuid's post shows, in order (JgPostImageInfo*; one whose
 * row or file is missing has only its sha256 and upload_state "missing"):
 * what the sync uploads before the post. */
GPtrArray  *jg_post_images_list_for_post   (JgPostStore  *store,
                                            const char   *uuid,
                                            GError      **error);
/* Whether every image of @uuid's post is on the server: the post is sent
 * only then. */
gboolean    jg_post_images_all_uploaded    (JgPostStore  *store,
                                            const char   *uuid,
                                            gboolean     *all_uploaded,
                                            GError      **error);

/* For the sync's uploads: the state of @sha256's upload; @error_text
 * for "failed" (a post with a failed image cannot be submitted). */
gboolean    jg_post_images_set_upload      (JgPostStore  *store,
                                            const char   *sha256,
                                            const char   *upload_state,
                                            guint64       uploaded_bytes,
                                            const char   *error_text,
                                            GError      **error);

G_END_DECLS
