/* jg-post-form-fields.c — the rows of the post form, one kind per field type
 *
 * As in the record editor (jg-field-*.c), a field's row is followed by a
 * JgMessageRow with its issues; the row's accessible description says
 * them too. One line (text, amounts, credit codes) is an AdwEntryRow,
 * several lines a JgLongTextRow, a date an entry row with the calendar of
 * jg-entry-popover.c, a choice or a department an AdwComboRow, tags a set
 * of toggle chips, record links a list of UUIDs with a remove button each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-accessible.h"
#include "jg-code.h"
#include "jg-columns.h"
#include "jg-entry-popover.h"
#include "jg-long-text-row.h"
#include "jg-message-row.h"
#include "jg-post-form-private.h"

/* Chips per line: the labels of a long list (处罚类别) are long. */
#define CHIPS_PER_LINE_SHORT 3
#define CHIPS_PER_LINE_LONG 2
#define SHORT_CHOICE_LIST 6
#define ROW_MARGIN_VERTICAL 8
#define ROW_MARGIN_HORIZONTAL 12

/* --- values ------------------------------------------------------------------ */

void
jg_post_form_row_set_value (JgPostFormRow *r,
                            const char    *value)
{
  JgPostForm *self = r->form;

  if (self->post == NULL)
    return;
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (jg_post_get (self->post, r->spec->key), value) == 0)
    return;
  self->writing = r;
  jg_post_set (self->post, r->spec->key, value);
  self->writing = NULL;
}

static void
update_count (JgPostFormRow *r,
              const char    *value)
{
  glong n = value != NULL ? g_utf8_strlen (value, -1) : 0;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  if (r->count_label == NULL)
    return;
  /* TRANSLATORS: characters typed / allowed, after a post's title */
  text = g_strdup_printf (_("%ld/%u"), n, r->spec->max_length);
  gtk_label_set_label (GTK_LABEL (r->count_label), text);
  if (n > (glong) r->spec->max_length)
    {
      gtk_widget_remove_css_class (r->count_label, "dim-label");
      gtk_widget_add_css_class (r->count_label, "error");
    }
  else
    {
      gtk_widget_remove_css_class (r->count_label, "error");
      gtk_widget_add_css_class (r->count_label, "dim-label");
    }
  accessible = g_strdup_printf (_("%ld of at most %u characters"), n, r->spec->max_length);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->count_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
refresh_choice (JgPostFormRow *r,
                const char    *value)
{
  guint position = 0;

  for (guint i = 1; value != NULL && i < r->choice_values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (r->choice_values, i), value) == 0)
      position = i;
  /* A code this list does not have (a department not offered yet): shown
   * as it is rather than lost. */
  if (value != NULL && position == 0)
    {
      g_ptr_array_add (r->choice_values, g_strdup (value));
      gtk_string_list_append (r->choice_labels, value);
      position = r->choice_values->len - 1;
    }
  adw_combo_row_set_selected (ADW_COMBO_ROW (r->row), position);
}

static void
refresh_chips (JgPostFormRow *r,
               const char    *value)
{
  g_auto(GStrv) values = value != NULL ? g_strsplit (value, ";", -1) : NULL;

  for (guint i = 0; i < r->chips->len; i++)
    {
      GtkWidget *chip = g_ptr_array_index (r->chips, i);
      const char *code = r->spec->choices[i].value;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip),
                                    values != NULL && g_strv_contains ((const char * const *) values, code));
    }
}

static void remove_link_clicked_cb (GtkButton *button, JgPostFormRow *r);

static void
refresh_links (JgPostFormRow *r,
               const char    *value)
{
  g_auto(GStrv) links = value != NULL ? g_strsplit (value, ";", -1) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (r->links_box)) != NULL)
    gtk_box_remove (GTK_BOX (r->links_box), child);

  if (links == NULL)
    {
      GtkWidget *none = gtk_label_new (_("No linked records"));

      gtk_label_set_xalign (GTK_LABEL (none), 0.0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (r->links_box), none);
      return;
    }
  for (guint i = 0; links[i] != NULL; i++)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (links[i]);
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *accessible = g_strdup_printf (_("Remove the link to %s"), links[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "monospace");
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this link"));
      jg_accessible_fix_tooltip (remove);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data_full (G_OBJECT (remove), "jg-link", g_strdup (links[i]), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_link_clicked_cb), r);
      gtk_box_append (GTK_BOX (line), label);
      gtk_box_append (GTK_BOX (line), remove);
      gtk_box_append (GTK_BOX (r->links_box), line);
    }
}

void
jg_post_form_row_refresh (JgPostFormRow *r)
{
  JgPostForm *self = r->form;
  const char *value = self->post != NULL ? jg_post_get (self->post, r->spec->key) : NULL;
  gboolean updating = self->updating;

  self->updating = TRUE;
  switch (r->spec->type)
    {
    case JG_POST_FIELD_LONG_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (r->input));
        GtkTextIter start, end;
        g_autofree char *text = NULL;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        if (g_strcmp0 (text, value != NULL ? value : "") != 0)
          gtk_text_buffer_set_text (buffer, value != NULL ? value : "", -1);
      }
      break;
    case JG_POST_FIELD_HTML:
      break;   /* the body editor binds itself */
    case JG_POST_FIELD_CHOICE:
    case JG_POST_FIELD_DEPARTMENT:
      refresh_choice (r, value);
      break;
    case JG_POST_FIELD_TAGS:
      refresh_chips (r, value);
      break;
    case JG_POST_FIELD_RECORD_LINKS:
      refresh_links (r, value);
      break;
    case JG_POST_FIELD_BOOL:
      gtk_switch_set_active (GTK_SWITCH (r->input), g_strcmp0 (value, "1") == 0);
      break;
    case JG_POST_FIELD_TEXT:
    case JG_POST_FIELD_DATE:
    case JG_POST_FIELD_AMOUNT:
    case JG_POST_FIELD_CREDIT_CODE:
    default:
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (r->row)), value != NULL ? value : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (r->row), value != NULL ? value : "");
      update_count (r, value);
      break;
    }
  self->updating = updating;
}

/* --- the widgets' signals ---------------------------------------------------- */

static void
editable_changed_cb (GtkEditable   *editable,
                     JgPostFormRow *r)
{
  const char *text = gtk_editable_get_text (editable);

  update_count (r, text);
  if (!r->form->updating)
    jg_post_form_row_set_value (r, text);
}

static void
text_buffer_changed_cb (GtkTextBuffer *buffer,
                        JgPostFormRow *r)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (r->form->updating)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  jg_post_form_row_set_value (r, text);
}

static void
combo_selected_cb (AdwComboRow   *row,
                   GParamSpec    *pspec,
                   JgPostFormRow *r)
{
  guint position = adw_combo_row_get_selected (row);
  const char *value = position < r->choice_values->len ? g_ptr_array_index (r->choice_values, position)
                                                       : NULL;

  if (r->form->updating)
    return;
  jg_post_form_row_set_value (r, value);
  /* The user chose another kind of party: what the new kind does not
   * show (a natural person's ID, an organisation's credit code) is not
   * kept hidden in the disclosure. */
  if (strcmp (r->spec->key, "party_kind") == 0)
    for (guint i = 0; i < r->form->rows->len; i++)
      {
        JgPostFormRow *other = g_ptr_array_index (r->form->rows, i);

        if (!gtk_widget_get_visible (other->row))
          jg_post_form_row_set_value (other, NULL);
      }
}

static void
chip_toggled_cb (GtkToggleButton *chip,
                 JgPostFormRow   *r)
{
  g_autoptr(GString) value = g_string_new (NULL);

  if (r->form->updating)
    return;
  for (guint i = 0; i < r->chips->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (r->chips, i)))
      {
        if (value->len > 0)
          g_string_append_c (value, ';');
        g_string_append (value, r->spec->choices[i].value);
      }
  jg_post_form_row_set_value (r, value->str);
  /* A chip pressed is a choice made: its problems may show. */
  r->left = TRUE;
  jg_post_form_schedule_check (r->form);
}

static void
switch_active_cb (GtkSwitch     *sw,
                  GParamSpec    *pspec,
                  JgPostFormRow *r)
{
  if (r->form->updating)
    return;
  jg_post_form_row_set_value (r, gtk_switch_get_active (sw) ? "1" : "0");
  r->left = TRUE;
}

static void
remove_link_clicked_cb (GtkButton     *button,
                        JgPostFormRow *r)
{
  const char *link = g_object_get_data (G_OBJECT (button), "jg-link");
  const char *value = jg_post_get (r->form->post, r->spec->key);
  g_auto(GStrv) links = value != NULL ? g_strsplit (value, ";", -1) : NULL;
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) rest = NULL;
  g_autofree char *joined = NULL;

  for (guint i = 0; links != NULL && links[i] != NULL; i++)
    if (g_strcmp0 (links[i], link) != 0)
      g_strv_builder_add (kept, links[i]);
  rest = g_strv_builder_end (kept);
  joined = g_strjoinv (";", rest);
  /* The button goes with its line: the focus goes to the list. */
  gtk_widget_grab_focus (r->links_box);
  jg_post_form_row_set_value (r, joined);
  jg_post_form_row_refresh (r);
}

static void
mask_clicked_cb (GtkButton     *button,
                 JgPostFormRow *r)
{
  jg_post_form_mask_row (r);
}

static void
generate_clicked_cb (GtkButton  *button,
                     JgPostForm *self)
{
  jg_post_form_generate_narrative (self);
}

/* --- building ---------------------------------------------------------------- */

static GtkWidget *
caption_label_new (GtkWidget *row)
{
  GtkWidget *label = gtk_label_new (NULL);

  g_object_bind_property (row, "title", label, "label", G_BINDING_SYNC_CREATE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

/* An AdwPreferencesRow with its title as a caption over @content. */
static GtkWidget *
box_row_new (GtkWidget *content)
{
  GtkWidget *row = GTK_WIDGET (g_object_new (ADW_TYPE_PREFERENCES_ROW,
                                             "activatable", FALSE, "focusable", FALSE, NULL));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_set_margin_top (box, ROW_MARGIN_VERTICAL);
  gtk_widget_set_margin_bottom (box, ROW_MARGIN_VERTICAL);
  gtk_widget_set_margin_start (box, ROW_MARGIN_HORIZONTAL);
  gtk_widget_set_margin_end (box, ROW_MARGIN_HORIZONTAL);
  gtk_box_append (GTK_BOX (box), caption_label_new (row));
  gtk_box_append (GTK_BOX (box), content);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
build_entry (JgPostFormRow *r)
{
  r->row = adw_entry_row_new ();
  g_signal_connect (r->row, "changed", G_CALLBACK (editable_changed_cb), r);

  if (r->spec->type == JG_POST_FIELD_DATE)
    {
      g_autofree char *accessible = g_strdup_printf (_("Choose a date: %s"), _(r->spec->label));

      jg_entry_row_add_date_picker (ADW_ENTRY_ROW (r->row), FALSE, accessible);
    }
  else if (r->spec->type == JG_POST_FIELD_AMOUNT)
    {
      /* TRANSLATORS: the unit after an amount: 万元 */
      GtkWidget *unit = gtk_label_new (_("×10,000 yuan"));

      gtk_widget_add_css_class (unit, "dim-label");
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (r->row), GTK_INPUT_PURPOSE_NUMBER);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (r->row), unit);
    }
  else if (strcmp (r->spec->key, "title") == 0 && r->spec->max_length > 0)
    {
      r->count_label = gtk_label_new (NULL);
      gtk_widget_add_css_class (r->count_label, "numeric");
      gtk_widget_add_css_class (r->count_label, "caption");
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (r->row), r->count_label);
    }
  /* After the suffixes: adding one may rebuild the row's insides. */
  r->input = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (r->row)));
  if (r->input == NULL)
    r->input = r->row;
}

static void
build_long_text (JgPostFormRow *r)
{
  GtkWidget *extra = NULL;
  GtkTextView *view;

  if (strcmp (r->spec->key, "narrative") == 0)
    {
      extra = gtk_button_new_with_mnemonic (_("_Generate from the Fields"));
      gtk_widget_set_halign (extra, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (extra, _("Write the narrative again from the fields above"));
      g_signal_connect (extra, "clicked", G_CALLBACK (generate_clicked_cb), r->form);
    }
  r->row = jg_long_text_row_new (&view, extra);
  r->input = GTK_WIDGET (view);
  g_signal_connect (gtk_text_view_get_buffer (view), "changed",
                    G_CALLBACK (text_buffer_changed_cb), r);
}

static GtkStringList *
choice_list_new (JgPostFormRow *r)
{
  GtkStringList *labels = gtk_string_list_new (NULL);

  g_clear_pointer (&r->choice_values, g_ptr_array_unref);
  r->choice_values = g_ptr_array_new_with_free_func (g_free);
  /* First: nothing chosen yet, so that an empty required field is not
   * silently given the first value. */
  g_ptr_array_add (r->choice_values, NULL);
  gtk_string_list_append (labels, _("Not chosen"));
  return labels;
}

static void
build_choice (JgPostFormRow *r)
{
  r->row = adw_combo_row_new ();
  r->input = r->row;
  r->choice_labels = choice_list_new (r);
  for (const JgPostChoice *c = r->spec->choices; c != NULL && c->value != NULL; c++)
    {
      g_ptr_array_add (r->choice_values, g_strdup (c->value));
      gtk_string_list_append (r->choice_labels, _(c->label));
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (r->row), G_LIST_MODEL (r->choice_labels));
  g_signal_connect (r->row, "notify::selected", G_CALLBACK (combo_selected_cb), r);
}

void
jg_post_form_refresh_departments (JgPostForm *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      JgPostFormRow *r = g_ptr_array_index (self->rows, i);
      guint n = self->departments != NULL ? g_list_model_get_n_items (self->departments) : 0;

      if (r->spec->type != JG_POST_FIELD_DEPARTMENT)
        continue;
      g_clear_object (&r->choice_labels);
      r->choice_labels = choice_list_new (r);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(JgCode) code = g_list_model_get_item (self->departments, j);

          g_ptr_array_add (r->choice_values, g_strdup (jg_code_get_code (code)));
          gtk_string_list_append (r->choice_labels, jg_code_get_name (code));
        }
      self->updating = TRUE;
      adw_combo_row_set_model (ADW_COMBO_ROW (r->row), G_LIST_MODEL (r->choice_labels));
      self->updating = FALSE;
      jg_post_form_row_refresh (r);
    }
}

static void
build_department (JgPostFormRow *r)
{
  r->row = adw_combo_row_new ();
  r->input = r->row;
  r->choice_labels = choice_list_new (r);
  adw_combo_row_set_model (ADW_COMBO_ROW (r->row), G_LIST_MODEL (r->choice_labels));
  /* After the model: setting it selects its first item ("Not chosen"),
   * which is no choice of the user's. */
  g_signal_connect (r->row, "notify::selected", G_CALLBACK (combo_selected_cb), r);
}

static void
build_chips (JgPostFormRow *r)
{
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = NULL;
  guint n = 0, per_line;

  for (const JgPostChoice *c = r->spec->choices; c->value != NULL; c++)
    n++;
  per_line = n <= SHORT_CHOICE_LIST ? CHIPS_PER_LINE_SHORT : CHIPS_PER_LINE_LONG;
  r->chips = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *chip = gtk_toggle_button_new ();
      GtkWidget *label = gtk_label_new (_(r->spec->choices[i].label));

      if (i % per_line == 0)
        {
          line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          gtk_box_set_homogeneous (GTK_BOX (line), TRUE);
          gtk_box_append (GTK_BOX (lines), line);
        }
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_button_set_child (GTK_BUTTON (chip), label);
      gtk_widget_set_tooltip_text (chip, _(r->spec->choices[i].label));
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(r->spec->choices[i].label), -1);
      gtk_widget_add_css_class (chip, "post-chip");
      g_signal_connect (chip, "toggled", G_CALLBACK (chip_toggled_cb), r);
      gtk_box_append (GTK_BOX (line), chip);
      g_ptr_array_add (r->chips, chip);
    }
  r->row = box_row_new (lines);
  r->input = g_ptr_array_index (r->chips, 0);
}

static void
build_links (JgPostFormRow *r)
{
  r->links_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  /* Where the focus goes when the link it was on is removed. */
  gtk_widget_set_focusable (r->links_box, FALSE);
  r->row = box_row_new (r->links_box);
  r->input = r->row;
}

static void
build_body (JgPostFormRow *r)
{
  r->body_bin = adw_bin_new ();
  r->row = box_row_new (r->body_bin);
  r->input = r->body_bin;
}

static void
build_switch (JgPostFormRow *r)
{
  r->row = adw_action_row_new ();
  r->input = gtk_switch_new ();
  gtk_widget_set_valign (r->input, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (r->row), r->input);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (r->row), r->input);
  g_signal_connect (r->input, "notify::active", G_CALLBACK (switch_active_cb), r);
}

static GtkWidget *
message_row_new (JgPostFormRow *r)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  r->message_label = jg_message_label_new (NULL);
  gtk_widget_set_hexpand (r->message_label, TRUE);
  gtk_box_append (GTK_BOX (box), r->message_label);

  r->mask_button = gtk_button_new_with_mnemonic (_("_Mask"));
  gtk_widget_set_valign (r->mask_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (r->mask_button, _("Replace the personal data with its masked form"));
  gtk_widget_set_visible (r->mask_button, FALSE);
  g_signal_connect (r->mask_button, "clicked", G_CALLBACK (mask_clicked_cb), r);
  gtk_box_append (GTK_BOX (box), r->mask_button);
  return jg_message_row_new (box);
}

/* The field's issues show once the focus has left it (not while the user
 * is still typing, nor for a field not reached yet); a popover or a chip
 * inside the row is not leaving. */
static void
focus_leave_cb (GtkEventControllerFocus *controller,
                JgPostFormRow           *r)
{
  GtkRoot *root = gtk_widget_get_root (r->row);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, r->row))
    return;
  r->left = TRUE;
  jg_post_form_check (r->form);
}

static AdwPreferencesGroup *
get_group (JgPostForm *self,
           const char *name)
{
  return jg_columns_get_group (JG_COLUMNS (self->columns), self->groups, name);
}

static void
build_row (JgPostForm            *self,
           const JgPostFieldSpec *spec)
{
  JgPostFormRow *r = g_new0 (JgPostFormRow, 1);
  AdwPreferencesGroup *group;
  g_autofree char *title = NULL;
  GtkEventController *controller;

  r->form = self;
  r->spec = spec;
  g_ptr_array_add (self->rows, r);

  switch (spec->type)
    {
    case JG_POST_FIELD_LONG_TEXT:
      build_long_text (r);
      break;
    case JG_POST_FIELD_HTML:
      build_body (r);
      break;
    case JG_POST_FIELD_CHOICE:
      build_choice (r);
      break;
    case JG_POST_FIELD_DEPARTMENT:
      build_department (r);
      break;
    case JG_POST_FIELD_TAGS:
      build_chips (r);
      break;
    case JG_POST_FIELD_RECORD_LINKS:
      build_links (r);
      break;
    case JG_POST_FIELD_BOOL:
      build_switch (r);
      break;
    case JG_POST_FIELD_TEXT:
    case JG_POST_FIELD_DATE:
    case JG_POST_FIELD_AMOUNT:
    case JG_POST_FIELD_CREDIT_CODE:
    default:
      build_entry (r);
      break;
    }

  if (spec->required)
    /* TRANSLATORS: title of a required field in the post form */
    title = g_strdup_printf (_("%s *"), _(spec->label));
  else
    title = g_strdup (_(spec->label));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (r->row), FALSE);
  jg_accessible_fix_names (r->row);
  jg_accessible_set_label (r->row, title);
  if (r->input != r->row && r->chips == NULL)
    jg_accessible_set_label (r->input, title);
  if (spec->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (r->input),
                                    GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);

  group = get_group (self, spec->group != NULL ? spec->group : N_("Post"));
  adw_preferences_group_add (group, r->row);
  r->message_row = message_row_new (r);
  adw_preferences_group_add (group, r->message_row);
  jg_accessible_fix_names (r->message_row);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), r);
  gtk_widget_add_controller (r->row, controller);
  r->focus_controller = g_object_ref (controller);

  jg_post_form_row_refresh (r);
  /* A value written before: its problems show at once. */
  r->left = self->post != NULL && jg_post_get (self->post, spec->key) != NULL;
}

static GtkWidget *
row_at (gpointer data,
        guint    index)
{
  JgPostForm *self = data;
  JgPostFormRow *r = g_ptr_array_index (self->rows, index);

  return r->row;
}

/* The first column takes groups until it holds about half the rows. */
static void
lay_out_groups (JgPostForm *self)
{
  GtkBox *first = jg_columns_get_column (JG_COLUMNS (self->columns), 0);
  GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (first));

  /* One group (监管动态): the whole width, for the body editor. */
  gtk_widget_set_visible (self->columns, TRUE);
  if (group != NULL && gtk_widget_get_next_sibling (group) == NULL)
    {
      g_object_ref (group);
      gtk_box_remove (first, group);
      gtk_box_append (self->form_box, group);
      g_object_unref (group);
      gtk_widget_set_visible (self->columns, FALSE);
      return;
    }
  jg_columns_balance_groups (JG_COLUMNS (self->columns), self->rows->len, row_at, self);
}

void
jg_post_form_build_rows (JgPostForm *self)
{
  const JgPostFieldSpec *specs;
  guint n_fields = 0;

  if (self->post == NULL)
    return;
  specs = jg_post_fields (jg_post_get_column (self->post), &n_fields);
  for (guint i = 0; i < n_fields; i++)
    build_row (self, &specs[i]);
  lay_out_groups (self);
  jg_post_form_refresh_departments (self);
  jg_post_form_update_party_rows (self);
}

void
jg_post_form_row_free (JgPostFormRow *r)
{
  /* The row's widgets may outlive it (GTK moves the focus out of a
   * removed row later): its handler must not reach a freed row. */
  if (r->focus_controller != NULL)
    g_signal_handlers_disconnect_by_data (r->focus_controller, r);
  g_clear_object (&r->focus_controller);
  g_clear_object (&r->choice_labels);
  g_clear_pointer (&r->choice_values, g_ptr_array_unref);
  g_clear_pointer (&r->chips, g_ptr_array_unref);
  g_free (r);
}

/* --- the party's identity ---------------------------------------------------- */

static void
set_row_visible (JgPostForm *self,
                 const char *key,
                 gboolean    visible)
{
  JgPostFormRow *r = jg_post_form_find_row (self, key);

  if (r == NULL)
    return;
  gtk_widget_set_visible (r->row, visible);
  if (!visible)
    gtk_widget_set_visible (r->message_row, FALSE);
}

void
jg_post_form_update_party_rows (JgPostForm *self)
{
  const char *kind = jg_post_form_get_value (self, "party_kind");
  gboolean person = g_strcmp0 (kind, JG_POST_PARTY_NATURAL_PERSON) == 0;
  gboolean business = g_strcmp0 (kind, JG_POST_PARTY_INDIVIDUAL_BUSINESS) == 0;
  gboolean organisation = g_strcmp0 (kind, JG_POST_PARTY_ORGANISATION) == 0;

  if (jg_post_form_find_row (self, "party_kind") == NULL)
    return;
  /* No kind yet: every identity field, until the user says which. */
  set_row_visible (self, "credit_code", kind == NULL || organisation || business);
  set_row_visible (self, "legal_rep", kind == NULL || organisation || business);
  set_row_visible (self, "id_type", kind == NULL || person);
  set_row_visible (self, "id_number", kind == NULL || person);
}
