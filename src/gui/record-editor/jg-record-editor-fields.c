/* jg-record-editor-fields.c — what every row of the record editor shares
 *
 * A field's row (its kind's, see jg-field-*.c) is followed by a message row
 * that says what a reference refers to, why the server rejected the value,
 * and the validator's issues; the row's accessible description says the
 * last two, so that a screen reader reads them with the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-accessible.h"
#include "jg-columns.h"
#include "jg-entry-popover.h"
#include "jg-message-row.h"
#include "jg-record-states.h"
#include "jg-record-editor-private.h"

static const JgFieldKind *
kind_of (JgFieldType type)
{
  switch (type)
    {
    case JG_FIELD_LONG_TEXT:
      return &jg_field_long_text_kind;
    case JG_FIELD_BOOL:
      return &jg_field_switch_kind;
    case JG_FIELD_CODE:
      return &jg_field_code_kind;
    case JG_FIELD_DATE:
    case JG_FIELD_DATETIME:
      return &jg_field_date_kind;
    case JG_FIELD_CATALOGUE:
      return &jg_field_catalogue_kind;
    case JG_FIELD_IMPL:
      return &jg_field_impl_kind;
    case JG_FIELD_OFFICERS:
      return &jg_field_officers_kind;
    case JG_FIELD_TEXT:
    case JG_FIELD_AMOUNT:
    case JG_FIELD_PARTY_CODE:
    case JG_FIELD_RECORD_LINK:
    default:
      return &jg_field_text_kind;
    }
}

/* The first row whose spec matches: by @type, or by @header if not NULL. */
static JgFieldRow *
find_field (JgRecordEditor *self,
            JgFieldType     type,
            const char     *header)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      JgFieldRow *f = g_ptr_array_index (self->fields, i);

      if (header != NULL ? g_strcmp0 (f->spec->header, header) == 0 : f->spec->type == type)
        return f;
    }
  return NULL;
}

JgFieldRow *
jg_record_editor_find_field (JgRecordEditor *self,
                             JgFieldType     type)
{
  return find_field (self, type, NULL);
}

JgFieldRow *
jg_record_editor_find_field_by_header (JgRecordEditor *self,
                                       const char     *header)
{
  return find_field (self, 0, header);
}

AdwPreferencesGroup *
jg_record_editor_get_group (JgRecordEditor *self,
                            const char     *name)
{
  /* All in the first column until they are laid out. */
  return jg_columns_get_group (JG_COLUMNS (self->columns), self->groups, name);
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
update_message_row (JgFieldRow *f)
{
  gtk_widget_set_visible (f->message_row,
                          gtk_widget_get_visible (f->info_label) ||
                          gtk_widget_get_visible (f->reason_label) ||
                          gtk_widget_get_visible (f->message_label));
}

static void
update_info (JgFieldRow *f)
{
  const JgFieldKind *kind = kind_of (f->spec->type);
  g_autofree char *text = NULL;

  if (kind->describe == NULL)
    return;
  text = kind->describe (f, jg_record_get (f->editor->record, f->spec->key));
  gtk_label_set_label (GTK_LABEL (f->info_label), text != NULL ? text : "");
  gtk_widget_set_visible (f->info_label, text != NULL && *text != '\0');
  update_message_row (f);
}

void
jg_field_row_set_value (JgFieldRow *f,
                        const char *value)
{
  JgRecordEditor *self = f->editor;

  if (self->updating)
    return;
  if (g_strcmp0 (jg_record_get (self->record, f->spec->key),
                 value != NULL && *value != '\0' ? value : NULL) == 0)
    return;

  /* Editing a record that waits to be sent takes it back to the drafts. */
  if (jg_record_get_state (self->record) == JG_RECORD_STATE_READY)
    {
      g_autoptr(GError) error = NULL;

      if (!jg_record_store_set_state (self->store, self->record, JG_RECORD_STATE_DRAFT,
                                      jg_record_editor_who (), &error))
        jg_record_editor_emit_message (self, error->message);
    }

  /* The server's reason was about the value it saw. */
  g_clear_pointer (&f->reason, g_free);

  jg_record_set (self->record, f->spec->key, value);
  update_info (f);
  jg_record_editor_schedule_change (self);
}

gboolean
jg_field_row_fill (JgFieldRow *f,
                   const char *value,
                   const char *replaceable)
{
  JgRecordEditor *self = f->editor;
  const char *current = jg_record_get (self->record, f->spec->key);

  if (value != NULL && *value == '\0')
    value = NULL;
  if (current != NULL && g_strcmp0 (current, replaceable) != 0)
    return FALSE;   /* the user's */
  if (g_strcmp0 (current, value) == 0)
    return FALSE;

  jg_record_set (self->record, f->spec->key, value);
  jg_field_row_refresh (f);
  self->filled = TRUE;
  return TRUE;
}

/* Shows the widget's value from the record. */
void
jg_field_row_refresh (JgFieldRow *f)
{
  JgRecordEditor *self = f->editor;
  const char *value = jg_record_get (self->record, f->spec->key);
  const JgFieldKind *kind = kind_of (f->spec->type);

  self->updating = TRUE;
  if (kind->refresh != NULL)
    kind->refresh (f, value);
  else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (f->row)), value != NULL ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (f->row), value != NULL ? value : "");
  self->updating = FALSE;
  update_info (f);
}

/* --- rows ------------------------------------------------------------------ */

static GtkWidget *
message_row_new (JgFieldRow *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  f->info_label = jg_message_label_new ("dim-label");
  gtk_box_append (GTK_BOX (box), f->info_label);
  f->reason_label = jg_message_label_new ("error");
  gtk_box_append (GTK_BOX (box), f->reason_label);
  f->message_label = jg_message_label_new (NULL);
  gtk_box_append (GTK_BOX (box), f->message_label);
  /* A JgMessageRow, so that the group keeps it right under the field's
   * row and Tab goes on through the group past it. */
  return jg_message_row_new (box);
}

void
jg_field_row_add_popover_button (JgFieldRow *f,
                                 const char *icon,
                                 const char *tooltip,
                                 const char *accessible,
                                 GtkWidget  *popover)
{
  jg_entry_row_add_popover (ADW_ENTRY_ROW (f->row), icon, tooltip, accessible, popover);
}

/* The field's issues are shown once the focus has left it (not while the
 * user is still typing, nor for a field not reached yet). A chooser's
 * popover is inside the row: going there is not leaving. */
static void
focus_leave_cb (GtkEventControllerFocus *controller,
                JgFieldRow              *f)
{
  GtkRoot *root = gtk_widget_get_root (f->row);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (f->left || (focus != NULL && gtk_widget_is_ancestor (focus, f->row)))
    return;
  f->left = TRUE;
  g_clear_handle_id (&f->editor->validate_id, g_source_remove);
  jg_record_editor_show_issues (f->editor);
}

static void
build_field (JgRecordEditor    *self,
             const JgFieldSpec *spec)
{
  JgFieldRow *f = g_new0 (JgFieldRow, 1);
  AdwPreferencesGroup *group;
  g_autofree char *title = field_title (spec);
  g_autofree char *accessible = field_accessible_name (spec);
  GtkEventController *controller;

  f->editor = self;
  f->spec = spec;
  g_ptr_array_add (self->fields, f);

  kind_of (spec->type)->build (f);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (f->row), FALSE);
  jg_accessible_fix_names (f->row);
  /* One name, marked as the title is (not the title after it). */
  if (spec->required)
    {
      char *marked = g_strdup_printf (_("%s *"), accessible);

      g_free (accessible);
      accessible = marked;
    }
  jg_accessible_set_label (f->row, accessible);
  if (f->input != f->row)
    jg_accessible_set_label (f->input, accessible);
  if (spec->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (f->input),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);
  group = jg_record_editor_get_group (self, spec->group != NULL ? spec->group : N_("Record"));
  adw_preferences_group_add (group, f->row);

  if (g_strcmp0 (spec->header, "行政相对人") == 0 ||
      spec->type == JG_FIELD_PARTY_CODE)
    jg_field_party_add_suggestions (f, group);

  f->message_row = message_row_new (f);
  adw_preferences_group_add (group, f->message_row);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), f);
  gtk_widget_add_controller (f->row, controller);

  jg_field_row_refresh (f);
  /* A value saved before was written by someone: its problems show at
   * once; an empty field waits to be left (only its "*" shows). */
  f->left = jg_record_get (self->record, spec->key) != NULL;
}

void
jg_record_editor_build_fields (JgRecordEditor *self)
{
  const JgFieldSpec *specs;
  guint n_fields = 0;

  specs = jg_record_fields (jg_record_get_kind (self->record), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    build_field (self, &specs[i]);
}

static GtkWidget *
field_row_at (gpointer data,
              guint    index)
{
  JgRecordEditor *self = data;
  JgFieldRow *f = g_ptr_array_index (self->fields, index);

  return f->row;
}

void
jg_record_editor_lay_out_groups (JgRecordEditor      *self,
                                 AdwPreferencesGroup *last)
{
  GtkBox *first = jg_columns_get_column (JG_COLUMNS (self->columns), 0);
  GtkBox *second = jg_columns_get_column (JG_COLUMNS (self->columns), 1);

  /* The first column takes groups until it holds half the fields. */
  jg_columns_balance_groups (JG_COLUMNS (self->columns), self->fields->len, field_row_at, self);
  if (last != NULL)
    gtk_box_append (gtk_widget_get_first_child (GTK_WIDGET (second)) != NULL ? second : first,
                    GTK_WIDGET (last));
}

void
jg_field_row_free (JgFieldRow *f)
{
  g_clear_object (&f->codes);
  g_clear_pointer (&f->checks, g_ptr_array_unref);
  g_free (f->reason);
  g_free (f);
}

/* --- the server's reasons -------------------------------------------------- */

/* Why the server rejected the record, beside the field each names; those
 * naming no field of the form go in the bar at the top. */
void
jg_record_editor_load_reasons (JgRecordEditor *self)
{
  JgRecordKind kind = jg_record_get_kind (self->record);
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GString) general = g_string_new (NULL);

  if (jg_record_get_state (self->record) != JG_RECORD_STATE_REJECTED)
    return;
  reasons = jg_record_store_get_reasons (self->store, jg_record_get_uuid (self->record), NULL);
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      JgRecordReason *reason = g_ptr_array_index (reasons, i);
      const JgFieldSpec *spec = reason->field != NULL ? jg_record_field_lookup (kind, reason->field)
                                                      : NULL;
      JgFieldRow *f = NULL;

      for (guint j = 0; spec != NULL && f == NULL && j < self->fields->len; j++)
        if (((JgFieldRow *) g_ptr_array_index (self->fields, j))->spec == spec)
          f = g_ptr_array_index (self->fields, j);

      if (f != NULL)
        {
          char *joined = f->reason == NULL ? g_strdup (reason->message)
                                           : g_strconcat (f->reason, "\n", reason->message, NULL);
          g_free (f->reason);
          f->reason = joined;
          continue;
        }
      if (general->len > 0)
        g_string_append_c (general, '\n');
      if (reason->field != NULL)
        /* TRANSLATORS: a rejected field and the server's reason */
        g_string_append_printf (general, _("%s: %s"), reason->field, reason->message);
      else
        g_string_append (general, reason->message);
    }

  gtk_label_set_label (self->reasons_label, general->str);
  gtk_widget_set_visible (self->reasons_bar, general->len > 0);
}

/* --- validation ------------------------------------------------------------ */

static void
show_field_issues (JgFieldRow *f,
                   GPtrArray  *issues)
{
  g_autoptr(GPtrArray) mine = jg_issues_for_field (issues, f->spec->key);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *reason = NULL;
  g_autofree char *description = NULL;
  gboolean error = f->reason != NULL;

  /* Not left yet: no word about it but the server's. */
  if (!f->left && !f->editor->show_all_issues)
    g_ptr_array_set_size (mine, 0);

  for (guint j = 0; j < mine->len; j++)
    {
      JgIssue *issue = g_ptr_array_index (mine, j);

      error |= issue->severity == JG_ISSUE_ERROR;
      /* Our own rules found what the server said (a reason sent with its
       * template is rendered in our language, word for word): the
       * server's line below says it once. */
      if (g_strcmp0 (issue->message, f->reason) == 0)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, issue->message);
    }

  if (f->reason != NULL)
    /* TRANSLATORS: under a field of the record form */
    reason = g_strdup_printf (_("Rejected by the server: %s"), f->reason);
  gtk_label_set_label (GTK_LABEL (f->reason_label), reason != NULL ? reason : "");
  gtk_widget_set_visible (f->reason_label, reason != NULL);

  gtk_label_set_label (GTK_LABEL (f->message_label), text->str);
  gtk_widget_remove_css_class (f->message_label, "error");
  gtk_widget_remove_css_class (f->message_label, "warning");
  if (text->len > 0)
    gtk_widget_add_css_class (f->message_label, error ? "error" : "warning");
  gtk_widget_set_visible (f->message_label, text->len > 0);
  update_message_row (f);
  f->invalid = error;

  description = g_strjoin (reason != NULL && text->len > 0 ? "\n" : "",
                           reason != NULL ? reason : "", text->str, NULL);
  /* The row is what AT-SPI shows for an entry row; the delegate may be
   * what has the focus: describe both. */
  for (guint k = 0; k < 2; k++)
    {
      GtkWidget *w = k == 0 ? f->row : f->input;

      if (k == 1 && f->input == f->row)
        break;
      gtk_accessible_update_property (GTK_ACCESSIBLE (w),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (w),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}

void
jg_record_editor_show_issues (JgRecordEditor *self)
{
  g_autoptr(GPtrArray) issues = jg_validate_record (self->record, self->context);
  g_autoptr(GString) general = g_string_new (NULL);
  guint n_errors = 0;

  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = g_ptr_array_index (issues, i);

      if (issue->severity == JG_ISSUE_ERROR)
        n_errors++;
      if (issue->field == NULL || jg_record_field_lookup (jg_record_get_kind (self->record),
                                                          issue->field) == NULL)
        {
          if (general->len > 0)
            g_string_append_c (general, '\n');
          g_string_append (general, issue->message);
        }
    }

  for (guint i = 0; i < self->fields->len; i++)
    show_field_issues (g_ptr_array_index (self->fields, i), issues);

  self->has_errors = n_errors > 0;

  /* The count waits for the user to try to mark the record ready. */
  if (self->show_all_issues && (n_errors > 0 || general->len > 0))
    {
      g_autofree char *summary = NULL;

      summary = jg_message_summary_join (n_errors > 0
                                         ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                         "%u problem must be fixed before the record can be marked ready.",
                                                                         "%u problems must be fixed before the record can be marked ready.",
                                                                         n_errors), n_errors)
                                         : NULL, general->str);
      gtk_label_set_label (self->summary_label, summary);
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), n_errors > 0 ? "error" : "warning");
      gtk_widget_set_visible (GTK_WIDGET (self->summary_group), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->summary_group), FALSE);

  gtk_widget_set_tooltip_text (self->ready_button,
                               self->has_errors && self->show_all_issues
                               ? _("Fix the problems shown in red first") : NULL);
}
