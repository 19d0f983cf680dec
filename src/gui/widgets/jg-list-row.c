/* jg-list-row.c — a list row: title, dim caption and a badge on the right
 *
 * The row of the catalogue's search results and of the records list: a
 * heading, a dim caption under it and, on the right, a pill ("badge") that
 * tells the item's availability or the record's state. Factories create one
 * in "setup" and only call the setters in "bind".
 *
 * The whole row is one accessible with one label, so that a screen reader
 * reads it in one go: "title, caption, badge" unless the page sets its own
 * sentence with jg_list_row_set_accessible_label(). The list's row that
 * holds it (what the keyboard focuses) reads the same name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-accessible.h"
#include "jg-list-row.h"
#include "jg-glib-compat.h"

struct _JgListRow
{
  GtkWidget parent_instance;

  GtkLabel *title_label;
  GtkLabel *caption_label;
  GtkLabel *badge_label;

  char *badge;
  char *accessible_label;
  JgListRowBadgeStyle badge_style;
  int title_lines;
};

G_DEFINE_FINAL_TYPE (JgListRow, jg_list_row, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (JgListRowBadgeStyle, jg_list_row_badge_style,
  G_DEFINE_ENUM_VALUE (JG_LIST_ROW_BADGE_NEUTRAL, "neutral"),
  G_DEFINE_ENUM_VALUE (JG_LIST_ROW_BADGE_SUCCESS, "success"),
  G_DEFINE_ENUM_VALUE (JG_LIST_ROW_BADGE_WARNING, "warning"),
  G_DEFINE_ENUM_VALUE (JG_LIST_ROW_BADGE_ERROR, "error"))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_CAPTION,
  PROP_BADGE,
  PROP_BADGE_STYLE,
  PROP_ACCESSIBLE_LABEL,
  PROP_TITLE_LINES,
  PROP_MAX_WIDTH_CHARS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The CSS class of each JgListRowBadgeStyle, next to "badge". */
static const char * const badge_classes[] = {
  [JG_LIST_ROW_BADGE_NEUTRAL] = NULL,
  [JG_LIST_ROW_BADGE_SUCCESS] = "success",
  [JG_LIST_ROW_BADGE_WARNING] = "warning",
  [JG_LIST_ROW_BADGE_ERROR] = "error",
};

static gboolean
is_set (const char *s)
{
  return s != NULL && *s != '\0';
}

static void
update_accessible_label (JgListRow *self)
{
  g_autoptr(GString) label = NULL;
  const char *parts[3];

  if (self->accessible_label != NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      self->accessible_label, -1);
      return;
    }

  parts[0] = gtk_label_get_label (self->title_label);
  parts[1] = gtk_label_get_label (self->caption_label);
  parts[2] = self->badge;
  label = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (is_set (parts[i]))
      {
        if (label->len > 0)
          g_string_append (label, ", ");
        g_string_append (label, parts[i]);
      }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
}

GtkWidget *
jg_list_row_new (void)
{
  return g_object_new (JG_TYPE_LIST_ROW, NULL);
}

const char *
jg_list_row_get_title (JgListRow *self)
{
  g_return_val_if_fail (JG_IS_LIST_ROW (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
jg_list_row_set_title (JgListRow  *self,
                       const char *title)
{
  g_return_if_fail (JG_IS_LIST_ROW (self));

  if (g_strcmp0 (title != NULL ? title : "", gtk_label_get_label (self->title_label)) == 0)
    return;
  gtk_label_set_label (self->title_label, title);
  if (self->accessible_label == NULL)
    update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
jg_list_row_get_caption (JgListRow *self)
{
  g_return_val_if_fail (JG_IS_LIST_ROW (self), NULL);

  return gtk_label_get_label (self->caption_label);
}

void
jg_list_row_set_caption (JgListRow  *self,
                         const char *caption)
{
  g_return_if_fail (JG_IS_LIST_ROW (self));

  if (g_strcmp0 (caption != NULL ? caption : "", gtk_label_get_label (self->caption_label)) == 0)
    return;
  gtk_label_set_label (self->caption_label, caption);
  if (self->accessible_label == NULL)
    update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTION]);
}

const char *
jg_list_row_get_badge (JgListRow *self)
{
  g_return_val_if_fail (JG_IS_LIST_ROW (self), NULL);

  return self->badge;
}

void
jg_list_row_set_badge (JgListRow  *self,
                       const char *badge)
{
  g_return_if_fail (JG_IS_LIST_ROW (self));

  if (!jg_set_str (&self->badge, badge))
    return;
  gtk_label_set_label (self->badge_label, badge);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), is_set (badge));
  if (self->accessible_label == NULL)
    update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BADGE]);
}

JgListRowBadgeStyle
jg_list_row_get_badge_style (JgListRow *self)
{
  g_return_val_if_fail (JG_IS_LIST_ROW (self), JG_LIST_ROW_BADGE_NEUTRAL);

  return self->badge_style;
}

void
jg_list_row_set_badge_style (JgListRow           *self,
                             JgListRowBadgeStyle  style)
{
  g_return_if_fail (JG_IS_LIST_ROW (self));
  g_return_if_fail (style <= JG_LIST_ROW_BADGE_ERROR);

  if (self->badge_style == style)
    return;
  if (badge_classes[self->badge_style] != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), badge_classes[self->badge_style]);
  self->badge_style = style;
  if (badge_classes[style] != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->badge_label), badge_classes[style]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BADGE_STYLE]);
}

const char *
jg_list_row_get_accessible_label (JgListRow *self)
{
  g_return_val_if_fail (JG_IS_LIST_ROW (self), NULL);

  return self->accessible_label;
}

void
jg_list_row_set_accessible_label (JgListRow  *self,
                                  const char *label)
{
  g_return_if_fail (JG_IS_LIST_ROW (self));

  if (!jg_set_str (&self->accessible_label, label))
    return;
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSIBLE_LABEL]);
}

int
jg_list_row_get_title_lines (JgListRow *self)
{
  g_return_val_if_fail (JG_IS_LIST_ROW (self), 1);

  return self->title_lines;
}

void
jg_list_row_set_title_lines (JgListRow *self,
                             int        lines)
{
  g_return_if_fail (JG_IS_LIST_ROW (self));
  g_return_if_fail (lines >= 1);

  if (self->title_lines == lines)
    return;
  self->title_lines = lines;
  gtk_label_set_wrap (self->title_label, lines > 1);
  gtk_label_set_wrap_mode (self->title_label, lines > 1 ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
  gtk_label_set_lines (self->title_label, lines > 1 ? lines : -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_LINES]);
}

int
jg_list_row_get_max_width_chars (JgListRow *self)
{
  g_return_val_if_fail (JG_IS_LIST_ROW (self), -1);

  return gtk_label_get_max_width_chars (self->title_label);
}

void
jg_list_row_set_max_width_chars (JgListRow *self,
                                 int        n_chars)
{
  g_return_if_fail (JG_IS_LIST_ROW (self));

  if (gtk_label_get_max_width_chars (self->title_label) == n_chars)
    return;
  gtk_label_set_max_width_chars (self->title_label, n_chars);
  gtk_label_set_max_width_chars (self->caption_label, n_chars);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_WIDTH_CHARS]);
}

void
jg_list_row_add_suffix (JgListRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (JG_IS_LIST_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (gtk_widget_get_parent (widget) == NULL);

  gtk_widget_insert_before (widget, GTK_WIDGET (self), NULL);
}

static void
jg_list_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  JgListRow *self = JG_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, jg_list_row_get_title (self));
      break;
    case PROP_CAPTION:
      g_value_set_string (value, jg_list_row_get_caption (self));
      break;
    case PROP_BADGE:
      g_value_set_string (value, self->badge);
      break;
    case PROP_BADGE_STYLE:
      g_value_set_enum (value, self->badge_style);
      break;
    case PROP_ACCESSIBLE_LABEL:
      g_value_set_string (value, self->accessible_label);
      break;
    case PROP_TITLE_LINES:
      g_value_set_int (value, self->title_lines);
      break;
    case PROP_MAX_WIDTH_CHARS:
      g_value_set_int (value, jg_list_row_get_max_width_chars (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_list_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  JgListRow *self = JG_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      jg_list_row_set_title (self, g_value_get_string (value));
      break;
    case PROP_CAPTION:
      jg_list_row_set_caption (self, g_value_get_string (value));
      break;
    case PROP_BADGE:
      jg_list_row_set_badge (self, g_value_get_string (value));
      break;
    case PROP_BADGE_STYLE:
      jg_list_row_set_badge_style (self, g_value_get_enum (value));
      break;
    case PROP_ACCESSIBLE_LABEL:
      jg_list_row_set_accessible_label (self, g_value_get_string (value));
      break;
    case PROP_TITLE_LINES:
      jg_list_row_set_title_lines (self, g_value_get_int (value));
      break;
    case PROP_MAX_WIDTH_CHARS:
      jg_list_row_set_max_width_chars (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_list_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), JG_TYPE_LIST_ROW);
  /* Suffixes added with jg_list_row_add_suffix(). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (jg_list_row_parent_class)->dispose (object);
}

static void
jg_list_row_finalize (GObject *object)
{
  JgListRow *self = JG_LIST_ROW (object);

  g_free (self->badge);
  g_free (self->accessible_label);

  G_OBJECT_CLASS (jg_list_row_parent_class)->finalize (object);
}

static void
jg_list_row_class_init (JgListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = jg_list_row_get_property;
  object_class->set_property = jg_list_row_set_property;
  object_class->dispose = jg_list_row_dispose;
  object_class->finalize = jg_list_row_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BADGE] =
    g_param_spec_string ("badge", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BADGE_STYLE] =
    g_param_spec_enum ("badge-style", NULL, NULL,
                       JG_TYPE_LIST_ROW_BADGE_STYLE, JG_LIST_ROW_BADGE_NEUTRAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCESSIBLE_LABEL] =
    g_param_spec_string ("accessible-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE_LINES] =
    g_param_spec_int ("title-lines", NULL, NULL, 1, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_WIDTH_CHARS] =
    g_param_spec_int ("max-width-chars", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/widgets/jg-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, JgListRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, JgListRow, caption_label);
  gtk_widget_class_bind_template_child (widget_class, JgListRow, badge_label);

  gtk_widget_class_set_css_name (widget_class, "jg-list-row");
  /* As the GtkBox it replaces: a "panel" named by its label. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
jg_list_row_init (JgListRow *self)
{
  self->title_lines = 1;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The list item that holds the row is what the keyboard focuses. */
  g_signal_connect (self, "notify::parent", G_CALLBACK (jg_accessible_label_list_item), NULL);
}
