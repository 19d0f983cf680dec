/* fuzz-post-image.c — libFuzzer target for the image path of posts
 *
 * Any bytes go through jg_post_images_reencode_bytes() (gdk-pixbuf's
 * decoders, the orientation, the scaling, the encoders): it either fails
 * with an error or gives an image of at most JG_POST_IMAGE_MAX_SIDE
 * pixels, JPEG or PNG, that decodes again to the size it announced.
 *
 * Build with clang for fuzzing (from tests/fuzz, after a meson build in
 * ../../build for config.h and the core library; only this target and
 * jg-post-images.c are instrumented, the decoders are the system's):
 *   clang -g -O1 -fsanitize=fuzzer,address -I../../build -I../../src/core/posts \
 *     -I../../src/core/base -I../../src/core/rules fuzz-post-image.c \
 *     ../../src/core/posts/jg-post-images.c ../../build/src/core/libjianguan-core.a \
 *     ../../build/src/core/rules/libjianguan-rules.a \
 *     $(pkg-config --cflags --libs gdk-pixbuf-2.0 gio-2.0 json-glib-1.0 sqlite3 libxml-2.0 \
 *       libsecret-1 libsoup-3.0 yajl libzip) -lxlsxwriter -lcsv -lm -o /tmp/fuzz-post-image
 *   mkdir -p /tmp/corpus-post-image && G_DEBUG=fatal-criticals \
 *     /tmp/fuzz-post-image -max_len=65536 -timeout=20 /tmp/corpus-post-image corpus-post-image/
 * (libFuzzer writes what it finds into the first directory it is given:
 * keep that one out of the source tree.)
 * The meson build links the same target with fuzz-main.c, which replays the
 * corpus (tests/fuzz/corpus-post-image) as a regular test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdint.h>
#include <string.h>

#include "jg-post-images.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  GdkPixbuf *pixbuf;
  int width = 0, height = 0;

  output = jg_post_images_reencode_bytes (input, &mime, &width, &height, &error);
  if (output == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == JG_POST_STORE_ERROR);
      return 0;
    }
  g_assert (error == NULL);
  g_assert (g_str_equal (mime, JG_POST_IMAGE_MIME_JPEG) || g_str_equal (mime, JG_POST_IMAGE_MIME_PNG));
  g_assert (width > 0 && height > 0);
  g_assert (width <= JG_POST_IMAGE_MAX_SIDE && height <= JG_POST_IMAGE_MAX_SIDE);

  loader = gdk_pixbuf_loader_new ();
  g_assert (gdk_pixbuf_loader_write_bytes (loader, output, NULL));
  g_assert (gdk_pixbuf_loader_close (loader, NULL));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert (gdk_pixbuf_get_width (pixbuf) == width);
  g_assert (gdk_pixbuf_get_height (pixbuf) == height);
  return 0;
}
