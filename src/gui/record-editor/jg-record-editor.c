/* jg-record-editor.c — the form of one supervision record, any kind
 *
 * The rows come from jg_record_fields(): one AdwPreferencesGroup per
 * spec->group, a row per field chosen by its type (jg-field-*.c), and under
 * each row a message row (jg-record-editor-fields.c) that shows what a
 * reference refers to, why the server rejected the value, and the field's
 * validation issues (recomputed 150 ms after the last change). Every change
 * is saved 500 ms after the last one; "Save Draft" and leaving the editor
 * save at once. This file holds the saving, the header and the history.
 *
 * The code tables, the roster and the entities are small indexed lookups
 * on the UI thread's own connection; catalogue searches go through
 * JgCatalogue's worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-accessible.h"
#include "jg-columns.h"
#include "jg-post-from-record.h"
#include "jg-record-editor-private.h"
#include "jg-session.h"

#define VALIDATE_DELAY_MS 150
#define SAVE_DELAY_MS 500
/* Pixels kept above a field scrolled into view. */
#define SCROLL_MARGIN 48
/* The form uses a wide window as GNOME apps do: up to this wide, in two
 * columns once each can be this wide (one below that, as on a phone). */
#define FORM_MAX_WIDTH 1400
#define FORM_TIGHTENING_THRESHOLD 1000
#define FORM_MIN_COLUMN_WIDTH 440
/* As AdwPreferencesPage between its groups. */
#define FORM_GROUP_SPACING 24

G_DEFINE_FINAL_TYPE (JgRecordEditor, jg_record_editor, ADW_TYPE_BIN)

enum { SIGNAL_CLOSE, SIGNAL_MESSAGE, SIGNAL_SHOW_ENTITY, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Who the store records for the editor's changes: NULL, the person at
 * this workstation. The store names the signed-in account (or "not signed
 * in") and the workstation; the history shows JgAuditEntry.who, which
 * says so. */
const char *
jg_record_editor_who (void)
{
  return NULL;
}

void
jg_record_editor_emit_message (JgRecordEditor *self,
                               const char     *text)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
}

void
jg_record_editor_emit_show_entity (JgRecordEditor *self,
                                   const char     *doc_type,
                                   const char     *code)
{
  g_signal_emit (self, signals[SIGNAL_SHOW_ENTITY], 0, doc_type, code);
}

static gboolean
validate_timeout_cb (gpointer user_data)
{
  JgRecordEditor *self = user_data;

  self->validate_id = 0;
  jg_record_editor_show_issues (self);
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

/* An accepted record: editing it makes the next revision, to send again.
 * A draft of a revision after the accepted one: the server keeps the
 * accepted one until this one is sent. */
static void
update_revision_bar (JgRecordEditor *self)
{
  JgRecordState state = jg_record_get_state (self->record);
  guint revision = jg_record_get_revision (self->record);
  g_autofree char *text = NULL;

  if (state == JG_RECORD_STATE_ACCEPTED)
    text = g_strdup_printf (_("The server accepted revision %u of this record. Editing it creates "
                              "revision %u, which must be marked ready and sent again."),
                            revision, revision + 1);
  else if (state == JG_RECORD_STATE_DRAFT && self->accepted_revision > 0 &&
           revision > self->accepted_revision)
    text = g_strdup_printf (_("This is revision %u, not sent yet: the server keeps the accepted "
                              "revision %u until this one is marked ready and sent."),
                            revision, self->accepted_revision);

  gtk_label_set_label (self->revision_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->revision_bar, text != NULL);
}

static char *
state_entry_title (JgAuditEntry *entry)
{
  JgRecordState from = JG_RECORD_STATE_DRAFT, to = JG_RECORD_STATE_DRAFT;

  jg_record_state_from_string (entry->from_state, &from);
  jg_record_state_from_string (entry->to_state, &to);
  /* What the server decided about a revision stays readable after later
   * revisions. */
  if (to == JG_RECORD_STATE_ACCEPTED)
    return g_strdup_printf (_("Revision %u accepted by the server"), entry->revision);
  if (to == JG_RECORD_STATE_REJECTED)
    return g_strdup_printf (_("Revision %u rejected by the server"), entry->revision);
  /* TRANSLATORS: history of a record: "张三: 草稿 → 就绪" */
  return g_strdup_printf (_("%s: %s → %s"), entry->who,
                          jg_record_state_get_label (from),
                          jg_record_state_get_label (to));
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
  self->accepted_revision = 0;

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
          title = state_entry_title (entry);
          if (g_strcmp0 (entry->to_state, "accepted") == 0)
            self->accepted_revision = MAX (self->accepted_revision, entry->revision);
        }
      else if (g_strcmp0 (entry->action, "delete") == 0)
        title = g_strdup_printf (_("Deleted by %s"), entry->who);
      else if (g_strcmp0 (entry->action, "restore") == 0)
        title = g_strdup_printf (_("Restored by %s"), entry->who);
      /* The server's copies (jg-record-copies.c): revisions it holds. */
      else if (g_strcmp0 (entry->action, "server-copy") == 0)
        {
          title = g_strdup (_("Received from the server"));
          self->accepted_revision = MAX (self->accepted_revision, entry->revision);
        }
      else if (g_strcmp0 (entry->action, "server-delete") == 0)
        title = g_strdup (_("Deleted on another workstation"));
      else if (g_strcmp0 (entry->action, "kept-local") == 0)
        /* TRANSLATORS: history of a record: another workstation sent a
         * newer revision while this one had changes not yet sent */
        title = g_strdup_printf (_("Your unsent changes were kept over revision %u from the server"),
                                 entry->revision);
      else if (g_strcmp0 (entry->action, "move") == 0)
        /* TRANSLATORS: history of a record written signed out, then moved
         * into the account at sign-in (jg-record-move.c) */
        title = g_strdup_printf (_("Moved into this account by %s"), entry->who);
      else
        {
          g_autoptr(GString) fields = g_string_new (NULL);
          g_auto(GStrv) keys = g_strsplit (entry->detail != NULL ? entry->detail : "", ",", -1);

          for (guint j = 0; keys[j] != NULL; j++)
            {
              if (*keys[j] == '\0')
                continue;
              if (fields->len > 0)
                g_string_append (fields, _(", "));
              g_string_append (fields, header_of (self, keys[j]));
            }
          if (g_strcmp0 (entry->action, "server-update") == 0)
            {
              /* TRANSLATORS: history of a record: the fields a newer
               * revision from the server changed */
              title = g_strdup_printf (_("Updated from the server: %s"), fields->str);
              self->accepted_revision = MAX (self->accepted_revision, entry->revision);
            }
          else
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
  update_revision_bar (self);
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
  update_revision_bar (self);
  gtk_widget_set_visible (self->exposure_button, jg_post_from_record_is_eligible (self->record));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->exposure_button), "s",
                                    jg_record_get_uuid (self->record));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->exposure_button), "win.create-exposure");
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
      jg_accessible_set_label (self->ready_button, _("Back to Draft"));
      gtk_widget_set_sensitive (self->ready_button, TRUE);
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (self->ready_button), _("_Mark Ready"));
      jg_accessible_set_label (self->ready_button, _("Mark Ready"));
      /* Also with errors: trying is what shows them all. */
      gtk_widget_set_sensitive (self->ready_button, state == JG_RECORD_STATE_DRAFT);
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
  if (!jg_record_store_save (self->store, self->record, jg_record_editor_who (), &error))
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

void
jg_record_editor_schedule_change (JgRecordEditor *self)
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

/* Escape and Alt+Left: back to the list, as the back button. */
static gboolean
leave_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  back_clicked_cb (JG_RECORD_EDITOR (widget));
  return TRUE;
}

static void
save_clicked_cb (JgRecordEditor *self)
{
  self->dirty = TRUE;
  if (jg_record_editor_flush (self))
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, _("Draft saved."));
}

/* The first field the server rejected (@rejected), else the first field
 * showing an error. */
static JgFieldRow *
first_field (JgRecordEditor *self,
             gboolean        rejected)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      JgFieldRow *f = g_ptr_array_index (self->fields, i);

      if (rejected ? f->reason != NULL : f->invalid)
        return f;
    }
  return NULL;
}

/* The page only scrolls to a focused row it has laid out: once it has,
 * bring the field (and the message under it) into view. */
static gboolean
scroll_to_field_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  JgRecordEditor *self = JG_RECORD_EDITOR (widget);
  JgFieldRow *f = NULL;
  GtkWidget *scrolled;
  GtkWidget *content;
  graphene_rect_t bounds;

  for (guint i = 0; f == NULL && i < self->fields->len; i++)
    if (g_ptr_array_index (self->fields, i) == user_data)
      f = user_data;
  if (f == NULL)
    return G_SOURCE_REMOVE;
  if (gtk_widget_get_height (f->message_row) == 0 && gtk_widget_get_visible (f->message_row))
    return G_SOURCE_CONTINUE;

  scrolled = gtk_widget_get_ancestor (f->row, GTK_TYPE_SCROLLED_WINDOW);
  content = scrolled != NULL ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)) : NULL;
  if (content != NULL && gtk_widget_compute_bounds (f->row, content, &bounds))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      /* The group's title above the row stays in sight. */
      gtk_adjustment_set_value (adjustment, bounds.origin.y - SCROLL_MARGIN);
    }
  return G_SOURCE_REMOVE;
}

/* Moves the focus to @f (may be NULL) and scrolls it into view. */
static gboolean
focus_field (JgRecordEditor *self,
             JgFieldRow     *f)
{
  if (f == NULL || !gtk_widget_grab_focus (f->input))
    return FALSE;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_field_cb, f, NULL);
  return TRUE;
}

static void
ready_clicked_cb (JgRecordEditor *self)
{
  g_autoptr(GError) error = NULL;
  JgRecordState state = jg_record_get_state (self->record);
  JgRecordState target = state == JG_RECORD_STATE_READY ? JG_RECORD_STATE_DRAFT
                                                         : JG_RECORD_STATE_READY;

  /* What the app filled in goes with the record. */
  self->dirty |= self->filled;
  if (!jg_record_editor_flush (self))
    return;
  g_clear_handle_id (&self->validate_id, g_source_remove);
  if (target == JG_RECORD_STATE_READY)
    self->show_all_issues = TRUE;
  jg_record_editor_show_issues (self);
  if (target == JG_RECORD_STATE_READY && self->has_errors)
    {
      focus_field (self, first_field (self, FALSE));
      return;
    }

  if (!jg_record_store_set_state (self->store, self->record, target, jg_record_editor_who (), &error))
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

static void
build (JgRecordEditor *self)
{
  /* A rejected record was marked ready once: all its problems show. */
  self->show_all_issues = jg_record_get_state (self->record) == JG_RECORD_STATE_REJECTED;
  jg_record_editor_build_fields (self);
  jg_record_editor_fill_department (self);
  jg_field_party_add_entity_row (self);
  jg_record_editor_load_reasons (self);

  self->history_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->history_group, _("History"));
  jg_record_editor_lay_out_groups (self, self->history_group);

  if (self->dirty)
    jg_record_editor_schedule_change (self);
  else
    gtk_label_set_label (self->status_label, _("All changes saved"));
  jg_record_editor_show_issues (self);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/record-editor/jg-record-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, state_badge);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, ready_button);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, exposure_button);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, reasons_bar);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, revision_bar);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, revision_label);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, clamp);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, form_box);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, summary_group);
  gtk_widget_class_bind_template_child (widget_class, JgRecordEditor, summary_label);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, leave_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, leave_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK, leave_cb, NULL);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ready_clicked_cb);
}

static void
jg_record_editor_init (JgRecordEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_clamp_set_maximum_size (self->clamp, FORM_MAX_WIDTH);
  adw_clamp_set_tightening_threshold (self->clamp, FORM_TIGHTENING_THRESHOLD);
  self->columns = jg_columns_new (FORM_MIN_COLUMN_WIDTH, FORM_GROUP_SPACING);
  gtk_box_append (self->form_box, self->columns);
  jg_accessible_fix_names (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_field_row_free);
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
  self->region = jg_catalogue_department_region_sync (store, jg_record_get_department (record));

  build (self);
  return self;
}

void
jg_record_editor_focus (JgRecordEditor *self)
{
  g_return_if_fail (JG_IS_RECORD_EDITOR (self));

  if (focus_field (self, first_field (self, TRUE)))
    return;
  /* The back button, then the first field. */
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

JgRecord *
jg_record_editor_get_record (JgRecordEditor *self)
{
  g_return_val_if_fail (JG_IS_RECORD_EDITOR (self), NULL);

  return self->record;
}
