/* jg-post-figure.c — an image of a post with its caption below
 *
 * What the body editor shows at an image's place in the text and what the
 * preview shows in the column: the picture, scaled down to at most
 * FIGURE_MAX_WIDTH pixels wide (images are stored up to 2,560 px), and its
 * caption centred under it. The figure is one accessible image named by
 * its alternative text, so that a screen reader reads what the portal's
 * `alt` will say; the caption is its description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-post-figure.h"
#include "jg-post-images.h"

#define FIGURE_MAX_WIDTH JG_POST_FIGURE_MAX_WIDTH
/* A texture wider than this many times the figure is scaled down once:
 * the renderer would otherwise scale all of it at every frame, which with
 * the cairo renderer costs a keystroke 100 ms on a body with 20 photos. */
#define DOWNSCALE_FACTOR 2
/* The width of the caption and the warning, in characters, at most:
 * under a narrow picture they would otherwise wrap every few words. */
#define TEXT_WIDTH_CHARS 30
/* The placeholder of an image that cannot be read. */
#define PLACEHOLDER_SIZE 96

struct _JgPostFigure
{
  GtkWidget parent_instance;

  GtkWidget *picture;
  GtkWidget *caption_label;
  GtkWidget *warning_label;

  GdkPaintable *paintable;
  char *alt;
  char *caption;
  char *warning;
};

G_DEFINE_FINAL_TYPE (JgPostFigure, jg_post_figure, GTK_TYPE_WIDGET)

static void
update_accessible (JgPostFigure *self)
{
  const char *alt = self->alt != NULL && *self->alt != '\0' ? self->alt
                                                             : _("Image without alternative text");
  g_autofree char *description = g_strjoin ("\n", self->caption != NULL ? self->caption : "",
                                            self->warning != NULL ? self->warning : "", NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, alt,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, g_strstrip (description),
                                  -1);
}

static void
set_text (GtkWidget  *label,
          const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_label_set_width_chars (GTK_LABEL (label),
                             MIN ((int) g_utf8_strlen (text != NULL ? text : "", -1), TEXT_WIDTH_CHARS));
}

/* @texture at most @width pixels wide (a new reference). */
static GdkPaintable *
downscaled (GdkTexture *texture,
            int         width)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;

  if (w <= width)
    return g_object_ref (GDK_PAINTABLE (texture));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  pixbuf = gdk_pixbuf_get_from_texture (texture);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (pixbuf == NULL)
    return g_object_ref (GDK_PAINTABLE (texture));
  scaled = gdk_pixbuf_scale_simple (pixbuf, width, MAX (1, (int) ((double) h * width / w + 0.5)),
                                    GDK_INTERP_BILINEAR);
  return GDK_PAINTABLE (gdk_texture_new_for_pixbuf (scaled));
}

void
jg_post_figure_set_paintable (JgPostFigure *self,
                              GdkPaintable *paintable)
{
  g_autoptr(GdkPaintable) small = NULL;
  int width = PLACEHOLDER_SIZE, height = PLACEHOLDER_SIZE;

  g_return_if_fail (JG_IS_POST_FIGURE (self));

  if (GDK_IS_TEXTURE (paintable))
    paintable = small = downscaled (GDK_TEXTURE (paintable), FIGURE_MAX_WIDTH * DOWNSCALE_FACTOR);

  if (paintable != NULL)
    {
      int w = gdk_paintable_get_intrinsic_width (paintable);
      int h = gdk_paintable_get_intrinsic_height (paintable);

      if (w > 0 && h > 0)
        {
          width = MIN (w, FIGURE_MAX_WIDTH);
          height = MAX (1, (int) ((double) h * width / w + 0.5));
        }
      gtk_picture_set_paintable (GTK_PICTURE (self->picture), paintable);
      gtk_widget_remove_css_class (self->picture, "dim-label");
      g_set_object (&self->paintable, paintable);
    }
  else
    {
      g_autoptr(GtkIconPaintable) icon = NULL;
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

      icon = gtk_icon_theme_lookup_icon (theme, "image-missing-symbolic", NULL, PLACEHOLDER_SIZE, 1,
                                         GTK_TEXT_DIR_NONE, 0);
      gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (icon));
      gtk_widget_add_css_class (self->picture, "dim-label");
      g_clear_object (&self->paintable);
    }
  /* A text view gives its children their natural size: the picture's
   * would be the image's own. */
  gtk_widget_set_size_request (self->picture, width, height);
}

GdkPaintable *
jg_post_figure_get_paintable (JgPostFigure *self)
{
  g_return_val_if_fail (JG_IS_POST_FIGURE (self), NULL);
  return self->paintable;
}

const char *
jg_post_figure_get_alt (JgPostFigure *self)
{
  g_return_val_if_fail (JG_IS_POST_FIGURE (self), NULL);
  return self->alt;
}

void
jg_post_figure_set_alt (JgPostFigure *self,
                        const char   *alt)
{
  g_return_if_fail (JG_IS_POST_FIGURE (self));

  g_free (self->alt);
  self->alt = g_strdup (alt);
  gtk_picture_set_alternative_text (GTK_PICTURE (self->picture), alt);
  update_accessible (self);
}

const char *
jg_post_figure_get_caption (JgPostFigure *self)
{
  g_return_val_if_fail (JG_IS_POST_FIGURE (self), NULL);
  return self->caption;
}

void
jg_post_figure_set_caption (JgPostFigure *self,
                            const char   *caption)
{
  g_return_if_fail (JG_IS_POST_FIGURE (self));

  g_free (self->caption);
  self->caption = g_strdup (caption);
  set_text (self->caption_label, caption);
  gtk_widget_set_visible (self->caption_label, caption != NULL && *caption != '\0');
  update_accessible (self);
}

void
jg_post_figure_set_warning (JgPostFigure *self,
                            const char   *warning)
{
  g_return_if_fail (JG_IS_POST_FIGURE (self));

  g_free (self->warning);
  self->warning = g_strdup (warning);
  set_text (self->warning_label, warning);
  gtk_widget_set_visible (self->warning_label, warning != NULL && *warning != '\0');
  update_accessible (self);
}

static void
jg_post_figure_dispose (GObject *object)
{
  JgPostFigure *self = JG_POST_FIGURE (object);

  g_clear_object (&self->paintable);
  g_clear_pointer (&self->picture, gtk_widget_unparent);
  g_clear_pointer (&self->caption_label, gtk_widget_unparent);
  g_clear_pointer (&self->warning_label, gtk_widget_unparent);
  G_OBJECT_CLASS (jg_post_figure_parent_class)->dispose (object);
}

static void
jg_post_figure_finalize (GObject *object)
{
  JgPostFigure *self = JG_POST_FIGURE (object);

  g_free (self->alt);
  g_free (self->caption);
  g_free (self->warning);
  G_OBJECT_CLASS (jg_post_figure_parent_class)->finalize (object);
}

static void
jg_post_figure_class_init (JgPostFigureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_post_figure_dispose;
  object_class->finalize = jg_post_figure_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "figure");
}

static void
jg_post_figure_init (JgPostFigure *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "post-figure");

  self->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_widget_set_halign (self->picture, GTK_ALIGN_CENTER);
  /* The figure speaks for both. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_parent (self->picture, GTK_WIDGET (self));

  self->caption_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->caption_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->caption_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (self->caption_label), 2 * TEXT_WIDTH_CHARS);
  gtk_label_set_justify (GTK_LABEL (self->caption_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->caption_label, "caption");
  gtk_widget_add_css_class (self->caption_label, "dim-label");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->caption_label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_visible (self->caption_label, FALSE);
  gtk_widget_set_parent (self->caption_label, GTK_WIDGET (self));

  self->warning_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->warning_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->warning_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (self->warning_label), 2 * TEXT_WIDTH_CHARS);
  gtk_label_set_justify (GTK_LABEL (self->warning_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->warning_label, "caption");
  gtk_widget_add_css_class (self->warning_label, "warning");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->warning_label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_visible (self->warning_label, FALSE);
  gtk_widget_set_parent (self->warning_label, GTK_WIDGET (self));
  update_accessible (self);
}

GtkWidget *
jg_post_figure_new (GdkPaintable *paintable,
                    const char   *alt,
                    const char   *caption)
{
  JgPostFigure *self = g_object_new (JG_TYPE_POST_FIGURE, NULL);

  jg_post_figure_set_paintable (self, paintable);
  jg_post_figure_set_alt (self, alt);
  jg_post_figure_set_caption (self, caption);
  return GTK_WIDGET (self);
}

GdkPaintable *
jg_post_figure_load_stored (JgPostStore *store,
                            const char  *sha256,
                            int          width)
{
  g_autoptr(JgPostImageInfo) info = jg_post_images_lookup (store, sha256, NULL);
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (info == NULL)
    return NULL;
  pixbuf = gdk_pixbuf_new_from_file_at_scale (info->path, width, -1, TRUE, NULL);
  return pixbuf != NULL ? GDK_PAINTABLE (gdk_texture_new_for_pixbuf (pixbuf)) : NULL;
}
