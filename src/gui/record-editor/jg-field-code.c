/* jg-field-code.c — record editor rows that choose a code of a code table
 *
 * The table is small (tens of codes), read once when the row is built.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-record-editor-private.h"

static char *
code_label (JgCode *code)
{
  if (code == NULL)
    return g_strdup ("");
  if (*jg_code_get_code (code) == '\0')
    return g_strdup (jg_code_get_name (code));
  return g_strdup_printf ("%s %s", jg_code_get_code (code), jg_code_get_name (code));
}

static void
combo_selected_cb (AdwComboRow *combo,
                   GParamSpec  *pspec,
                   JgFieldRow  *f)
{
  JgCode *code = adw_combo_row_get_selected_item (combo);

  jg_field_row_set_value (f, code != NULL ? jg_code_get_code (code) : NULL);
}

static void
code_build (JgFieldRow *f)
{
  g_autoptr(GListModel) codes = NULL;
  g_autoptr(JgCode) none = jg_code_new (f->spec->code_table, "", _("Not set"));

  f->row = adw_combo_row_new ();
  f->input = f->row;
  f->codes = g_list_store_new (JG_TYPE_CODE);
  g_list_store_append (f->codes, none);
  codes = jg_catalogue_list_codes_sync (f->editor->store, f->spec->code_table, NULL);
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

static void
code_refresh (JgFieldRow *f,
              const char *value)
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

const JgFieldKind jg_field_code_kind = { code_build, code_refresh, NULL };
