/* jg-post-preview.c — a post as the portal's column will show it
 *
 * The column's article layout: the title centred, the line of source
 * department and publication date under it, the summary set apart, then the
 * body, its subheadings, lists with their bullets and numbers, and images
 * with their captions (JgPostFigure, as in the editor). Read-only; the text
 * can be selected. The editor shows it beside the body and rebuilds it
 * when the post changes (it is a few dozen widgets, built in a millisecond
 * or two).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jg-post-preview.h"

/* The column's measure, in pixels. */
#define COLUMN_WIDTH 720
#define LIST_INDENT 24
#define BLOCK_SPACING 12

struct _JgPostPreview
{
  GtkWidget parent_instance;

  GtkWidget *scrolled;
  GtkWidget *clamp;

  JgPostImageLoader loader;
  gpointer loader_data;
  GDestroyNotify loader_destroy;
};

G_DEFINE_FINAL_TYPE (JgPostPreview, jg_post_preview, GTK_TYPE_WIDGET)

static gboolean
is_set (const char *s)
{
  return s != NULL && *s != '\0';
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
runs_label (const JgPostBlock *block,
            const char        *css_class)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  GtkWidget *label = text_label (NULL, css_class);

  for (guint i = 0; i < block->runs->len; i++)
    {
      const JgPostRun *run = block->runs->pdata[i];
      g_autofree char *escaped = g_markup_escape_text (run->text, -1);

      g_string_append_printf (markup, run->bold ? "<b>%s</b>" : "%s", escaped);
    }
  gtk_label_set_markup (GTK_LABEL (label), markup->str);
  return label;
}

static GtkWidget *
list_item (const JgPostBlock *block,
           const char        *marker)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *bullet = gtk_label_new (marker);
  GtkWidget *text = runs_label (block, NULL);

  gtk_widget_set_margin_start (box, LIST_INDENT);
  gtk_widget_set_valign (bullet, GTK_ALIGN_START);
  /* The text alone is read; the list's order is in the text's place. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (bullet), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), bullet);
  gtk_box_append (GTK_BOX (box), text);
  return box;
}

void
jg_post_preview_show (JgPostPreview   *self,
                      const char      *title,
                      const char      *department,
                      const char      *date,
                      const char      *summary,
                      const JgPostDoc *body)
{
  GtkWidget *box, *label;
  g_autoptr(GString) meta = g_string_new (NULL);
  int number = 0;

  g_return_if_fail (JG_IS_POST_PREVIEW (self));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, BLOCK_SPACING);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = text_label (is_set (title) ? title : _("Untitled"), "title-2");
  gtk_label_set_xalign (GTK_LABEL (label), 0.5);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  if (!is_set (title))
    gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  if (is_set (department))
    g_string_append_printf (meta, _("Source: %s"), department);
  if (is_set (date))
    {
      if (meta->len > 0)
        g_string_append (meta, "    ");
      g_string_append_printf (meta, _("Published: %s"), date);
    }
  if (meta->len > 0)
    {
      label = text_label (meta->str, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (label), 0.5);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  if (is_set (summary))
    {
      g_autofree char *text = g_strdup_printf (_("Summary: %s"), summary);

      label = text_label (text, "post-summary");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  for (guint i = 0; body != NULL && i < body->blocks->len; i++)
    {
      const JgPostBlock *block = body->blocks->pdata[i];

      if (block->kind != JG_POST_BLOCK_NUMBER_ITEM)
        number = 0;
      switch (block->kind)
        {
        case JG_POST_BLOCK_HEADING:
          gtk_box_append (GTK_BOX (box), runs_label (block, "title-4"));
          break;
        case JG_POST_BLOCK_BULLET_ITEM:
          gtk_box_append (GTK_BOX (box), list_item (block, "•"));
          break;
        case JG_POST_BLOCK_NUMBER_ITEM:
          {
            g_autofree char *marker = g_strdup_printf ("%d.", ++number);
            gtk_box_append (GTK_BOX (box), list_item (block, marker));
          }
          break;
        case JG_POST_BLOCK_IMAGE:
          {
            g_autoptr(GdkPaintable) paintable = NULL;
            GtkWidget *figure;

            if (self->loader != NULL && block->image_sha256 != NULL)
              paintable = self->loader (block->image_sha256, self->loader_data);
            figure = jg_post_figure_new (paintable, block->image_alt, block->image_caption);
            gtk_widget_set_halign (figure, GTK_ALIGN_CENTER);
            gtk_box_append (GTK_BOX (box), figure);
          }
          break;
        case JG_POST_BLOCK_PARAGRAPH:
        default:
          gtk_box_append (GTK_BOX (box), runs_label (block, "post-paragraph"));
          break;
        }
    }

  adw_clamp_set_child (ADW_CLAMP (self->clamp), box);
}

void
jg_post_preview_set_image_loader (JgPostPreview     *self,
                                  JgPostImageLoader  loader,
                                  gpointer           user_data,
                                  GDestroyNotify     destroy)
{
  g_return_if_fail (JG_IS_POST_PREVIEW (self));

  if (self->loader_destroy != NULL)
    self->loader_destroy (self->loader_data);
  self->loader = loader;
  self->loader_data = user_data;
  self->loader_destroy = destroy;
}

static void
jg_post_preview_dispose (GObject *object)
{
  JgPostPreview *self = JG_POST_PREVIEW (object);

  jg_post_preview_set_image_loader (self, NULL, NULL, NULL);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  G_OBJECT_CLASS (jg_post_preview_parent_class)->dispose (object);
}

static void
jg_post_preview_class_init (JgPostPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_post_preview_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jg_post_preview_init (JgPostPreview *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self), "view");
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
  self->clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (self->clamp), COLUMN_WIDTH);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->clamp);
  jg_post_preview_show (self, NULL, NULL, NULL, NULL, NULL);
}

GtkWidget *
jg_post_preview_new (void)
{
  return g_object_new (JG_TYPE_POST_PREVIEW, NULL);
}
