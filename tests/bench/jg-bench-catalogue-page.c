/* jg-bench-catalogue-page.c — `jianguan-bench catalogue-page`
 *
 *   jianguan-bench catalogue-page [--items N] [--seed S] [--queries Q]
 *
 * drives the real JgCataloguePage (it needs a display: run it under Xvfb,
 * as `meson test --benchmark` does) over the synthetic catalogue of
 * `jianguan-bench catalogue`: from the search entry's "search-changed"
 * (after the entry's own delay) to the first frame painted with the new
 * results, p50/p95 per query class (goal ≤ 50 ms), beside the bare query
 * of the same text in the same run and their ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <gtk/gtk.h>

#include "jg-bench.h"
#include "jg-bench-catalogue.h"
#include "jg-catalogue-page.h"
#include "jg-catalogue-sync.h"
#include "jg-search-private.h"
#include "jg-session.h"
#include "jg-store-private.h"

/* Longest wait for a page to show a query's results before giving up. */
#define PAGE_TIMEOUT_US (30 * G_USEC_PER_SEC)
/* Queries per class by default: each waits for the entry's own delay. */
#define PAGE_DEFAULT_QUERIES 40

/* From "search-changed" to the first frame painted after the list's model
 * changed: what the person at the keyboard waits for. */
typedef struct {
  gint64   changed;        /* monotonic µs; 0 before the first emission */
  gboolean items_changed;
  gint64   painted;
} PageProbe;

static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               user_data)
{
  PageProbe *probe = user_data;

  probe->changed = g_get_monotonic_time ();
  probe->items_changed = FALSE;
  probe->painted = 0;
  return TRUE;
}

static void
results_changed_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    PageProbe  *probe)
{
  if (probe->changed != 0)
    probe->items_changed = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                PageProbe     *probe)
{
  if (probe->items_changed && probe->painted == 0)
    probe->painted = g_get_monotonic_time ();
}

/* The first widget of @type under @widget, outside popovers (the
 * drop-downs have lists of their own). */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  if (GTK_IS_POPOVER (widget))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Runs the main loop until @done or PAGE_TIMEOUT_US; FALSE on timeout. */
static gboolean
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + PAGE_TIMEOUT_US;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static gboolean
painted (gpointer data)
{
  return ((PageProbe *) data)->painted != 0;
}

typedef struct {
  JgSession  *session;
  GListModel *results;
} PageReady;

static gboolean
page_ready (gpointer data)
{
  PageReady *ready = data;

  return !jg_session_is_syncing (ready->session) &&
         !jg_session_is_catalogue_empty (ready->session) &&
         g_list_model_get_n_items (ready->results) > 0;
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

int
jg_bench_catalogue_page (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— search latency of the catalogue page");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(JgSession) session = NULL;
  GtkWidget *window, *page, *entry, *list_view;
  GListModel *results;
  JgBenchSetup setup;
  PageProbe probe = { 0, };
  PageReady ready;
  gulong hook;
  int items = 200000;
  int seed = 1;
  int n_queries = PAGE_DEFAULT_QUERIES;
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Synthetic sub-items (default 200000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Generator seed (default 1)", "S" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Queries per search class (default 40)", "Q" },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv))
    return 2;
  if (!gtk_init_check ())
    {
      g_printerr ("jianguan-bench: catalogue-page needs a display (run it under xvfb-run)\n");
      return 77;
    }
  adw_init ();

  bench_setup (&setup, "bench-page", items, seed, NULL);
  store = jg_store_open (setup.db_path, &error);
  g_assert_no_error (error);
  /* Tuned as the page's own search connection is (JgCatalogue). */
  if (!jg_search_all_tune_connection (store, &error))
    g_error ("%s", error->message);

  /* The app's session over that server, with no sync of its own. */
  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend ("com.jieyang.Jianguan", backend);
  g_settings_set_uint (settings, "sync-interval", 0);
  g_settings_set_string (settings, "server-url", setup.server->url);
  session = jg_session_new (settings);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  page = g_object_new (JG_TYPE_CATALOGUE_PAGE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), page);
  jg_catalogue_page_set_session (JG_CATALOGUE_PAGE (page), session);
  gtk_window_present (GTK_WINDOW (window));

  entry = find_widget (page, GTK_TYPE_SEARCH_ENTRY);
  list_view = find_widget (page, GTK_TYPE_LIST_VIEW);
  g_assert (entry != NULL && list_view != NULL);
  results = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));

  ready.session = session;
  ready.results = results;
  if (!iterate_until (page_ready, &ready))
    g_error ("The catalogue page did not show the catalogue");
  settle (500);

  g_signal_connect (results, "items-changed", G_CALLBACK (results_changed_cb), &probe);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), &probe);
  hook = g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                                     search_changed_hook, &probe, NULL);

  g_printerr ("Page search latency…\n");
  for (guint k = 0; k < N_CLASSES; k++)
    {
      g_autoptr(GPtrArray) queries = make_queries (store, k, n_queries, seed);
      g_autoptr(GArray) page_ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < queries->len; i++)
        {
          double ms, b;

          /* Same text as before (a class can repeat one): nothing changes. */
          if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), queries->pdata[i]) == 0)
            continue;
          probe.changed = 0;
          probe.items_changed = FALSE;
          probe.painted = 0;
          gtk_editable_set_text (GTK_EDITABLE (entry), queries->pdata[i]);
          if (!iterate_until (painted, &probe))
            g_error ("The page did not show the results of “%s”", (char *) queries->pdata[i]);
          ms = (probe.painted - probe.changed) / 1000.0;
          g_array_append_val (page_ms, ms);
          /* Let the frame finish as a person would before the next query. */
          settle (50);

          b = time_bare (store, queries->pdata[i]);
          g_array_append_val (bare, b);
        }

      emit_latencies ("page_search", class_names[k], page_ms, bare);
    }

  g_signal_remove_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), hook);
  g_signal_handlers_disconnect_by_data (results, &probe);
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (window), &probe);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&session);

  g_clear_object (&store);
  bench_setup_clear (&setup);
  return 0;
}
