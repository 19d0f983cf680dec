/* fuzz-post-image.c — libFuzzer target for the image path of posts
 *
 * Any bytes go through jg_post_images_reencode_bytes() (gdk-pixbuf's
 * decoders, the orientation, the scaling, the encoders): it either fails
 * with an error or gives an image of at most JG_POST_IMAGE_MAX_SIDE
 * pixels, JPEG or PNG, that decodes again to the size it announced.
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"), or
 * `jianguan-bench fuzz --target post-image`.
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
