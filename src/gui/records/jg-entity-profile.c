/* jg-entity-profile.c — one party (行政相对人) and every record about it
 *
 * The party's details come from the entity table (what the last record
 * about it said); its records are four lists, one per kind, each a lazy
 * JgRecordsModel filtered by kind and by the party's document type and code,
 * newest first. A list shows the newest MAX_SHOWN records of its kind; the
 * group's description says how many there are in all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-catalogue.h"
#include "jg-entity-profile.h"
#include "jg-record-store.h"
#include "jg-records-model.h"

#define MAX_SHOWN 100

typedef struct {
  AdwPreferencesGroup *group;
  GtkLabel *count;
  GtkListBox *list;
  JgRecordsModel *model;
  GtkSliceListModel *slice;
} KindSection;

struct _JgEntityProfile
{
  AdwBin parent_instance;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *party_group;
  GtkGrid *details_grid;
  GtkLabel *doc_type_label;
  GtkLabel *code_label;
  GtkLabel *nature_label;
  GtkLabel *registered_label;
  GtkLabel *business_label;

  JgStore *store;
  char *db_path;
  char *doc_type;
  char *code;
  KindSection sections[JG_RECORD_N_KINDS];
};

G_DEFINE_FINAL_TYPE (JgEntityProfile, jg_entity_profile, ADW_TYPE_BIN)

enum { SIGNAL_CLOSE, SIGNAL_OPEN_RECORD, SIGNAL_MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* --- the party -------------------------------------------------------------- */

/* A detail of the party in the grid, two to a line: a dim key and its value. */
static GtkLabel *
add_detail (JgEntityProfile *self,
            const char      *key,
            int              column,
            int              row)
{
  GtkWidget *key_label = gtk_label_new (key);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (key_label), 0.0);
  gtk_widget_set_valign (key_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (key_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 0.0);
  gtk_widget_set_valign (value, GTK_ALIGN_START);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (value), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 30);
  g_object_set_data_full (G_OBJECT (value), "key", g_strdup (key), g_free);
  gtk_grid_attach (self->details_grid, key_label, column * 2, row, 1, 1);
  gtk_grid_attach (self->details_grid, value, column * 2 + 1, row, 1, 1);
  return GTK_LABEL (value);
}

static void
set_detail (GtkLabel   *label,
            const char *value)
{
  const char *key = g_object_get_data (G_OBJECT (label), "key");
  gboolean known = value != NULL && *value != '\0';
  /* TRANSLATORS: accessible name of a detail of a party: "Party code: 9144…" */
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), key, known ? value : _("not known"));

  gtk_label_set_label (label, known ? value : "—");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static char *
code_with_name (JgStore    *store,
                const char *table,
                const char *code)
{
  g_autofree char *name = NULL;

  if (code == NULL || *code == '\0')
    return NULL;
  name = jg_catalogue_code_name_sync (store, table, code);
  if (name == NULL)
    return g_strdup (code);
  /* TRANSLATORS: a code and its name: "统一社会信用代码 (001)" */
  return g_strdup_printf (_("%s (%s)"), name, code);
}

/* The name the newest record gives the party, for a party that is not (or
 * no longer) in the entity table. */
static char *
name_from_records (JgEntityProfile *self)
{
  g_autofree char *best_date = NULL;
  char *best = NULL;

  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    {
      g_autoptr(JgRecordSummary) summary = NULL;
      g_autofree char *name = NULL, *date = NULL;

      if (self->sections[k].model == NULL ||
          g_list_model_get_n_items (G_LIST_MODEL (self->sections[k].model)) == 0)
        continue;
      summary = g_list_model_get_item (G_LIST_MODEL (self->sections[k].model), 0);
      g_object_get (summary, "party-name", &name, "date", &date, NULL);
      if (name != NULL && *name != '\0' && (best == NULL || g_strcmp0 (date, best_date) > 0))
        {
          g_free (best);
          best = g_steal_pointer (&name);
          g_free (best_date);
          best_date = g_steal_pointer (&date);
        }
    }
  return best;
}

static void
show_entity (JgEntityProfile *self,
             guint            n_total)
{
  JgEntity *entity = jg_record_store_get_entity (self->store, self->doc_type, self->code, NULL);
  g_autofree char *fallback_name = entity == NULL ? name_from_records (self) : NULL;
  const char *name = entity != NULL ? entity->name : fallback_name;
  g_autofree char *doc_type = code_with_name (self->store, "doc_type", self->doc_type);
  g_autofree char *nature = entity != NULL ? code_with_name (self->store, "party_nature", entity->nature) : NULL;
  g_autofree char *subtitle = NULL;

  gtk_label_set_label (self->title_label, name != NULL ? name : self->code);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* TRANSLATORS: under the party's name: code and number of records */
                                           "%s · %u record", "%s · %u records", n_total),
                              self->code, n_total);
  gtk_label_set_label (self->subtitle_label, subtitle);

  set_detail (self->doc_type_label, doc_type);
  set_detail (self->code_label, self->code);
  set_detail (self->nature_label, nature);
  set_detail (self->registered_label, entity != NULL ? entity->registered_address : NULL);
  set_detail (self->business_label, entity != NULL ? entity->business_address : NULL);
  g_clear_pointer (&entity, jg_entity_free);
}

/* --- records ---------------------------------------------------------------- */

static GtkWidget *
create_record_row (gpointer item,
                   gpointer user_data)
{
  JgRecordSummary *summary = item;
  g_autofree char *kind_label = NULL, *state_label = NULL, *number = NULL;
  g_autofree char *name = NULL, *date = NULL, *title = NULL, *subtitle = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row, *badge, *arrow;
  int state = 0;

  g_object_get (summary,
                "kind-label", &kind_label, "state", &state, "state-label", &state_label,
                "number", &number, "name", &name, "date", &date, NULL);

  if (name != NULL && *name != '\0')
    title = g_strdup (name);
  else
    title = g_strdup_printf (_("%s (untitled)"), kind_label);
  /* TRANSLATORS: a record of a party's profile: its date and number */
  subtitle = g_strdup_printf (_("%s · %s"),
                              date != NULL && *date != '\0' ? date : "—",
                              number != NULL && *number != '\0' ? number : "—");

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  badge = gtk_label_new (state_label);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge,
                            state == JG_RECORD_STATE_REJECTED ? "error" :
                            state == JG_RECORD_STATE_DRAFT ? "warning" : "success");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  /* TRANSLATORS: accessible name of a record in a party's profile: name,
   * kind, number, date and state */
  accessible = g_strdup_printf (_("%s, %s %s, %s, %s"), title, kind_label,
                                number != NULL ? number : "",
                                date != NULL ? date : "", state_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "uuid",
                          g_strdup (jg_record_summary_get_uuid (summary)), g_free);
  return row;
}

static void
row_activated_cb (GtkListBox      *list,
                  GtkListBoxRow   *row,
                  JgEntityProfile *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (row), "uuid");

  if (uuid != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_RECORD], 0, uuid);
}

static void
update_section (JgEntityProfile *self,
                JgRecordKind     kind)
{
  KindSection *s = &self->sections[kind];
  guint n = s->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (s->model)) : 0;
  g_autofree char *description = NULL;
  g_autofree char *accessible = NULL;

  if (n == 0)
    description = g_strdup (_("No records of this kind"));
  else if (n > MAX_SHOWN)
    /* TRANSLATORS: a kind of record in a party's profile, with more records than shown */
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u record, the newest %u shown",
                                                "%u records, the newest %u shown", n),
                                   n, MAX_SHOWN);
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", n), n);
  gtk_label_set_label (s->count, description);
  gtk_widget_set_visible (GTK_WIDGET (s->list), n > 0);

  /* TRANSLATORS: accessible name of a list of a party's records: kind, count */
  accessible = g_strdup_printf (_("%s: %s"), jg_record_kind_get_label (kind), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (s->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, jg_record_kind_get_label (kind),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible,
                                  -1);
}

void
jg_entity_profile_reload (JgEntityProfile *self)
{
  guint total = 0;

  g_return_if_fail (JG_IS_ENTITY_PROFILE (self));

  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    {
      KindSection *s = &self->sections[k];
      g_autoptr(JgRecordsFilter) filter = jg_records_filter_new ();
      g_autoptr(GError) error = NULL;

      filter->kind = (int) k;
      filter->party_doc_type = g_strdup (self->doc_type);
      filter->party_code = g_strdup (self->code);

      if (s->model == NULL)
        {
          s->model = jg_records_model_new (self->db_path, filter, &error);
          if (s->model != NULL)
            {
              s->slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (s->model)), 0, MAX_SHOWN);
              gtk_list_box_bind_model (s->list, G_LIST_MODEL (s->slice),
                                       create_record_row, NULL, NULL);
            }
        }
      else
        jg_records_model_reload (s->model, filter, &error);

      if (error != NULL)
        g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      update_section (self, k);
      if (s->model != NULL)
        total += g_list_model_get_n_items (G_LIST_MODEL (s->model));
    }

  show_entity (self, total);
}

/* --- object ----------------------------------------------------------------- */

static void
back_clicked_cb (JgEntityProfile *self)
{
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static void
jg_entity_profile_dispose (GObject *object)
{
  JgEntityProfile *self = JG_ENTITY_PROFILE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_ENTITY_PROFILE);

  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    {
      g_clear_object (&self->sections[k].slice);
      g_clear_object (&self->sections[k].model);
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (jg_entity_profile_parent_class)->dispose (object);
}

static void
jg_entity_profile_finalize (GObject *object)
{
  JgEntityProfile *self = JG_ENTITY_PROFILE (object);

  g_free (self->db_path);
  g_free (self->doc_type);
  g_free (self->code);

  G_OBJECT_CLASS (jg_entity_profile_parent_class)->finalize (object);
}

static void
jg_entity_profile_class_init (JgEntityProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_entity_profile_dispose;
  object_class->finalize = jg_entity_profile_finalize;

  signals[SIGNAL_CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/records/jg-entity-profile.ui");
  gtk_widget_class_bind_template_child (widget_class, JgEntityProfile, title_label);
  gtk_widget_class_bind_template_child (widget_class, JgEntityProfile, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, JgEntityProfile, page);
  gtk_widget_class_bind_template_child (widget_class, JgEntityProfile, party_group);
  gtk_widget_class_bind_template_child (widget_class, JgEntityProfile, details_grid);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
jg_entity_profile_init (JgEntityProfile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  self->doc_type_label = add_detail (self, _("Party document type"), 0, 0);
  self->code_label = add_detail (self, _("Party code"), 1, 0);
  self->nature_label = add_detail (self, _("Party nature"), 0, 1);
  self->registered_label = add_detail (self, _("Registered address"), 0, 2);
  self->business_label = add_detail (self, _("Business address"), 1, 2);

  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    {
      KindSection *s = &self->sections[k];

      s->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (s->group, jg_record_kind_get_label (k));
      s->count = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_set_valign (GTK_WIDGET (s->count), GTK_ALIGN_END);
      gtk_widget_add_css_class (GTK_WIDGET (s->count), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (s->count), "caption");
      adw_preferences_group_set_header_suffix (s->group, GTK_WIDGET (s->count));
      s->list = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (s->list, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (s->list), "boxed-list");
      g_signal_connect (s->list, "row-activated", G_CALLBACK (row_activated_cb), self);
      adw_preferences_group_add (s->group, GTK_WIDGET (s->list));
      adw_preferences_page_add (self->page, s->group);
    }
}

JgEntityProfile *
jg_entity_profile_new (JgStore    *store,
                       const char *db_path,
                       const char *doc_type,
                       const char *code)
{
  JgEntityProfile *self;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (doc_type != NULL && code != NULL, NULL);

  self = g_object_new (JG_TYPE_ENTITY_PROFILE, NULL);
  self->store = g_object_ref (store);
  self->db_path = g_strdup (db_path);
  self->doc_type = g_strdup (doc_type);
  self->code = g_strdup (code);
  jg_entity_profile_reload (self);
  return self;
}

const char *
jg_entity_profile_get_doc_type (JgEntityProfile *self)
{
  g_return_val_if_fail (JG_IS_ENTITY_PROFILE (self), NULL);
  return self->doc_type;
}

const char *
jg_entity_profile_get_code (JgEntityProfile *self)
{
  g_return_val_if_fail (JG_IS_ENTITY_PROFILE (self), NULL);
  return self->code;
}
