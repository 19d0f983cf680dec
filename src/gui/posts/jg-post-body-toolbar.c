/* jg-post-body-toolbar.c — the formatting buttons of the post body editor
 *
 * Flat icon buttons bound to a JgPostBodyView's "body." actions, so that
 * their state follows the cursor through the actions' states (bold pressed
 * inside bold text, the list button of the cursor's list pressed) and
 * their sensitivity too (no bold on an image; the image description only
 * on one). The paragraph style is a menu button showing the style at the
 * cursor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-post-body-toolbar.h"

struct _JgPostBodyToolbar
{
  GtkWidget parent_instance;

  GtkMenuButton *style_button;

  GActionGroup *actions;
};

G_DEFINE_FINAL_TYPE (JgPostBodyToolbar, jg_post_body_toolbar, GTK_TYPE_WIDGET)

static void
show_style (JgPostBodyToolbar *self)
{
  g_autoptr(GVariant) state = NULL;
  const char *label = _("Paragraph");
  GtkWidget *inner;
  g_autofree char *name = NULL;

  if (self->actions != NULL)
    state = g_action_group_get_action_state (self->actions, "block");
  if (state != NULL && g_str_equal (g_variant_get_string (state, NULL), "heading"))
    label = _("Subheading");
  else if (state != NULL && g_str_equal (g_variant_get_string (state, NULL), "image"))
    label = _("Image");
  gtk_menu_button_set_label (self->style_button, label);
  /* A screen reader says what the button is for and what it shows. */
  inner = gtk_widget_get_first_child (GTK_WIDGET (self->style_button));
  name = g_strdup_printf (_("Paragraph style: %s"), label);
  jg_accessible_set_label (inner, name);
  /* GTK 4.8 reads the menu button around it by its type name otherwise. */
  jg_accessible_set_label (GTK_WIDGET (self->style_button), name);
}

static void
state_changed_cb (GActionGroup      *group,
                  const char        *name,
                  GVariant          *state,
                  JgPostBodyToolbar *self)
{
  show_style (self);
}

void
jg_post_body_toolbar_set_view (JgPostBodyToolbar *self,
                               JgPostBodyView    *view)
{
  g_return_if_fail (JG_IS_POST_BODY_TOOLBAR (self));
  g_return_if_fail (view == NULL || JG_IS_POST_BODY_VIEW (view));

  if (self->actions != NULL)
    g_signal_handlers_disconnect_by_data (self->actions, self);
  g_clear_object (&self->actions);
  if (view != NULL)
    {
      self->actions = g_object_ref (jg_post_body_view_get_actions (view));
      g_signal_connect (self->actions, "action-state-changed::block", G_CALLBACK (state_changed_cb), self);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "body", self->actions);
  show_style (self);
}

static void
jg_post_body_toolbar_dispose (GObject *object)
{
  JgPostBodyToolbar *self = JG_POST_BODY_TOOLBAR (object);

  if (self->actions != NULL)
    g_signal_handlers_disconnect_by_data (self->actions, self);
  g_clear_object (&self->actions);
  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_POST_BODY_TOOLBAR);
  /* The separators and the unbound buttons. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (jg_post_body_toolbar_parent_class)->dispose (object);
}

static void
jg_post_body_toolbar_class_init (JgPostBodyToolbarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_post_body_toolbar_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/jieyang/Jianguan/posts/jg-post-body-toolbar.ui");
  gtk_widget_class_bind_template_child (widget_class, JgPostBodyToolbar, style_button);
}

static void
jg_post_body_toolbar_init (JgPostBodyToolbar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));
  show_style (self);
}

GtkWidget *
jg_post_body_toolbar_new (void)
{
  return g_object_new (JG_TYPE_POST_BODY_TOOLBAR, NULL);
}
