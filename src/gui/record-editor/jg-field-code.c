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

/* The popover's rows wrap a long name (企业、个体工商户、农民专业合作社)
 * at this width rather than cutting it off. */
#define CHOICE_WIDTH_CHARS 36

static void
choice_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 JgFieldRow               *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), CHOICE_WIDTH_CHARS);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

/* The check mark beside the chosen code. */
static void
choice_mark (AdwComboRow *combo,
             GParamSpec  *pspec,
             GtkListItem *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  gtk_widget_set_opacity (gtk_widget_get_last_child (box),
                          adw_combo_row_get_selected_item (combo) == gtk_list_item_get_item (item)
                          ? 1.0 : 0.0);
}

static void
choice_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                JgFieldRow               *f)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  g_autofree char *text = code_label (gtk_list_item_get_item (item));

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), text);
  g_signal_connect (f->row, "notify::selected-item", G_CALLBACK (choice_mark), item);
  choice_mark (ADW_COMBO_ROW (f->row), NULL, item);
}

static void
choice_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  JgFieldRow               *f)
{
  g_signal_handlers_disconnect_by_func (f->row, choice_mark, item);
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
  g_autoptr(GtkListItemFactory) factory = NULL;

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
  /* The value under the title, where it wraps, not beside it, where the
   * row cuts it off at 20 characters. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (f->row), TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (choice_setup_cb), f);
  g_signal_connect (factory, "bind", G_CALLBACK (choice_bind_cb), f);
  g_signal_connect (factory, "unbind", G_CALLBACK (choice_unbind_cb), f);
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (f->row), factory);
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
