/* jg-catalogue-page.c — search the supervision item catalogue
 *
 * Search as you type: GtkSearchEntry's "search-changed" comes ~150 ms after
 * the last keystroke; each new query cancels the one before it, and the
 * search itself runs in JgCatalogue's worker thread. The list of results
 * and the detail are in jg-catalogue-page-results.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-catalogue-page-private.h"

/* Shown at most; one more is asked for to know whether there are others. */
#define RESULT_LIMIT JG_CATALOGUE_DEFAULT_LIMIT
G_DEFINE_FINAL_TYPE (JgCataloguePage, jg_catalogue_page, ADW_TYPE_BIN)

JgCatalogue *
jg_catalogue_page_get_catalogue (JgCataloguePage *self)
{
  return self->session != NULL ? jg_session_get_catalogue (self->session) : NULL;
}

/* --- filters -------------------------------------------------------------- */

/* The code of the selected entry, NULL for "any" (an entry with code ""). */
static const char *
selected_code (GtkDropDown *dropdown)
{
  JgCode *code = gtk_drop_down_get_selected_item (dropdown);
  const char *value;

  if (code == NULL)
    return NULL;
  value = jg_code_get_code (code);
  return value != NULL && *value != '\0' ? value : NULL;
}

static char *
code_name (JgCode *code)
{
  return g_strdup (code != NULL ? jg_code_get_name (code) : "");
}

static void
filter_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  gboolean in_button = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (in_button)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
    }
  else
    {
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    }
  gtk_list_item_set_child (list_item, label);
  jg_accessible_label_list_item (label);
}

static void
filter_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  JgCode *code = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_label (GTK_LABEL (label), jg_code_get_name (code));
}

static void
setup_filter_dropdown (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (filter_setup_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (factory, "bind", G_CALLBACK (filter_bind_cb), NULL);
  g_signal_connect (list_factory, "setup", G_CALLBACK (filter_setup_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (list_factory, "bind", G_CALLBACK (filter_bind_cb), NULL);

  gtk_drop_down_set_factory (dropdown, factory);
  gtk_drop_down_set_list_factory (dropdown, list_factory);
  /* Used by the department drop-down's search. */
  gtk_drop_down_set_expression (dropdown,
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (code_name),
                                                             NULL, NULL));
}

static GListStore *
filter_store_new (const char *table,
                  const char *any_label)
{
  GListStore *store = g_list_store_new (JG_TYPE_CODE);
  g_autoptr(JgCode) any = jg_code_new (table, "", any_label);

  g_list_store_append (store, any);
  return store;
}

/* Replaces the drop-down's entries, keeping the selected code if it is still
 * there, without running a query for the intermediate states. */
static void
set_filter_model (JgCataloguePage *self,
                  GtkDropDown     *dropdown,
                  GListModel      *model)
{
  g_autofree char *previous = g_strdup (selected_code (dropdown));
  guint position = 0;

  if (previous != NULL)
    {
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(JgCode) code = g_list_model_get_item (model, i);
          if (g_strcmp0 (jg_code_get_code (code), previous) == 0)
            {
              position = i;
              break;
            }
        }
    }

  self->blocking_filters++;
  gtk_drop_down_set_model (dropdown, model);
  gtk_drop_down_set_selected (dropdown, position);
  self->blocking_filters--;
}

typedef struct {
  JgCataloguePage *self;
  GtkDropDown *dropdown;
  char *table;
  char *any_label;
} CodesRequest;

static void
codes_request_free (CodesRequest *request)
{
  g_object_unref (request->self);
  g_free (request->table);
  g_free (request->any_label);
  g_free (request);
}

static void run_query (JgCataloguePage *self);

static void
codes_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CodesRequest *request = user_data;
  JgCataloguePage *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) codes = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autofree char *before = NULL;
  guint n;

  codes = jg_catalogue_list_codes_finish (JG_CATALOGUE (object), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  store = filter_store_new (request->table, request->any_label);
  if (codes == NULL)
    g_debug ("No %s codes: %s", request->table, error->message);
  else
    {
      n = g_list_model_get_n_items (codes);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GObject) code = g_list_model_get_item (codes, i);
          g_list_store_append (store, code);
        }
    }

  before = g_strdup (selected_code (request->dropdown));
  set_filter_model (self, request->dropdown, G_LIST_MODEL (store));
  /* The selected department (say) is gone after a sync: search again. */
  if (g_strcmp0 (before, selected_code (request->dropdown)) != 0)
    run_query (self);

out:
  codes_request_free (request);
}

static void
load_codes (JgCataloguePage *self,
            GtkDropDown     *dropdown,
            const char      *table,
            const char      *any_label)
{
  JgCatalogue *catalogue = jg_catalogue_page_get_catalogue (self);
  CodesRequest *request;

  if (catalogue == NULL)
    return;

  request = g_new0 (CodesRequest, 1);
  request->self = g_object_ref (self);
  request->dropdown = dropdown;
  request->table = g_strdup (table);
  request->any_label = g_strdup (any_label);

  jg_catalogue_list_codes_async (catalogue, table, self->codes_cancellable,
                                 codes_ready_cb, request);
}

static void
load_filters (JgCataloguePage *self)
{
  if (self->codes_cancellable != NULL)
    g_cancellable_cancel (self->codes_cancellable);
  g_clear_object (&self->codes_cancellable);
  self->codes_cancellable = g_cancellable_new ();

  load_codes (self, self->department_dropdown, "department", _("All departments"));
  load_codes (self, self->action_type_dropdown, "action_type", _("All action types"));
  load_codes (self, self->level_dropdown, "level", _("All levels"));
}

static void
filter_changed_cb (JgCataloguePage *self)
{
  if (self->blocking_filters > 0)
    return;
  run_query (self);
}

/* --- the query ------------------------------------------------------------ */

typedef struct {
  JgCataloguePage *self;
  char *keep_code;  /* the item shown in the detail, to select again */
} SearchRequest;

static void
search_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SearchRequest *request = user_data;
  JgCataloguePage *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autofree char *count = NULL;
  guint n, n_shown;
  guint keep = GTK_INVALID_LIST_POSITION;

  items = jg_catalogue_search_finish (JG_CATALOGUE (object), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  if (items == NULL)
    {
      jg_catalogue_page_show_results (self, NULL, 0);
      adw_status_page_set_title (self->no_results_page, _("Search Failed"));
      adw_status_page_set_description (self->no_results_page, error->message);
      gtk_stack_set_visible_child_name (self->results_stack, "no-results");
      gtk_label_set_label (self->count_label, "");
      goto out;
    }

  n = g_list_model_get_n_items (items);
  if (n > RESULT_LIMIT)
    {
      n_shown = RESULT_LIMIT;
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Showing the first %u result. Refine your search to see others.",
                                            "Showing the first %u results. Refine your search to see others.",
                                            n_shown),
                               n_shown);
    }
  else
    {
      n_shown = n;
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result", "%u results", n_shown),
                               n_shown);
    }
  self->n_results = n_shown;

  for (guint i = 0; request->keep_code != NULL && i < n_shown; i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (items, i);
      if (g_strcmp0 (jg_sub_item_get_code (item), request->keep_code) == 0)
        {
          keep = i;
          break;
        }
    }

  /* Rows for the first few results (and down to the kept item) only. */
  jg_catalogue_page_show_results (self, items, keep != GTK_INVALID_LIST_POSITION ? keep + 1 : 0);
  /* Selecting it again also refreshes the detail after a sync. */
  if (keep != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, keep);

  gtk_label_set_label (self->count_label, count);

  if (n_shown == 0)
    {
      adw_status_page_set_title (self->no_results_page, _("No Results Found"));
      adw_status_page_set_description (self->no_results_page,
                                       _("Try a different search, or fewer filters."));
      gtk_stack_set_visible_child_name (self->results_stack, "no-results");
    }
  else
    gtk_stack_set_visible_child_name (self->results_stack, "list");

out:
  g_object_unref (request->self);
  g_free (request->keep_code);
  g_free (request);
}

static void
run_query (JgCataloguePage *self)
{
  JgCatalogue *catalogue = jg_catalogue_page_get_catalogue (self);
  g_autoptr(JgCatalogueQuery) query = NULL;
  SearchRequest *request;
  JgSubItem *current;
  const char *random;

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (catalogue == NULL || self->disposed)
    return;

  query = jg_catalogue_query_new (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  query->department = g_strdup (selected_code (self->department_dropdown));
  query->action_type = g_strdup (selected_code (self->action_type_dropdown));
  query->level = g_strdup (selected_code (self->level_dropdown));
  random = selected_code (self->random_dropdown);
  if (g_strcmp0 (random, "yes") == 0)
    query->random_check = JG_TRISTATE_YES;
  else if (g_strcmp0 (random, "no") == 0)
    query->random_check = JG_TRISTATE_NO;
  else
    query->random_check = JG_TRISTATE_ANY;
  /* One more than shown, to tell "200 results" from "the first 200". */
  query->limit = RESULT_LIMIT + 1;

  current = jg_item_detail_get_item (self->detail);

  request = g_new0 (SearchRequest, 1);
  request->self = g_object_ref (self);
  if (self->pending_code != NULL)
    request->keep_code = g_steal_pointer (&self->pending_code);
  else
    request->keep_code = current != NULL ? g_strdup (jg_sub_item_get_code (current)) : NULL;

  self->search_cancellable = g_cancellable_new ();
  jg_catalogue_search_async (catalogue, query, self->search_cancellable,
                             search_ready_cb, request);
}

void
jg_catalogue_page_show_item (JgCataloguePage *self,
                             const char      *code)
{
  GtkDropDown *filters[] = {
    self->department_dropdown, self->action_type_dropdown,
    self->level_dropdown, self->random_dropdown,
  };

  g_return_if_fail (JG_IS_CATALOGUE_PAGE (self));

  /* A filter left from before could hide the item: show it whatever. */
  self->blocking_filters++;
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    gtk_drop_down_set_selected (filters[i], 0);
  self->blocking_filters--;

  /* Its code finds it first; the entry's own (delayed) search-changed then
   * runs the same query again, keeping it selected. */
  g_free (self->pending_code);
  self->pending_code = g_strdup (code);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), code);
  run_query (self);
}

/* --- search entry --------------------------------------------------------- */

static void
search_changed_cb (JgCataloguePage *self)
{
  run_query (self);
}

static void
stop_search_cb (JgCataloguePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
search_activate_cb (JgCataloguePage *self)
{
  g_autoptr(JgSubItem) item = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  gtk_single_selection_set_selected (self->selection, 0);
  item = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
  jg_catalogue_page_show_detail (self, item, TRUE);
}

static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       JgCataloguePage       *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0 &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      jg_catalogue_page_focus_results (self);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

void
jg_catalogue_page_focus_search (JgCataloguePage *self)
{
  g_return_if_fail (JG_IS_CATALOGUE_PAGE (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "browse") != 0)
    return;

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "results");

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* --- session -------------------------------------------------------------- */

static void
update_state (JgCataloguePage *self)
{
  const char *page;
  JgSyncStatus status;
  gboolean syncing;
  gboolean was_browsing;

  if (self->session == NULL || jg_catalogue_page_get_catalogue (self) == NULL)
    page = "no-server";
  else if (jg_session_is_catalogue_empty (self->session))
    page = "empty";
  else
    page = "browse";

  was_browsing = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "browse") == 0;
  gtk_stack_set_visible_child_name (self->main_stack, page);

  /* The catalogue just arrived: one can type straight away. */
  if (!was_browsing && g_str_equal (page, "browse") && gtk_widget_get_mapped (GTK_WIDGET (self)))
    jg_catalogue_page_focus_search (self);

  if (self->session == NULL)
    return;

  status = jg_session_get_status (self->session);
  syncing = status == JG_SYNC_STATUS_SYNCING;

  gtk_widget_set_sensitive (self->download_button, !syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->download_progress), syncing);

  if (syncing)
    {
      guint64 done = jg_session_get_progress_done (self->session);
      guint64 total = jg_session_get_progress_total (self->session);

      if (total > 0)
        gtk_progress_bar_set_fraction (self->download_progress, (double) done / (double) total);
      else
        gtk_progress_bar_pulse (self->download_progress);
      gtk_widget_set_visible (GTK_WIDGET (self->download_label), FALSE);
    }
  else if (status == JG_SYNC_STATUS_FAILED && jg_session_get_last_result (self->session) != NULL)
    {
      gtk_label_set_label (self->download_label, jg_session_get_last_result (self->session));
      gtk_widget_set_visible (GTK_WIDGET (self->download_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->download_label), FALSE);
}

static void
session_notify_cb (JgCataloguePage *self)
{
  update_state (self);
}

static void
data_changed_cb (JgCataloguePage *self)
{
  /* The detail stays: the new query selects its item again and refreshes it. */
  update_state (self);
  load_filters (self);
  run_query (self);
}

static void
catalogue_replaced_cb (JgCataloguePage *self)
{
  /* Another server: nothing of the old one stays on screen. */
  jg_catalogue_page_show_results (self, NULL, 0);
  jg_item_detail_set_item (self->detail, NULL, NULL);
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
  gtk_label_set_label (self->count_label, "");
}

void
jg_catalogue_page_set_session (JgCataloguePage *self,
                               JgSession       *session)
{
  g_return_if_fail (JG_IS_CATALOGUE_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_swapped (session, "notify::catalogue",
                                G_CALLBACK (catalogue_replaced_cb), self);
      g_signal_connect_swapped (session, "data-changed",
                                G_CALLBACK (data_changed_cb), self);
      g_signal_connect_swapped (session, "notify::catalogue-empty",
                                G_CALLBACK (session_notify_cb), self);
      g_signal_connect_swapped (session, "notify::status",
                                G_CALLBACK (session_notify_cb), self);
      g_signal_connect_swapped (session, "notify::progress-done",
                                G_CALLBACK (session_notify_cb), self);
      g_signal_connect_swapped (session, "notify::last-result",
                                G_CALLBACK (session_notify_cb), self);
    }

  data_changed_cb (self);
}

/* --- life cycle ----------------------------------------------------------- */

static void
jg_catalogue_page_map (GtkWidget *widget)
{
  JgCataloguePage *self = JG_CATALOGUE_PAGE (widget);
  GtkRoot *root;
  GtkWidget *focus;

  GTK_WIDGET_CLASS (jg_catalogue_page_parent_class)->map (widget);

  /* Arriving at the catalogue, one can type straight away. */
  root = gtk_widget_get_root (widget);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, widget))
    jg_catalogue_page_focus_search (self);
}

static void
jg_catalogue_page_dispose (GObject *object)
{
  JgCataloguePage *self = JG_CATALOGUE_PAGE (object);

  self->disposed = TRUE;

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->codes_cancellable != NULL)
    g_cancellable_cancel (self->codes_cancellable);
  g_clear_object (&self->codes_cancellable);
  g_clear_pointer (&self->pending_code, g_free);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  /* Not gtk_widget_dispose_template(): in GTK 4.8 it unparents the bound
   * child that AdwBin then unparents again. AdwBin's dispose drops it. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);

  G_OBJECT_CLASS (jg_catalogue_page_parent_class)->dispose (object);
}

static void
jg_catalogue_page_class_init (JgCataloguePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_catalogue_page_dispose;
  widget_class->map = jg_catalogue_page_map;

  g_type_ensure (JG_TYPE_ITEM_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/catalogue/jg-catalogue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, download_button);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, download_progress);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, download_label);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, department_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, action_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, random_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, JgCataloguePage, detail);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  jg_catalogue_page_class_init_results (widget_class);
}

static void
jg_catalogue_page_init (JgCataloguePage *self)
{
  g_autoptr(GListStore) random = NULL;
  GtkEventController *controller;
  GtkDropDown *dropdowns[4];

  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  dropdowns[0] = self->department_dropdown;
  dropdowns[1] = self->action_type_dropdown;
  dropdowns[2] = self->level_dropdown;
  dropdowns[3] = self->random_dropdown;

  self->blocking_filters++;
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    setup_filter_dropdown (dropdowns[i]);

  {
    g_autoptr(GListStore) departments = filter_store_new ("department", _("All departments"));
    g_autoptr(GListStore) action_types = filter_store_new ("action_type", _("All action types"));
    g_autoptr(GListStore) levels = filter_store_new ("level", _("All levels"));
    g_autoptr(JgCode) yes = jg_code_new ("random_check", "yes", _("In random checks"));
    g_autoptr(JgCode) no = jg_code_new ("random_check", "no", _("Not in random checks"));

    random = filter_store_new ("random_check", _("Any random checks"));
    g_list_store_append (random, yes);
    g_list_store_append (random, no);

    gtk_drop_down_set_model (self->department_dropdown, G_LIST_MODEL (departments));
    gtk_drop_down_set_model (self->action_type_dropdown, G_LIST_MODEL (action_types));
    gtk_drop_down_set_model (self->level_dropdown, G_LIST_MODEL (levels));
    gtk_drop_down_set_model (self->random_dropdown, G_LIST_MODEL (random));
  }
  self->blocking_filters--;

  jg_catalogue_page_init_results (self);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  /* Typing anywhere on the page goes to the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}
