/* jg-test-widgets.c — what a user sees of a form, for the C widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-test-widgets.h"

/* Longer than any pause of a form before it checks (150 ms). */
#define WAIT_MS 3000
#define SETTLE_MS 400

void
jg_test_wait_until (JgTestCondition condition,
                    gpointer        data)
{
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
settled_cb (gpointer data)
{
  return *(gint64 *) data < g_get_monotonic_time ();
}

/* Lets the form's pause before it checks pass. */
void
jg_test_settle (void)
{
  gint64 until = g_get_monotonic_time () + SETTLE_MS * G_TIME_SPAN_MILLISECOND;

  jg_test_wait_until (settled_cb, &until);
}

/* The row whose title is @title or "@title *" (required). */
GtkWidget *
jg_test_find_row (GtkWidget  *widget,
                  const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      const char *t = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      g_autofree char *required = g_strdup_printf ("%s *", title);

      if (g_strcmp0 (t, title) == 0 || g_strcmp0 (t, required) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = jg_test_find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The visible message under @row's field ("" when none shows). */
const char *
jg_test_message (GtkWidget *field_row)
{
  GtkWidget *message_row = gtk_widget_get_next_sibling (field_row);
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (message_row));
  GtkWidget *label = gtk_widget_get_first_child (box);

  if (!gtk_widget_get_visible (message_row) || !gtk_widget_get_visible (label))
    return "";
  return gtk_label_get_label (GTK_LABEL (label));
}

gboolean
jg_test_message_is_error (GtkWidget *field_row)
{
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (gtk_widget_get_next_sibling (field_row)));

  return gtk_widget_has_css_class (gtk_widget_get_first_child (box), "error");
}

/* The "Mask" button beside the jg_test_message, or NULL when none shows. */
GtkWidget *
jg_test_message_button (GtkWidget *field_row)
{
  GtkWidget *message_row = gtk_widget_get_next_sibling (field_row);
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (message_row));
  GtkWidget *button = gtk_widget_get_last_child (box);

  g_assert_true (GTK_IS_BUTTON (button));
  if (!gtk_widget_get_visible (message_row) || !gtk_widget_get_visible (button))
    return NULL;
  return button;
}

GtkWidget *
jg_test_find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = jg_test_find_text_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

char *
jg_test_long_text (GtkWidget *field_row)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (jg_test_find_text_view (field_row)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Where a Tab from the field would go: the focus leaves it. */
void
jg_test_focus (GtkWidget *field_row)
{
  GtkWidget *view = jg_test_find_text_view (field_row);

  if (view != NULL)
    gtk_widget_grab_focus (view);
  else if (GTK_IS_EDITABLE (field_row))
    gtk_widget_grab_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (field_row))));
  else
    gtk_widget_grab_focus (field_row);
  g_assert_true (gtk_widget_get_mapped (field_row));
}

void
jg_test_type_long_text (GtkWidget  *field_row,
                        const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (jg_test_find_text_view (field_row)));
  GtkTextIter end;

  jg_test_focus (field_row);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_interactive (buffer, &end, text, -1, TRUE);
}

void
jg_test_type_text (GtkWidget  *field_row,
                   const char *text)
{
  jg_test_focus (field_row);
  gtk_editable_set_text (GTK_EDITABLE (field_row), text);
}

/* The combo row's choice shown, by its label. */
const char *
jg_test_combo_label (GtkWidget *combo)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  return gtk_string_list_get_string (GTK_STRING_LIST (model),
                                     adw_combo_row_get_selected (ADW_COMBO_ROW (combo)));
}

void
jg_test_choose (GtkWidget  *combo,
                const char *label)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
        return;
      }
  g_error ("no choice “%s”", label);
}

typedef struct
{
  GtkWidget *row;
  const char *needle;
} MessageWait;

static gboolean
message_contains_cb (gpointer data)
{
  MessageWait *w = data;

  return strstr (jg_test_message (w->row), w->needle) != NULL;
}

void
jg_test_wait_for_message (GtkWidget  *field_row,
                          const char *needle)
{
  MessageWait w = { field_row, needle };

  jg_test_wait_until (message_contains_cb, &w);
}

/* A click on @button (gtk_widget_activate() would click it only after
 * its pressed look has shown for a while). */
void
jg_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

gboolean
jg_test_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_height (data) > 0;
}

/* The count after the title: its label, found by its text. */
GtkWidget *
jg_test_find_label (GtkWidget  *widget,
                    const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = jg_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}


GtkWidget *
jg_test_find_type (GtkWidget *widget,
                   GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = jg_test_find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

