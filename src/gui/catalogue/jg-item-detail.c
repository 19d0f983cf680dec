/* jg-item-detail.c — every field of one sub-item and its implementation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-item-detail.h"

/* The rows, in display order; group 0 is "Item", 1 is "Supervision". */
typedef enum {
  ROW_CODE,
  ROW_NAME,
  ROW_MAIN_ITEM,
  ROW_DEPARTMENT,
  ROW_ACTION_TYPE,
  ROW_STATUS,
  ROW_EFFECTIVE_DATE,
  ROW_CANCEL_DATE,
  ROW_OBJECTS,
  ROW_FORM,
  ROW_LEGAL_BASIS,
  ROW_METHOD,
  ROW_PROCESS,
  ROW_RESULT,
  ROW_LEVEL,
  N_ROWS
} DetailRow;

static const struct {
  const char *title;
  int group;
} row_info[N_ROWS] = {
  [ROW_CODE] = { N_("Item code"), 0 },
  [ROW_NAME] = { N_("Name"), 0 },
  [ROW_MAIN_ITEM] = { N_("Main item"), 0 },
  [ROW_DEPARTMENT] = { N_("Department"), 0 },
  [ROW_ACTION_TYPE] = { N_("Administrative action type"), 0 },
  [ROW_STATUS] = { N_("Status"), 0 },
  [ROW_EFFECTIVE_DATE] = { N_("Effective date"), 0 },
  [ROW_CANCEL_DATE] = { N_("Cancellation date"), 0 },
  [ROW_OBJECTS] = { N_("Supervised objects"), 1 },
  [ROW_FORM] = { N_("Form of supervision"), 1 },
  [ROW_LEGAL_BASIS] = { N_("Legal basis"), 1 },
  [ROW_METHOD] = { N_("Supervision method"), 1 },
  [ROW_PROCESS] = { N_("Supervision process"), 1 },
  [ROW_RESULT] = { N_("Supervision result"), 1 },
  [ROW_LEVEL] = { N_("Supervision level"), 1 },
};

struct _JgItemDetail
{
  AdwBin parent_instance;

  GtkScrolledWindow *scrolled_window;
  GtkLabel *name_label;
  GtkLabel *code_label;
  GtkLabel *badge_label;
  AdwPreferencesGroup *item_group;
  AdwPreferencesGroup *supervision_group;
  AdwPreferencesGroup *impl_group;

  GtkLabel *values[N_ROWS];
  GPtrArray *impl_rows;

  JgSubItem *item;
  JgCatalogue *catalogue;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (JgItemDetail, jg_item_detail, ADW_TYPE_BIN)

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

/* A row with the field name as a small heading above its value, which can
 * be selected and copied and wraps however long it is. */
static GtkWidget *
property_row_new (const char  *title,
                  GtkLabel   **value_out)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *title_label;
  GtkWidget *value_label;

  row = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                      "title", title,
                      "activatable", FALSE,
                      NULL);
  gtk_widget_add_css_class (row, "property-row");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  title_label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_box_append (GTK_BOX (box), title_label);

  value_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_box_append (GTK_BOX (box), value_label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL,
                                  -1);

  if (value_out != NULL)
    *value_out = GTK_LABEL (value_label);

  return row;
}

static void
set_value_or (GtkLabel   *label,
              const char *value,
              const char *empty_text)
{
  if (is_blank (value))
    {
      gtk_label_set_label (label, empty_text);
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_label_set_label (label, value);
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
}

/* "name (code)", either part may be missing. */
static void
set_value (GtkLabel   *label,
           const char *value)
{
  set_value_or (label, value, _("Not given"));
}

static char *
name_and_code (const char *name,
               const char *code)
{
  if (is_blank (name) && is_blank (code))
    return NULL;
  if (is_blank (code))
    return g_strdup (name);
  if (is_blank (name))
    return g_strdup (code);
  /* TRANSLATORS: a name followed by its code, e.g. "揭阳市市场监督管理局 (11445200…)" */
  return g_strdup_printf (_("%s (%s)"), name, code);
}

static void
clear_implementations (JgItemDetail *self)
{
  for (guint i = 0; i < self->impl_rows->len; i++)
    adw_preferences_group_remove (self->impl_group, g_ptr_array_index (self->impl_rows, i));
  g_ptr_array_set_size (self->impl_rows, 0);
}

static void
add_impl_property (AdwExpanderRow *expander,
                   const char     *title,
                   const char     *value)
{
  GtkLabel *label;
  GtkWidget *row;

  row = property_row_new (title, &label);
  set_value (label, value);
  adw_expander_row_add_row (expander, row);
}

static GtkWidget *
impl_row_new (JgImplEntry *entry)
{
  GtkWidget *expander;
  g_autofree char *title = NULL;
  g_autofree char *title_escaped = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *subtitle_escaped = NULL;
  g_autofree char *body = NULL;
  g_autofree char *delegated = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *region = jg_impl_entry_get_field (entry, JG_IMPL_REGION_NAME);
  const char *body_name = jg_impl_entry_get_field (entry, JG_IMPL_BODY_NAME);
  const char *level = jg_impl_entry_get_field (entry, JG_IMPL_LEVEL_NAME);
  const char *category = jg_impl_entry_get_field (entry, JG_IMPL_CHECK_CATEGORY_NAME);
  gboolean random_check = jg_impl_entry_get_random_check (entry);

  if (is_blank (region))
    region = jg_impl_entry_get_field (entry, JG_IMPL_REGION);
  if (is_blank (level))
    level = jg_impl_entry_get_field (entry, JG_IMPL_LEVEL);
  if (is_blank (category))
    category = jg_impl_entry_get_field (entry, JG_IMPL_CHECK_CATEGORY);

  if (!is_blank (region) && !is_blank (body_name))
    /* TRANSLATORS: region and implementing body, e.g. "榕城区 — 榕城区市场监督管理局" */
    title = g_strdup_printf (_("%s — %s"), region, body_name);
  else if (!is_blank (body_name))
    title = g_strdup (body_name);
  else if (!is_blank (region))
    title = g_strdup (region);
  else
    title = g_strdup (jg_impl_entry_get_field (entry, JG_IMPL_CODE));

  if (!is_blank (level))
    g_ptr_array_add (parts, (gpointer) level);
  if (!is_blank (category))
    g_ptr_array_add (parts, (gpointer) category);
  g_ptr_array_add (parts, random_check ? _("In random checks") : _("Not in random checks"));
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **) parts->pdata);

  title_escaped = g_markup_escape_text (title != NULL ? title : "", -1);
  subtitle_escaped = g_markup_escape_text (subtitle, -1);

  expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title_escaped);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle_escaped);

  accessible = g_strdup_printf ("%s, %s", title, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  body = name_and_code (body_name, jg_impl_entry_get_field (entry, JG_IMPL_BODY_CODE));
  delegated = name_and_code (jg_impl_entry_get_field (entry, JG_IMPL_DELEGATED_NAME),
                             jg_impl_entry_get_field (entry, JG_IMPL_DELEGATED_CODE));

  add_impl_property (ADW_EXPANDER_ROW (expander), _("Implementation list code"),
                     jg_impl_entry_get_field (entry, JG_IMPL_CODE));
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Region"), region);
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Implementing body"), body);
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Nature of the body"),
                     jg_impl_entry_get_field (entry, JG_IMPL_BODY_NATURE_NAME));
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Delegated department"), delegated);
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Exercise level"), level);
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Supervised objects"),
                     jg_impl_entry_get_field (entry, JG_IMPL_OBJECTS));
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Check category"), category);
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Random checks"),
                     random_check ? _("Yes: included in random checks")
                                  : _("No: not included in random checks"));
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Check proportion"),
                     jg_impl_entry_get_field (entry, JG_IMPL_PROPORTION));
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Check frequency"),
                     jg_impl_entry_get_field (entry, JG_IMPL_FREQUENCY));
  add_impl_property (ADW_EXPANDER_ROW (expander), _("Check content"),
                     jg_impl_entry_get_field (entry, JG_IMPL_CONTENT));

  return expander;
}

static void
implementations_ready_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  JgItemDetail *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) entries = NULL;
  g_autofree char *description = NULL;
  guint n;

  entries = jg_catalogue_list_implementations_finish (JG_CATALOGUE (object), result, &error);
  if (entries == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      description = g_strdup_printf (_("The implementation list could not be read: %s"),
                                     error->message);
      adw_preferences_group_set_description (self->impl_group, description);
      return;
    }

  clear_implementations (self);

  n = g_list_model_get_n_items (entries);
  if (n == 0)
    description = g_strdup (_("No implementation list entries for this item."));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "How %u implementing body carries out this item.",
                                                "How %u implementing bodies carry out this item.",
                                                n),
                                   n);
  adw_preferences_group_set_description (self->impl_group, description);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JgImplEntry) entry = g_list_model_get_item (entries, i);
      GtkWidget *row = impl_row_new (entry);

      if (n == 1)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      adw_preferences_group_add (self->impl_group, row);
      g_ptr_array_add (self->impl_rows, row);
    }
}

JgSubItem *
jg_item_detail_get_item (JgItemDetail *self)
{
  g_return_val_if_fail (JG_IS_ITEM_DETAIL (self), NULL);
  return self->item;
}

void
jg_item_detail_set_item (JgItemDetail *self,
                         JgCatalogue  *catalogue,
                         JgSubItem    *item)
{
  g_autofree char *main_item = NULL;
  g_autofree char *department = NULL;
  const char *action_type;
  const char *status;
  const char *level;
  const char *badge;
  JgItemAvailability availability;

  g_return_if_fail (JG_IS_ITEM_DETAIL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->catalogue, catalogue);
  g_set_object (&self->item, item);

  clear_implementations (self);
  adw_preferences_group_set_description (self->impl_group, NULL);

  if (item == NULL)
    return;

  gtk_label_set_label (self->name_label, jg_sub_item_get_name (item));
  gtk_label_set_label (self->code_label, jg_sub_item_get_code (item));

  availability = jg_sub_item_get_availability (item, NULL);
  badge = jg_item_availability_to_label (availability);
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "warning");
  if (badge != NULL)
    {
      gtk_label_set_label (self->badge_label, badge);
      gtk_widget_add_css_class (GTK_WIDGET (self->badge_label),
                                availability == JG_ITEM_CANCELLED ||
                                availability == JG_ITEM_EXPIRED ? "error" : "warning");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), badge != NULL);

  main_item = name_and_code (jg_sub_item_get_field (item, JG_SUB_ITEM_MAIN_NAME),
                             jg_sub_item_get_field (item, JG_SUB_ITEM_MAIN_CODE));
  department = name_and_code (jg_sub_item_get_field (item, JG_SUB_ITEM_DEPARTMENT_NAME),
                              jg_sub_item_get_field (item, JG_SUB_ITEM_DEPARTMENT_CODE));

  action_type = jg_sub_item_get_field (item, JG_SUB_ITEM_ACTION_TYPE_NAME);
  if (is_blank (action_type))
    action_type = jg_sub_item_get_field (item, JG_SUB_ITEM_ACTION_TYPE);
  status = jg_sub_item_get_field (item, JG_SUB_ITEM_STATUS_NAME);
  if (is_blank (status))
    status = jg_sub_item_get_field (item, JG_SUB_ITEM_STATUS);
  level = jg_sub_item_get_field (item, JG_SUB_ITEM_LEVEL_NAME);
  if (is_blank (level))
    level = jg_sub_item_get_field (item, JG_SUB_ITEM_LEVEL);

  set_value (self->values[ROW_CODE], jg_sub_item_get_code (item));
  set_value (self->values[ROW_NAME], jg_sub_item_get_name (item));
  set_value (self->values[ROW_MAIN_ITEM], main_item);
  set_value (self->values[ROW_DEPARTMENT], department);
  set_value (self->values[ROW_ACTION_TYPE], action_type);
  set_value (self->values[ROW_STATUS], status);
  set_value (self->values[ROW_EFFECTIVE_DATE], jg_sub_item_get_field (item, JG_SUB_ITEM_EFFECTIVE_DATE));
  /* TRANSLATORS: no cancellation date: the item is not due to be cancelled */
  set_value_or (self->values[ROW_CANCEL_DATE], jg_sub_item_get_field (item, JG_SUB_ITEM_CANCEL_DATE),
                C_("cancellation date", "None"));
  set_value (self->values[ROW_OBJECTS], jg_sub_item_get_field (item, JG_SUB_ITEM_OBJECTS));
  set_value (self->values[ROW_FORM], jg_sub_item_get_field (item, JG_SUB_ITEM_FORM));
  set_value (self->values[ROW_LEGAL_BASIS], jg_sub_item_get_field (item, JG_SUB_ITEM_LEGAL_BASIS));
  set_value (self->values[ROW_METHOD], jg_sub_item_get_field (item, JG_SUB_ITEM_METHOD));
  set_value (self->values[ROW_PROCESS], jg_sub_item_get_field (item, JG_SUB_ITEM_PROCESS));
  set_value (self->values[ROW_RESULT], jg_sub_item_get_field (item, JG_SUB_ITEM_RESULT));
  set_value (self->values[ROW_LEVEL], level);

  /* Back to the top for each new item. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);

  if (catalogue != NULL)
    {
      adw_preferences_group_set_description (self->impl_group, _("Loading…"));
      self->cancellable = g_cancellable_new ();
      jg_catalogue_list_implementations_async (catalogue, jg_sub_item_get_code (item),
                                               self->cancellable,
                                               implementations_ready_cb, self);
    }
}

static void
jg_item_detail_dispose (GObject *object)
{
  JgItemDetail *self = JG_ITEM_DETAIL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->item);

  /* Not gtk_widget_dispose_template(): in GTK 4.8 it unparents the bound
   * child that AdwBin then unparents again. AdwBin's dispose drops it. */

  G_OBJECT_CLASS (jg_item_detail_parent_class)->dispose (object);
}

static void
jg_item_detail_finalize (GObject *object)
{
  JgItemDetail *self = JG_ITEM_DETAIL (object);

  g_ptr_array_unref (self->impl_rows);

  G_OBJECT_CLASS (jg_item_detail_parent_class)->finalize (object);
}

static void
jg_item_detail_class_init (JgItemDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_item_detail_dispose;
  object_class->finalize = jg_item_detail_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/catalogue/jg-item-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, JgItemDetail, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, JgItemDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, JgItemDetail, code_label);
  gtk_widget_class_bind_template_child (widget_class, JgItemDetail, badge_label);
  gtk_widget_class_bind_template_child (widget_class, JgItemDetail, item_group);
  gtk_widget_class_bind_template_child (widget_class, JgItemDetail, supervision_group);
  gtk_widget_class_bind_template_child (widget_class, JgItemDetail, impl_group);
}

static void
jg_item_detail_init (JgItemDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  self->impl_rows = g_ptr_array_new ();

  for (guint i = 0; i < N_ROWS; i++)
    {
      GtkWidget *row = property_row_new (_(row_info[i].title), &self->values[i]);

      adw_preferences_group_add (row_info[i].group == 0 ? self->item_group
                                                        : self->supervision_group,
                                 row);
    }
}
