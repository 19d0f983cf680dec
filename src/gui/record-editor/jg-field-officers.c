/* jg-field-officers.c — the record editor row that names the officers
 *
 * A check button per officer of the record's department (the whole roster
 * if the department has none); the value is their ids, ';'-separated. The
 * roster is a few hundred rows at most, read once when the row is built.
 * Choosing officers fills in their certificate numbers (执法证号).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-accessible.h"
#include "jg-record-editor-private.h"

static void
for_each_chosen (JgFieldRow *f,
                 const char *key,
                 const char *separator,
                 GString    *out)
{
  for (guint i = 0; i < f->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (f->checks, i);

      if (!gtk_check_button_get_active (check))
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, g_object_get_data (G_OBJECT (check), key));
    }
}

static void
update_subtitle (JgFieldRow *f)
{
  g_autoptr(GString) names = g_string_new (NULL);

  /* TRANSLATORS: separator between officer names */
  for_each_chosen (f, "officer-name", _(", "), names);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (f->row),
                                 names->len > 0 ? names->str : _("None chosen"));
}

/* The certificate numbers of the officers @ids names, ';'-separated as
 * the officers are; those without one are left out. */
static char *
certificates_of (JgFieldRow *f,
                 const char *ids)
{
  g_auto(GStrv) chosen = g_strsplit (ids != NULL ? ids : "", ";", -1);
  g_autoptr(GString) certs = g_string_new (NULL);

  for (guint i = 0; chosen[i] != NULL; i++)
    for (guint j = 0; j < f->checks->len; j++)
      {
        GObject *check = g_ptr_array_index (f->checks, j);
        const char *cert = g_object_get_data (check, "officer-cert");

        if (g_strcmp0 (g_object_get_data (check, "officer-id"), chosen[i]) != 0 || cert == NULL)
          continue;
        if (certs->len > 0)
          g_string_append_c (certs, ';');
        g_string_append (certs, cert);
      }
  return g_string_free (g_steal_pointer (&certs), FALSE);
}

static void
officer_toggled_cb (GtkCheckButton *check,
                    JgFieldRow     *f)
{
  JgRecordEditor *self = f->editor;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JgFieldRow *certs;

  update_subtitle (f);
  if (self->updating)
    return;
  for_each_chosen (f, "officer-id", ";", ids);
  before = certificates_of (f, jg_record_get (self->record, f->spec->key));
  jg_field_row_set_value (f, ids->str);

  /* The certificate numbers follow the officers, unless the user wrote
   * other numbers than those of the officers chosen before. */
  certs = jg_record_editor_find_field_by_header (self, "执法证号");
  after = certificates_of (f, ids->str);
  if (certs != NULL)
    jg_field_row_fill (certs, after, before);
}

static void
officers_build (JgFieldRow *f)
{
  JgRecordEditor *self = f->editor;
  g_autoptr(GPtrArray) officers = NULL;

  f->row = adw_expander_row_new ();
  f->input = f->row;
  f->checks = g_ptr_array_new ();

  officers = jg_catalogue_list_officers_sync (self->store, jg_record_get_department (self->record),
                                              NULL);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      JgOfficer *officer = g_ptr_array_index (officers, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = g_strdup_printf (_("Certificate %s"),
                                                   officer->cert_no != NULL ? officer->cert_no : "—");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), officer->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      jg_accessible_set_label (check, officer->name);
      g_object_set_data_full (G_OBJECT (check), "officer-id", g_strdup (officer->id), g_free);
      g_object_set_data_full (G_OBJECT (check), "officer-name", g_strdup (officer->name), g_free);
      g_object_set_data_full (G_OBJECT (check), "officer-cert", g_strdup (officer->cert_no), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (officer_toggled_cb), f);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (f->row), row);
      g_ptr_array_add (f->checks, check);
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
officers_refresh (JgFieldRow *f,
                  const char *value)
{
  g_auto(GStrv) ids = g_strsplit (value != NULL ? value : "", ";", -1);

  for (guint i = 0; i < f->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (f->checks, i);
      const char *id = g_object_get_data (G_OBJECT (check), "officer-id");

      gtk_check_button_set_active (check, g_strv_contains ((const char * const *) ids, id));
    }
  update_subtitle (f);
}

const JgFieldKind jg_field_officers_kind = { officers_build, officers_refresh, NULL };
