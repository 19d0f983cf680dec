/* jg-record-editor.c — the form of one supervision record, any kind
 *
 * The rows come from jg_record_fields(): one AdwPreferencesGroup per
 * spec->group, a row per field chosen by its type, and under each row a
 * message row that shows the field's validation issues (recomputed 150 ms
 * after the last change) or, for references, what the code refers to.
 * Every change is saved 500 ms after the last one; "Save Draft" and leaving
 * the editor save at once.
 *
 * The code tables, the roster and the entities are small lookups on the UI
 * thread's own connection; catalogue searches go through JgCatalogue's
 * worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-record-editor.h"
#include "jg-record-store.h"
#include "jg-session.h"
#include "jg-validate.h"
#include "jg-store-private.h"

#define VALIDATE_DELAY_MS 150
#define SAVE_DELAY_MS 500
#define N_SUGGESTIONS 5

typedef struct _FieldRow FieldRow;

struct _JgRecordEditor
{
  AdwBin parent_instance;

  GtkLabel *title_label;
  GtkLabel *status_label;
  GtkLabel *state_badge;
  GtkWidget *save_button;
  GtkWidget *ready_button;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *summary_group;
  GtkLabel *summary_label;

  JgStore *store;
  JgCatalogue *catalogue;
  JgRecord *record;
  JgValidationContext *context;
  char *region;

  GPtrArray *fields;            /* FieldRow */
  GHashTable *groups;           /* group name → AdwPreferencesGroup */
  AdwPreferencesGroup *history_group;
  GPtrArray *history_rows;

  /* entity suggestions, under the party name and code rows */
  FieldRow *suggest_owner;
  GPtrArray *suggestions;       /* JgEntity */
  GtkWidget *entity_row;        /* "All records of this party" */

  GCancellable *cancellable;
  guint validate_id;
  guint save_id;
  gboolean dirty;
  gboolean updating;
  gboolean has_errors;
};

struct _FieldRow
{
  JgRecordEditor *editor;
  const JgFieldSpec *spec;
  GtkWidget *row;
  GtkWidget *input;             /* what takes the value; accessible */
  GtkWidget *message_row;
  GtkWidget *info_label;
  GtkWidget *message_label;
  GListStore *codes;            /* JG_FIELD_CODE */
  GtkWidget *popover;
  GtkWidget *search_entry;
  GtkWidget *result_list;
  GPtrArray *checks;            /* JG_FIELD_OFFICERS: GtkCheckButton */
  GtkWidget *calendar;
  GtkWidget *suggest_rows[N_SUGGESTIONS];
};

G_DEFINE_FINAL_TYPE (JgRecordEditor, jg_record_editor, ADW_TYPE_BIN)

enum { SIGNAL_CLOSE, SIGNAL_MESSAGE, SIGNAL_SHOW_ENTITY, N_SIGNALS };
static guint signals[N_SIGNALS];

static void schedule_change (JgRecordEditor *self);
static void refresh_field (FieldRow *f);
static void update_info (FieldRow *f);

static const char *
who (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();
  return name;
}

static FieldRow *
find_field_by_header (JgRecordEditor *self,
                      const char     *header)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldRow *f = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (f->spec->header, header) == 0)
        return f;
    }
  return NULL;
}

static FieldRow *
find_field_by_type (JgRecordEditor *self,
                    JgFieldType     type)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldRow *f = g_ptr_array_index (self->fields, i);

      if (f->spec->type == type)
        return f;
    }
  return NULL;
}

/* The accessible name: national Chinese header, and the English label when
 * it says something else (it is the same under zh_CN). */
static char *
field_accessible_name (const JgFieldSpec *spec)
{
  const char *label = spec->label != NULL ? _(spec->label) : NULL;

  if (label == NULL || g_strcmp0 (label, spec->header) == 0)
    return g_strdup (spec->header);
  return g_strdup_printf ("%s %s", spec->header, label);
}

static char *
field_title (const JgFieldSpec *spec)
{
  const char *label = spec->label != NULL ? _(spec->label) : spec->header;

  if (spec->required)
    /* TRANSLATORS: title of a required field in the record form */
    return g_strdup_printf (_("%s *"), label);
  return g_strdup (label);
}

/* --- values ---------------------------------------------------------------- */

static void
set_value (FieldRow   *f,
           const char *value)
{
  JgRecordEditor *self = f->editor;
  JgRecordState state;

  if (self->updating)
    return;
  if (g_strcmp0 (jg_record_get (self->record, f->spec->key),
                 value != NULL && *value != '\0' ? value : NULL) == 0)
    return;

  /* Editing a record that waits to be sent takes it back to the drafts. */
  state = jg_record_get_state (self->record);
  if (state == JG_RECORD_STATE_READY)
    {
      g_autoptr(GError) error = NULL;

      if (!jg_record_store_set_state (self->store, self->record,
                                      JG_RECORD_STATE_DRAFT, who (), &error))
        g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
    }

  jg_record_set (self->record, f->spec->key, value);
  update_info (f);
  schedule_change (self);
}

static void
editable_changed_cb (GtkEditable *editable,
                     FieldRow    *f)
{
  set_value (f, gtk_editable_get_text (editable));
}

static void
text_buffer_changed_cb (GtkTextBuffer *buffer,
                        FieldRow      *f)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  set_value (f, text);
}

static void
switch_active_cb (GtkSwitch  *sw,
                  GParamSpec *pspec,
                  FieldRow   *f)
{
  set_value (f, gtk_switch_get_active (sw) ? "1" : "0");
}

static void
combo_selected_cb (AdwComboRow *combo,
                   GParamSpec  *pspec,
                   FieldRow    *f)
{
  JgCode *code = adw_combo_row_get_selected_item (combo);

  set_value (f, code != NULL ? jg_code_get_code (code) : NULL);
}

static char *
officers_value (FieldRow *f)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < f->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (f->checks, i);

      if (gtk_check_button_get_active (check))
        {
          if (ids->len > 0)
            g_string_append_c (ids, ';');
          g_string_append (ids, g_object_get_data (G_OBJECT (check), "officer-id"));
        }
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
officers_subtitle (FieldRow *f)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < f->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (f->checks, i);

      if (gtk_check_button_get_active (check))
        {
          if (names->len > 0)
            /* TRANSLATORS: separator between officer names */
            g_string_append (names, _(", "));
          g_string_append (names, g_object_get_data (G_OBJECT (check), "officer-name"));
        }
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (f->row),
                                 names->len > 0 ? names->str : _("None chosen"));
}

static void
officer_toggled_cb (GtkCheckButton *check,
                    FieldRow       *f)
{
  g_autofree char *value = NULL;

  officers_subtitle (f);
  if (f->editor->updating)
    return;
  value = officers_value (f);
  set_value (f, value);
}

/* Shows the widget's value from the record. */
static void
refresh_field (FieldRow *f)
{
  JgRecordEditor *self = f->editor;
  const char *value = jg_record_get (self->record, f->spec->key);

  self->updating = TRUE;
  switch (f->spec->type)
    {
    case JG_FIELD_LONG_TEXT:
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->input)),
                                value != NULL ? value : "", -1);
      break;
    case JG_FIELD_BOOL:
      gtk_switch_set_active (GTK_SWITCH (f->input), g_strcmp0 (value, "1") == 0);
      break;
    case JG_FIELD_CODE:
      {
        guint n = g_list_model_get_n_items (G_LIST_MODEL (f->codes));
        guint selected = 0;

        for (guint i = 0; i < n; i++)
          {
            g_autoptr(JgCode) code = g_list_model_get_item (G_LIST_MODEL (f->codes), i);

            if (g_strcmp0 (jg_code_get_code (code), value != NULL ? value : "") == 0)
              selected = i;
          }
        adw_combo_row_set_selected (ADW_COMBO_ROW (f->row), selected);
      }
      break;
    case JG_FIELD_OFFICERS:
      {
        g_auto(GStrv) ids = g_strsplit (value != NULL ? value : "", ";", -1);

        for (guint i = 0; i < f->checks->len; i++)
          {
            GtkCheckButton *check = g_ptr_array_index (f->checks, i);
            const char *id = g_object_get_data (G_OBJECT (check), "officer-id");

            gtk_check_button_set_active (check, g_strv_contains ((const char * const *) ids, id));
          }
        officers_subtitle (f);
      }
      break;
    default:
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (f->row)), value != NULL ? value : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (f->row), value != NULL ? value : "");
      break;
    }
  self->updating = FALSE;
  update_info (f);
}

/* --- what a reference refers to --------------------------------------------- */

static void
set_info (FieldRow   *f,
          const char *text)
{
  gtk_label_set_label (GTK_LABEL (f->info_label), text != NULL ? text : "");
  gtk_widget_set_visible (f->info_label, text != NULL && *text != '\0');
  gtk_widget_set_visible (f->message_row,
                          gtk_widget_get_visible (f->info_label) ||
                          gtk_widget_get_visible (f->message_label));
}

static void
update_info (FieldRow *f)
{
  JgRecordEditor *self = f->editor;
  const char *value = jg_record_get (self->record, f->spec->key);

  if (f->spec->type == JG_FIELD_CATALOGUE)
    {
      g_autoptr(JgSubItem) item = NULL;

      if (value != NULL && strlen (value) == 14)
        item = jg_catalogue_lookup_sync (self->store, value, NULL);
      set_info (f, item != NULL ? jg_sub_item_get_name (item) : NULL);
    }
  else if (f->spec->type == JG_FIELD_IMPL)
    {
      sqlite3_stmt *stmt;
      const char *body = NULL;

      stmt = jg_store_prepare (self->store, "SELECT body_name FROM impl_entry WHERE code = ?1", NULL);
      if (stmt != NULL && value != NULL)
        {
          sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            body = (const char *) sqlite3_column_text (stmt, 0);
        }
      set_info (f, body);
      if (stmt != NULL)
        sqlite3_reset (stmt);
    }
}

/* --- validation ------------------------------------------------------------ */

static void
show_issues (JgRecordEditor *self)
{
  g_autoptr(GPtrArray) issues = jg_validate_record (self->record, self->context);
  g_autoptr(GString) general = g_string_new (NULL);
  guint n_errors = 0, n_warnings = 0;

  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = g_ptr_array_index (issues, i);

      if (issue->severity == JG_ISSUE_ERROR)
        n_errors++;
      else
        n_warnings++;
      if (issue->field == NULL || jg_record_field_lookup (jg_record_get_kind (self->record),
                                                          issue->field) == NULL)
        {
          if (general->len > 0)
            g_string_append_c (general, '\n');
          g_string_append (general, issue->message);
        }
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldRow *f = g_ptr_array_index (self->fields, i);
      g_autoptr(GPtrArray) mine = jg_issues_for_field (issues, f->spec->key);
      g_autoptr(GString) text = g_string_new (NULL);
      gboolean error = FALSE;

      for (guint j = 0; j < mine->len; j++)
        {
          JgIssue *issue = g_ptr_array_index (mine, j);

          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, issue->message);
          error |= issue->severity == JG_ISSUE_ERROR;
        }

      gtk_label_set_label (GTK_LABEL (f->message_label), text->str);
      gtk_widget_remove_css_class (f->message_label, "error");
      gtk_widget_remove_css_class (f->message_label, "warning");
      if (text->len > 0)
        gtk_widget_add_css_class (f->message_label, error ? "error" : "warning");
      gtk_widget_set_visible (f->message_label, text->len > 0);
      gtk_widget_set_visible (f->message_row,
                              gtk_widget_get_visible (f->info_label) || text->len > 0);
      /* The row is what AT-SPI shows for an entry row; the delegate may be
       * what has the focus: describe both. */
      for (guint k = 0; k < 2; k++)
        {
          GtkWidget *w = k == 0 ? f->row : f->input;

          if (k == 1 && f->input == f->row)
            break;
          gtk_accessible_update_property (GTK_ACCESSIBLE (w),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                          -1);
          gtk_accessible_update_state (GTK_ACCESSIBLE (w),
                                       GTK_ACCESSIBLE_STATE_INVALID,
                                       error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                       -1);
        }
    }

  self->has_errors = n_errors > 0;
  gtk_widget_set_sensitive (self->ready_button,
                            !self->has_errors &&
                            jg_record_get_state (self->record) == JG_RECORD_STATE_DRAFT);

  if (n_errors > 0 || general->len > 0)
    {
      g_autofree char *summary = NULL;

      if (n_errors > 0)
        summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u problem must be fixed before the record can be marked ready.",
                                                "%u problems must be fixed before the record can be marked ready.",
                                                n_errors), n_errors);
      if (general->len > 0)
        {
          char *joined = g_strconcat (summary != NULL ? summary : "",
                                      summary != NULL ? "\n" : "", general->str, NULL);
          g_free (summary);
          summary = joined;
        }
      gtk_label_set_label (self->summary_label, summary);
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), n_errors > 0 ? "error" : "warning");
      gtk_widget_set_visible (GTK_WIDGET (self->summary_group), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->summary_group), FALSE);

  gtk_widget_set_tooltip_text (self->ready_button,
                               self->has_errors ? _("Fix the problems shown in red first") : NULL);
}

static gboolean
validate_timeout_cb (gpointer user_data)
{
  JgRecordEditor *self = user_data;

  self->validate_id = 0;
  show_issues (self);
  return G_SOURCE_REMOVE;
}

/* --- saving and history --------------------------------------------------- */

static const char *
header_of (JgRecordEditor *self,
           const char     *key)
{
  const JgFieldSpec *spec = jg_record_field_lookup (jg_record_get_kind (self->record), key);

  return spec != NULL ? spec->header : key;
}

static void
refresh_history (JgRecordEditor *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->history_rows->len; i++)
    adw_preferences_group_remove (self->history_group, g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);

  entries = jg_record_store_audit (self->store, jg_record_get_uuid (self->record), &error);
  if (entries == NULL)
    return;

  for (guint i = 0; i < entries->len; i++)
    {
      JgAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *title = NULL;
      g_autofree char *when = jg_session_format_time (entry->at);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (g_strcmp0 (entry->action, "create") == 0)
        title = g_strdup_printf (_("Created by %s"), entry->who);
      else if (g_strcmp0 (entry->action, "state") == 0)
        {
          JgRecordState from = JG_RECORD_STATE_DRAFT, to = JG_RECORD_STATE_DRAFT;

          jg_record_state_from_string (entry->from_state, &from);
          jg_record_state_from_string (entry->to_state, &to);
          /* TRANSLATORS: history of a record: "张三: 草稿 → 就绪" */
          title = g_strdup_printf (_("%s: %s → %s"), entry->who,
                                   jg_record_state_get_label (from),
                                   jg_record_state_get_label (to));
        }
      else if (g_strcmp0 (entry->action, "delete") == 0)
        title = g_strdup_printf (_("Deleted by %s"), entry->who);
      else
        {
          g_autoptr(GString) fields = g_string_new (NULL);
          g_auto(GStrv) keys = g_strsplit (entry->fields != NULL ? entry->fields : "", ",", -1);

          for (guint j = 0; keys[j] != NULL; j++)
            {
              if (*keys[j] == '\0')
                continue;
              if (fields->len > 0)
                g_string_append (fields, _(", "));
              g_string_append (fields, header_of (self, keys[j]));
            }
          /* TRANSLATORS: history of a record: who edited which fields */
          title = g_strdup_printf (_("Edited by %s: %s"), entry->who, fields->str);
        }

      /* TRANSLATORS: history of a record: time and revision */
      subtitle = g_strdup_printf (_("%s · revision %u"), when, entry->revision);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

static void
update_header (JgRecordEditor *self)
{
  JgRecordKind kind = jg_record_get_kind (self->record);
  const char *number = jg_record_get (self->record, jg_record_kind_number_key (kind));
  JgRecordState state = jg_record_get_state (self->record);
  g_autofree char *title = NULL;

  if (number != NULL)
    title = g_strdup_printf ("%s %s", jg_record_kind_get_label (kind), number);
  else
    title = g_strdup (jg_record_kind_get_label (kind));
  gtk_label_set_label (self->title_label, title);

  gtk_label_set_label (self->state_badge, jg_record_state_get_label (state));
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_badge), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_badge), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_badge), "success");
  if (state == JG_RECORD_STATE_REJECTED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_badge), "error");
  else if (state == JG_RECORD_STATE_DRAFT)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_badge), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->state_badge), "success");

  if (state == JG_RECORD_STATE_READY)
    {
      gtk_button_set_label (GTK_BUTTON (self->ready_button), _("Back to _Draft"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->ready_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back to Draft"), -1);
      gtk_widget_set_sensitive (self->ready_button, TRUE);
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (self->ready_button), _("_Mark Ready"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->ready_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mark Ready"), -1);
      gtk_widget_set_sensitive (self->ready_button,
                                !self->has_errors && state == JG_RECORD_STATE_DRAFT);
    }
}

gboolean
jg_record_editor_flush (JgRecordEditor *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (JG_IS_RECORD_EDITOR (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!self->dirty)
    return TRUE;

  gtk_label_set_label (self->status_label, _("Saving…"));
  if (!jg_record_store_save (self->store, self->record, who (), &error))
    {
      gtk_label_set_label (self->status_label, error->message);
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      return FALSE;
    }

  self->dirty = FALSE;
  gtk_label_set_label (self->status_label, _("All changes saved"));
  update_header (self);
  refresh_history (self);
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  JgRecordEditor *self = user_data;

  self->save_id = 0;
  jg_record_editor_flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_change (JgRecordEditor *self)
{
  self->dirty = TRUE;
  gtk_label_set_label (self->status_label, _("Unsaved changes"));

  g_clear_handle_id (&self->validate_id, g_source_remove);
  self->validate_id = g_timeout_add (VALIDATE_DELAY_MS, validate_timeout_cb, self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
  update_header (self);
}

static void
back_clicked_cb (JgRecordEditor *self)
{
  jg_record_editor_flush (self);
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static void
save_clicked_cb (JgRecordEditor *self)
{
  self->dirty = TRUE;
  if (jg_record_editor_flush (self))
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, _("Draft saved."));
}

static void
ready_clicked_cb (JgRecordEditor *self)
{
  g_autoptr(GError) error = NULL;
  JgRecordState state = jg_record_get_state (self->record);
  JgRecordState target = state == JG_RECORD_STATE_READY ? JG_RECORD_STATE_DRAFT
                                                         : JG_RECORD_STATE_READY;

  if (!jg_record_editor_flush (self))
    return;
  g_clear_handle_id (&self->validate_id, g_source_remove);
  show_issues (self);
  if (target == JG_RECORD_STATE_READY && self->has_errors)
    return;

  if (!jg_record_store_set_state (self->store, self->record, target, who (), &error))
    {
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      return;
    }

  update_header (self);
  refresh_history (self);
  if (target == JG_RECORD_STATE_READY)
    {
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0,
                     _("The record is ready and will be sent with the next upload."));
      g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
    }
}

/* --- rows ----------------------------------------------------------------- */

static AdwPreferencesGroup *
get_group (JgRecordEditor *self,
           const char     *name)
{
  AdwPreferencesGroup *group = g_hash_table_lookup (self->groups, name);

  if (group == NULL)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _(name));
      adw_preferences_page_add (self->page, group);
      g_hash_table_insert (self->groups, (gpointer) name, group);
    }
  return group;
}

static GtkWidget *
message_row_new (FieldRow *f)
{
  /* An AdwPreferencesRow, so that the group keeps it in its list, right
   * under the field's row. */
  GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (row, "field-message");
  gtk_widget_set_visible (row, FALSE);

  f->info_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (f->info_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (f->info_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (f->info_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (f->info_label), FALSE);
  gtk_widget_add_css_class (f->info_label, "dim-label");
  gtk_widget_set_visible (f->info_label, FALSE);
  gtk_box_append (GTK_BOX (box), f->info_label);

  f->message_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (f->message_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (f->message_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (f->message_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_visible (f->message_label, FALSE);
  gtk_box_append (GTK_BOX (box), f->message_label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static char *
code_label (JgCode *code)
{
  if (code == NULL)
    return g_strdup ("");
  if (*jg_code_get_code (code) == '\0')
    return g_strdup (jg_code_get_name (code));
  return g_strdup_printf ("%s %s", jg_code_get_code (code), jg_code_get_name (code));
}

/* Catalogue search popover -------------------------------------------------- */

static void
catalogue_search_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  FieldRow *f = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = jg_catalogue_search_finish (JG_CATALOGUE (source), result, &error);
  GtkWidget *child;

  if (items == NULL)
    return;   /* cancelled, or the editor is gone */

  while ((child = gtk_widget_get_first_child (f->result_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (f->result_list), child);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (items, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), jg_sub_item_get_name (item));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), jg_sub_item_get_code (item));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "value",
                              g_strdup (jg_sub_item_get_code (item)), g_free);
      gtk_list_box_append (GTK_LIST_BOX (f->result_list), row);
    }
}

static void
catalogue_search_changed_cb (GtkSearchEntry *entry,
                             FieldRow       *f)
{
  JgRecordEditor *self = f->editor;
  g_autoptr(JgCatalogueQuery) query = NULL;

  if (self->catalogue == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  query = jg_catalogue_query_new (gtk_editable_get_text (GTK_EDITABLE (entry)));
  query->action_type = g_strdup (jg_record_kind_action_type (jg_record_get_kind (self->record)));
  query->limit = 50;
  jg_catalogue_search_async (self->catalogue, query, self->cancellable,
                             catalogue_search_done_cb, f);
}

static void
impl_fill (FieldRow *f)
{
  JgRecordEditor *self = f->editor;
  FieldRow *item_field = find_field_by_type (self, JG_FIELD_CATALOGUE);
  const char *item = item_field != NULL ? jg_record_get (self->record, item_field->spec->key) : NULL;
  g_autoptr(GListModel) entries = NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (f->result_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (f->result_list), child);

  if (item != NULL)
    entries = jg_catalogue_list_implementations_sync (self->store, item, NULL);

  for (guint pass = 0; pass < 2 && shown == 0; pass++)
    for (guint i = 0; entries != NULL && i < g_list_model_get_n_items (entries); i++)
      {
        g_autoptr(JgImplEntry) entry = g_list_model_get_item (entries, i);
        const char *region = jg_impl_entry_get_field (entry, JG_IMPL_REGION);
        g_autofree char *subtitle = NULL;
        GtkWidget *row;

        /* The department's region first; every region if it has none. */
        if (pass == 0 && self->region != NULL && g_strcmp0 (region, self->region) != 0)
          continue;

        row = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                       jg_impl_entry_get_field (entry, JG_IMPL_CODE));
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        subtitle = g_strdup_printf ("%s · %s",
                                    jg_impl_entry_get_field (entry, JG_IMPL_BODY_NAME) ?: "",
                                    jg_impl_entry_get_field (entry, JG_IMPL_REGION_NAME) ?: "");
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        g_object_set_data_full (G_OBJECT (row), "value",
                                g_strdup (jg_impl_entry_get_field (entry, JG_IMPL_CODE)), g_free);
        gtk_list_box_append (GTK_LIST_BOX (f->result_list), row);
        shown++;
      }

  if (shown == 0)
    {
      GtkWidget *label = gtk_label_new (item == NULL ? _("Choose the catalogue item first.")
                                                     : _("This item has no implementation entries."));
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (f->result_list), label);
    }
}

static void
popover_shown_cb (GtkPopover *popover,
                  FieldRow   *f)
{
  if (f->spec->type == JG_FIELD_IMPL)
    impl_fill (f);
  else if (f->search_entry != NULL)
    {
      catalogue_search_changed_cb (GTK_SEARCH_ENTRY (f->search_entry), f);
      gtk_widget_grab_focus (f->search_entry);
    }
}

static void
result_activated_cb (GtkListBox    *list,
                     GtkListBoxRow *row,
                     FieldRow      *f)
{
  const char *value = g_object_get_data (G_OBJECT (row), "value");

  if (value == NULL)
    return;
  gtk_popover_popdown (GTK_POPOVER (f->popover));
  gtk_editable_set_text (GTK_EDITABLE (f->row), value);
  gtk_widget_grab_focus (f->row);
}

static void
search_activate_cb (GtkSearchEntry *entry,
                    FieldRow       *f)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (f->result_list), 0);

  if (first != NULL)
    result_activated_cb (GTK_LIST_BOX (f->result_list), first, f);
}

static void
add_chooser (FieldRow   *f,
             const char *icon,
             const char *tooltip,
             gboolean    with_search)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autofree char *accessible = g_strdup_printf ("%s: %s", tooltip, f->spec->header);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  if (with_search)
    {
      f->search_entry = gtk_search_entry_new ();
      g_object_set (f->search_entry, "placeholder-text", _("Search names or codes"), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (f->search_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search catalogue items"), -1);
      g_signal_connect (f->search_entry, "search-changed",
                        G_CALLBACK (catalogue_search_changed_cb), f);
      g_signal_connect (f->search_entry, "activate", G_CALLBACK (search_activate_cb), f);
      gtk_box_append (GTK_BOX (box), f->search_entry);
    }

  f->result_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (f->result_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (f->result_list, "boxed-list");
  g_signal_connect (f->result_list, "row-activated", G_CALLBACK (result_activated_cb), f);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), f->result_list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_widget_set_size_request (scrolled, 420, -1);
  gtk_box_append (GTK_BOX (box), scrolled);

  f->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (f->popover), box);
  g_signal_connect (f->popover, "show", G_CALLBACK (popover_shown_cb), f);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), f->popover);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (f->row), button);
}

/* Dates --------------------------------------------------------------------- */

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          FieldRow    *f)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");
  const char *old = jg_record_get (f->editor->record, f->spec->key);
  g_autofree char *value = NULL;

  if (f->spec->type == JG_FIELD_DATETIME)
    value = g_strdup_printf ("%s %s", day,
                             old != NULL && strlen (old) == 16 ? old + 11 : "09:00");
  else
    value = g_strdup (day);

  gtk_editable_set_text (GTK_EDITABLE (f->row), value);
  gtk_popover_popdown (GTK_POPOVER (f->popover));
}

static void
calendar_shown_cb (GtkPopover *popover,
                   FieldRow   *f)
{
  const char *value = jg_record_get (f->editor->record, f->spec->key);
  int y, m, d;

  if (value != NULL && sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (y, m, d, 0, 0, 0);

      g_signal_handlers_block_by_func (f->calendar, calendar_day_selected_cb, f);
      gtk_calendar_select_day (GTK_CALENDAR (f->calendar), date);
      g_signal_handlers_unblock_by_func (f->calendar, calendar_day_selected_cb, f);
    }
  gtk_widget_grab_focus (f->calendar);
}

static void
add_calendar (FieldRow *f)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  g_autofree char *accessible = g_strdup_printf (_("Choose a date: %s"), f->spec->header);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, _("Choose a date"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  f->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (f->popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), f->popover);
  /* The calendar is only a helper; the entry row stays the input. */
  f->calendar = calendar;
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), f);
  g_signal_connect (f->popover, "show", G_CALLBACK (calendar_shown_cb), f);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (f->row), button);
}

/* Entities ------------------------------------------------------------------ */

static void
fill_entity (JgRecordEditor *self,
             JgEntity       *entity)
{
  static const struct { const char *header; gsize offset; } map[] = {
    { "行政相对人证件类型", G_STRUCT_OFFSET (JgEntity, doc_type) },
    { "行政相对人编码", G_STRUCT_OFFSET (JgEntity, code) },
    { "行政相对人", G_STRUCT_OFFSET (JgEntity, name) },
    { "行政相对人性质", G_STRUCT_OFFSET (JgEntity, nature) },
    { "注册地址", G_STRUCT_OFFSET (JgEntity, registered_address) },
    { "经营地址", G_STRUCT_OFFSET (JgEntity, business_address) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      FieldRow *f = find_field_by_header (self, map[i].header);
      const char *value = G_STRUCT_MEMBER (const char *, entity, map[i].offset);

      if (f == NULL || value == NULL)
        continue;
      jg_record_set (self->record, f->spec->key, value);
      refresh_field (f);
    }
  schedule_change (self);
}

static void
hide_suggestions (JgRecordEditor *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldRow *f = g_ptr_array_index (self->fields, i);

      for (guint j = 0; j < N_SUGGESTIONS; j++)
        if (f->suggest_rows[j] != NULL)
          gtk_widget_set_visible (f->suggest_rows[j], FALSE);
    }
}

static void
suggestion_activated_cb (AdwActionRow *row,
                         FieldRow     *f)
{
  JgRecordEditor *self = f->editor;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));

  if (self->suggestions == NULL || index >= self->suggestions->len)
    return;
  fill_entity (self, g_ptr_array_index (self->suggestions, index));
  hide_suggestions (self);
  gtk_widget_grab_focus (f->row);
}

static void
entity_text_changed_cb (GtkEditable *editable,
                        FieldRow    *f)
{
  JgRecordEditor *self = f->editor;
  const char *text = gtk_editable_get_text (editable);
  guint shown = 0;

  if (self->updating)
    return;

  hide_suggestions (self);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  if (g_utf8_strlen (text, -1) < 2)
    return;

  self->suggestions = jg_record_store_find_entities (self->store, text, N_SUGGESTIONS, NULL);
  for (guint i = 0; self->suggestions != NULL && i < self->suggestions->len && i < N_SUGGESTIONS; i++)
    {
      JgEntity *entity = g_ptr_array_index (self->suggestions, i);
      g_autofree char *title = NULL;

      /* What is typed is this entity already. */
      if (g_strcmp0 (entity->name, text) == 0 || g_strcmp0 (entity->code, text) == 0)
        {
          hide_suggestions (self);
          return;
        }
      /* TRANSLATORS: an entity suggested while typing the party's name */
      title = g_strdup_printf (_("Use %s"), entity->name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->suggest_rows[i]), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (f->suggest_rows[i]), entity->code);
      gtk_widget_set_visible (f->suggest_rows[i], TRUE);
      shown++;
    }
}

static void
add_suggestion_rows (FieldRow            *f,
                     AdwPreferencesGroup *group)
{
  for (guint i = 0; i < N_SUGGESTIONS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("avatar-default-symbolic");

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_add_css_class (row, "suggestion");
      gtk_widget_set_visible (row, FALSE);
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (i));
      g_signal_connect (row, "activated", G_CALLBACK (suggestion_activated_cb), f);
      adw_preferences_group_add (group, row);
      f->suggest_rows[i] = row;
    }
  g_signal_connect_after (f->row, "changed", G_CALLBACK (entity_text_changed_cb), f);
}

/* Officers ------------------------------------------------------------------ */

static void
add_officers (JgRecordEditor *self,
              FieldRow       *f)
{
  const char *department = jg_record_get_department (self->record);
  sqlite3_stmt *stmt;

  f->checks = g_ptr_array_new ();
  for (guint pass = 0; pass < 2 && f->checks->len == 0; pass++)
    {
      stmt = jg_store_prepare (self->store,
                               pass == 0
                               ? "SELECT id, name, cert_no FROM officer WHERE department = ?1 ORDER BY name LIMIT 500"
                               : "SELECT id, name, cert_no FROM officer ORDER BY name LIMIT 500",
                               NULL);
      if (stmt == NULL)
        return;
      if (pass == 0)
        sqlite3_bind_text (stmt, 1, department != NULL ? department : "", -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (stmt, 0);
          const char *name = (const char *) sqlite3_column_text (stmt, 1);
          const char *cert = (const char *) sqlite3_column_text (stmt, 2);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *check = gtk_check_button_new ();
          g_autofree char *subtitle = g_strdup_printf (_("Certificate %s"), cert != NULL ? cert : "—");

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_object_set_data_full (G_OBJECT (check), "officer-id", g_strdup (id), g_free);
          g_object_set_data_full (G_OBJECT (check), "officer-name", g_strdup (name), g_free);
          g_signal_connect (check, "toggled", G_CALLBACK (officer_toggled_cb), f);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (f->row), row);
          g_ptr_array_add (f->checks, check);
        }
      sqlite3_reset (stmt);
    }

  if (f->checks->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No enforcement officers in the roster. Sync the catalogue to download it."));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (f->row), row);
    }
}

static void
build_field (JgRecordEditor    *self,
             const JgFieldSpec *spec)
{
  FieldRow *f = g_new0 (FieldRow, 1);
  AdwPreferencesGroup *group = get_group (self, spec->group != NULL ? spec->group : N_("Record"));
  g_autofree char *title = field_title (spec);
  g_autofree char *accessible = field_accessible_name (spec);

  f->editor = self;
  f->spec = spec;
  g_ptr_array_add (self->fields, f);

  switch (spec->type)
    {
    case JG_FIELD_LONG_TEXT:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
        GtkWidget *label = gtk_label_new (title);
        GtkWidget *frame = gtk_frame_new (NULL);

        f->row = GTK_WIDGET (g_object_new (ADW_TYPE_PREFERENCES_ROW, "title", title,
                                           "activatable", FALSE, "focusable", FALSE, NULL));
        gtk_widget_set_margin_top (box, 8);
        gtk_widget_set_margin_bottom (box, 8);
        gtk_widget_set_margin_start (box, 12);
        gtk_widget_set_margin_end (box, 12);
        gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        gtk_widget_add_css_class (label, "dim-label");
        gtk_widget_add_css_class (label, "caption");
        gtk_box_append (GTK_BOX (box), label);

        f->input = gtk_text_view_new ();
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (f->input), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (f->input), FALSE);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (f->input), 6);
        gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (f->input), 6);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (f->input), 6);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (f->input), 6);
        gtk_widget_set_size_request (f->input, -1, 72);
        gtk_frame_set_child (GTK_FRAME (frame), f->input);
        gtk_box_append (GTK_BOX (box), frame);
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (f->row), box);
        g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->input)), "changed",
                          G_CALLBACK (text_buffer_changed_cb), f);
      }
      break;

    case JG_FIELD_BOOL:
      f->row = adw_action_row_new ();
      f->input = gtk_switch_new ();
      gtk_widget_set_valign (f->input, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (f->row), f->input);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (f->row), f->input);
      g_signal_connect (f->input, "notify::active", G_CALLBACK (switch_active_cb), f);
      break;

    case JG_FIELD_CODE:
      {
        g_autoptr(GListModel) codes = NULL;
        g_autoptr(JgCode) none = jg_code_new (spec->code_table, "", _("Not set"));

        f->row = adw_combo_row_new ();
        f->input = f->row;
        f->codes = g_list_store_new (JG_TYPE_CODE);
        g_list_store_append (f->codes, none);
        codes = jg_catalogue_list_codes_sync (self->store, spec->code_table, NULL);
        for (guint i = 0; codes != NULL && i < g_list_model_get_n_items (codes); i++)
          {
            g_autoptr(JgCode) code = g_list_model_get_item (codes, i);

            g_list_store_append (f->codes, code);
          }
        adw_combo_row_set_expression (ADW_COMBO_ROW (f->row),
                                      gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                   G_CALLBACK (code_label),
                                                                   NULL, NULL));
        adw_combo_row_set_model (ADW_COMBO_ROW (f->row), G_LIST_MODEL (f->codes));
        adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (f->row), FALSE);
        g_signal_connect (f->row, "notify::selected", G_CALLBACK (combo_selected_cb), f);
      }
      break;

    case JG_FIELD_OFFICERS:
      f->row = adw_expander_row_new ();
      f->input = f->row;
      add_officers (self, f);
      break;

    default:
      f->row = adw_entry_row_new ();
      f->input = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (f->row)));
      if (f->input == NULL)
        f->input = f->row;
      g_signal_connect (f->row, "changed", G_CALLBACK (editable_changed_cb), f);
      if (spec->type == JG_FIELD_DATE || spec->type == JG_FIELD_DATETIME)
        {
          add_calendar (f);
          f->input = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (f->row)));
        }
      else if (spec->type == JG_FIELD_CATALOGUE)
        add_chooser (f, "system-search-symbolic", _("Search the catalogue"), TRUE);
      else if (spec->type == JG_FIELD_IMPL)
        add_chooser (f, "view-list-symbolic", _("Choose an implementation entry"), FALSE);
      if (spec->type == JG_FIELD_AMOUNT)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (f->row), GTK_INPUT_PURPOSE_NUMBER);
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (f->row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  if (f->input != f->row)
    gtk_accessible_update_property (GTK_ACCESSIBLE (f->input),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  if (spec->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (f->input),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);
  adw_preferences_group_add (group, f->row);

  if (g_strcmp0 (spec->header, "行政相对人") == 0 ||
      spec->type == JG_FIELD_PARTY_CODE)
    add_suggestion_rows (f, group);

  f->message_row = message_row_new (f);
  adw_preferences_group_add (group, f->message_row);

  /* A required yes/no starts as "no" rather than as a blank to fix. */
  if (spec->type == JG_FIELD_BOOL && jg_record_get (self->record, spec->key) == NULL &&
      jg_record_get_state (self->record) == JG_RECORD_STATE_DRAFT)
    {
      jg_record_set (self->record, spec->key, "0");
      self->dirty = TRUE;
    }

  refresh_field (f);
}

static char *
department_region (JgStore    *store,
                   const char *department)
{
  sqlite3_stmt *stmt = jg_store_prepare (store, "SELECT region FROM department WHERE code = ?1", NULL);
  char *region = NULL;

  if (stmt == NULL || department == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, department, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    region = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return region;
}

/* The party's profile -------------------------------------------------------- */

static void
update_entity_row (JgRecordEditor *self)
{
  gboolean known;

  if (self->entity_row == NULL)
    return;
  known = jg_record_get (self->record, "party_doc_type") != NULL &&
          jg_record_get (self->record, "party_code") != NULL;
  gtk_widget_set_sensitive (self->entity_row, known);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->entity_row),
                               known ? _("Every record about this party, newest first, by kind")
                                     : _("Set the party’s document type and code first"));
}

static void
record_changed_cb (JgRecordEditor *self,
                   const char     *key)
{
  if (g_strcmp0 (key, "party_doc_type") == 0 || g_strcmp0 (key, "party_code") == 0)
    update_entity_row (self);
}

static void
entity_row_activated_cb (JgRecordEditor *self)
{
  const char *doc_type = jg_record_get (self->record, "party_doc_type");
  const char *code = jg_record_get (self->record, "party_code");

  if (doc_type == NULL || code == NULL)
    return;
  jg_record_editor_flush (self);
  g_signal_emit (self, signals[SIGNAL_SHOW_ENTITY], 0, doc_type, code);
}

static void
add_entity_row (JgRecordEditor *self)
{
  FieldRow *f = find_field_by_type (self, JG_FIELD_PARTY_CODE);
  AdwPreferencesGroup *group;
  GtkWidget *arrow;

  if (f == NULL)
    return;
  group = get_group (self, f->spec->group != NULL ? f->spec->group : N_("Record"));
  self->entity_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->entity_row),
                                 _("All Records of This Party"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->entity_row), TRUE);
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->entity_row),
                             gtk_image_new_from_icon_name ("system-users-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->entity_row), arrow);
  /* Its accessible name is its title (AdwActionRow labels itself by it). */
  g_signal_connect_swapped (self->entity_row, "activated", G_CALLBACK (entity_row_activated_cb), self);
  adw_preferences_group_add (group, self->entity_row);
  g_signal_connect_object (self->record, "changed", G_CALLBACK (record_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_entity_row (self);
}

static void
build (JgRecordEditor *self)
{
  JgRecordKind kind = jg_record_get_kind (self->record);
  const JgFieldSpec *specs;
  guint n_fields = 0;

  specs = jg_record_fields (kind, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    build_field (self, &specs[i]);
  add_entity_row (self);

  self->history_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->history_group, _("History"));
  adw_preferences_page_add (self->page, self->history_group);

  if (self->dirty)
    schedule_change (self);
  else
    gtk_label_set_label (self->status_label, _("All changes saved"));
  show_issues (self);
  update_header (self);
  refresh_history (self);
}

/* --- object --------------------------------------------------------------- */

static void
jg_record_editor_dispose (GObject *object)
{
  JgRecordEditor *self = JG_RECORD_EDITOR (object);

  if (self->record != NULL && self->store != NULL)
    jg_record_editor_flush (self);
  g_clear_handle_id (&self->validate_id, g_source_remove);
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_RECORD_EDITOR);

  G_OBJECT_CLASS (jg_record_editor_parent_class)->dispose (object);
}

static void
field_row_free (FieldRow *f)
{
  g_clear_object (&f->codes);
  g_clear_pointer (&f->checks, g_ptr_array_unref);
  g_free (f);
}

static void
jg_record_editor_finalize (GObject *object)
{
  JgRecordEditor *self = JG_RECORD_EDITOR (object);

  g_clear_pointer (&self->context, jg_validation_context_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_object (&self->record);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->store);
  g_free (self->region);

  G_OBJECT_CLASS (jg_record_editor_parent_class)->finalize (object);
}

static void
jg_record_editor_class_init (JgRecordEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_record_editor_dispose;
  object_class->finalize = jg_record_editor_finalize;

  signals[SIGNAL_CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_SHOW_ENTITY] = g_signal_new ("show-entity", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                              G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/jg-record-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, state_badge);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, ready_button);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, page);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, summary_group);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ready_clicked_cb);
}

static void
jg_record_editor_init (JgRecordEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_row_free);
  self->groups = g_hash_table_new (g_str_hash, g_str_equal);
  self->history_rows = g_ptr_array_new ();
}

JgRecordEditor *
jg_record_editor_new (JgStore     *store,
                      JgCatalogue *catalogue,
                      JgRecord    *record)
{
  JgRecordEditor *self;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (JG_IS_RECORD (record), NULL);

  self = g_object_new (JG_TYPE_RECORD_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->catalogue = catalogue != NULL ? g_object_ref (catalogue) : NULL;
  self->record = g_object_ref (record);
  self->context = jg_record_store_get_context (store);
  self->region = department_region (store, jg_record_get_department (record));

  build (self);
  return self;
}

JgRecord *
jg_record_editor_get_record (JgRecordEditor *self)
{
  g_return_val_if_fail (JG_IS_RECORD_EDITOR (self), NULL);

  return self->record;
}
