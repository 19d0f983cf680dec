/* jg-records-page-filters.c — the Records page's list and its filters
 *
 * The search entry, the kind and month drop-downs and the state buttons
 * (each with the session's count of its state) make the filter the list
 * is read with; a warning of the Overview can narrow it to an officer or
 * an item until the user filters otherwise (jg_records_page_show_only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-records-page-private.h"

/* Months the month filter offers, this one first. */
#define N_MONTHS 24

static JgRecordsFilter *
current_filter (JgRecordsPage *self)
{
  JgRecordsFilter *filter = jg_records_filter_new ();
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint state = 0;
  guint month = gtk_drop_down_get_selected (self->month_dropdown);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  for (guint i = 1; i < JG_RECORDS_PAGE_N_STATE_FILTERS; i++)
    if (gtk_toggle_button_get_active (self->state_buttons[i]))
      state = i;
  filter->kind = kind == 0 || kind == GTK_INVALID_LIST_POSITION ? -1 : (int) kind - 1;
  filter->state = state == 0 || state == GTK_INVALID_LIST_POSITION ? -1 : (int) state - 1;
  if (month != 0 && month != GTK_INVALID_LIST_POSITION && month <= N_MONTHS)
    filter->month = g_strdup (self->months[month - 1]);
  if (*stripped != '\0')
    filter->text = g_steal_pointer (&stripped);
  if (self->scope != NULL)
    {
      filter->officer = g_strdup (self->scope->officer);
      filter->catalogue_code = g_strdup (self->scope->catalogue_code);
    }
  return filter;
}

static gboolean
filter_is_empty (const JgRecordsFilter *filter)
{
  return filter->kind < 0 && filter->state < 0 && filter->month == NULL && filter->text == NULL
         && filter->officer == NULL && filter->catalogue_code == NULL;
}

void
jg_records_page_reload (JgRecordsPage *self)
{
  g_autoptr(JgRecordsFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  if (self->db_path == NULL)
    return;
  /* The list is read when the page is shown: the window opens on the
   * Overview, and counting a million records and laying out their first
   * rows would otherwise come before its first frame (and again after
   * each change while another page is shown). map() reads it. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_on_map = TRUE;
      return;
    }
  self->reload_on_map = FALSE;

  filter = current_filter (self);
  if (self->model == NULL)
    {
      self->model = jg_records_model_new (self->db_path, filter, &error);
      if (self->model == NULL)
        {
          jg_records_page_toast (self, error->message);
          return;
        }
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
    }
  else if (!jg_records_model_reload (self->model, filter, &error))
    {
      jg_records_page_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n == 0)
    gtk_stack_set_visible_child_name (self->list_stack,
                                      filter_is_empty (filter) ? "empty" : "no-match");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");

  {
    g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", n), n);

    if (self->scope != NULL && self->scope_label != NULL && *self->scope_label != '\0')
      {
        /* TRANSLATORS: the records count, then what a warning showed them
         * for: "3 条记录 · 列出执法人员 张三" */
        g_autofree char *scoped = g_strdup_printf (_("%s · %s"), count, self->scope_label);

        gtk_label_set_label (self->count_label, scoped);
      }
    else
      gtk_label_set_label (self->count_label, count);
  }
}

void
jg_records_page_records_changed (JgRecordsPage *self)
{
  jg_records_page_reload (self);
  if (self->session != NULL)
    jg_session_refresh_counts (self->session);
}

/* Each state button says how many records it shows: the session's counts,
 * the same the header, the Sync page and the Overview show. */
void
jg_records_page_show_state_counts (JgRecordsPage *self)
{
  static const JgRecordCounts zeros = { 0 };
  const JgRecordCounts *counts = self->session != NULL
                                 ? jg_session_get_record_counts (self->session) : &zeros;
  const guint n[JG_RECORDS_PAGE_N_STATE_FILTERS] = {
    counts->total, counts->drafts, counts->ready, counts->sending, counts->accepted,
    counts->rejected,
  };

  for (guint i = 0; i < JG_RECORDS_PAGE_N_STATE_FILTERS; i++)
    {
      const char *name = i == 0 ? _("All") : jg_record_state_get_label (i - 1);
      /* TRANSLATORS: a state filter button of the Records page: the state
       * and how many records are in it, e.g. "Draft (3)" */
      g_autofree char *label = g_strdup_printf (_("%s (%u)"), name, n[i]);

      gtk_button_set_label (GTK_BUTTON (self->state_buttons[i]), label);
    }
}

static gboolean
filter_timeout_cb (gpointer user_data)
{
  JgRecordsPage *self = user_data;

  self->filter_id = 0;
  jg_records_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
filter_changed_cb (JgRecordsPage *self)
{
  /* A warning's officer or item holds until the user filters otherwise
   * (the search entry says it was cleared a moment later: not otherwise). */
  if (!self->setting_scope && self->scope != NULL
      && (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0'
          || gtk_drop_down_get_selected (self->kind_dropdown) != 0
          || gtk_drop_down_get_selected (self->month_dropdown) != 0
          || !gtk_toggle_button_get_active (self->state_buttons[0])))
    {
      g_clear_pointer (&self->scope, jg_records_filter_free);
      g_clear_pointer (&self->scope_label, g_free);
    }
  g_clear_handle_id (&self->filter_id, g_source_remove);
  self->filter_id = g_timeout_add (100, filter_timeout_cb, self);
}

void
jg_records_page_show_only (JgRecordsPage *self,
                           const char    *field,
                           const char    *value,
                           const char    *label)
{
  JgRecordState state;

  g_return_if_fail (JG_IS_RECORDS_PAGE (self));

  jg_records_page_focus_search (self);
  self->setting_scope = TRUE;
  g_clear_pointer (&self->scope, jg_records_filter_free);
  g_clear_pointer (&self->scope_label, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->month_dropdown, 0);
  if (g_strcmp0 (field, "state") == 0 && jg_record_state_from_string (value, &state))
    gtk_toggle_button_set_active (self->state_buttons[state + 1], TRUE);
  else
    {
      gtk_toggle_button_set_active (self->state_buttons[0], TRUE);
      self->scope = jg_records_filter_new ();
      if (g_strcmp0 (field, "officer") == 0)
        self->scope->officer = g_strdup (value);
      else
        self->scope->catalogue_code = g_strdup (value);
      self->scope_label = g_strdup (label);
    }
  self->setting_scope = FALSE;
  g_clear_handle_id (&self->filter_id, g_source_remove);
  jg_records_page_reload (self);
}

void
jg_records_page_filters_init (JgRecordsPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) months = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_string_list_append (kinds, _("All kinds"));
  for (int k = 0; k < JG_RECORD_N_KINDS; k++)
    gtk_string_list_append (kinds, jg_record_kind_get_label (k));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));

  for (guint i = 0; i < JG_RECORDS_PAGE_N_STATE_FILTERS; i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();

      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->state_buttons[0]);
      else
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (filter_changed_cb), self);
      gtk_box_append (self->state_box, button);
      self->state_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }
  jg_records_page_show_state_counts (self);

  gtk_string_list_append (months, _("Any month"));
  self->months = g_new0 (char *, N_MONTHS + 1);
  for (int i = 0; i < N_MONTHS; i++)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (now, -i);

      self->months[i] = g_date_time_format (month, "%Y-%m");
      gtk_string_list_append (months, self->months[i]);
    }
  gtk_drop_down_set_model (self->month_dropdown, G_LIST_MODEL (months));
}

void
jg_records_page_filters_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
}
