/* jg-catalogue.c — queries over the cached supervision catalogue
 *
 * The search (jg-catalogue.h's semantics, ranked by jg-catalogue-rank.c)
 * and JgCatalogue, which runs it and the lookups and lists of
 * jg-catalogue-lists.c in a thread of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-catalogue-private.h"
#include "jg-search-grams-private.h"
#include "jg-search-private.h"
#include "jg-store-private.h"

/* --- queries -------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (JgCatalogueQuery, jg_catalogue_query,
                     jg_catalogue_query_copy, jg_catalogue_query_free)

JgCatalogueQuery *
jg_catalogue_query_new (const char *text)
{
  JgCatalogueQuery *query = g_new0 (JgCatalogueQuery, 1);

  query->text = g_strdup (text);
  query->random_check = JG_TRISTATE_ANY;
  return query;
}

JgCatalogueQuery *
jg_catalogue_query_copy (const JgCatalogueQuery *query)
{
  JgCatalogueQuery *copy = g_new0 (JgCatalogueQuery, 1);

  copy->text = g_strdup (query->text);
  copy->department = g_strdup (query->department);
  copy->action_type = g_strdup (query->action_type);
  copy->level = g_strdup (query->level);
  copy->random_check = query->random_check;
  copy->limit = query->limit;
  return copy;
}

void
jg_catalogue_query_free (JgCatalogueQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->text);
  g_free (query->department);
  g_free (query->action_type);
  g_free (query->level);
  g_free (query);
}

JgQueryClass
jg_catalogue_classify_query (const char *text)
{
  g_autofree char *s = jg_search_normalize (text);
  glong n_chars;
  gboolean digits = TRUE;
  gboolean words = TRUE;

  if (*s == '\0')
    return JG_QUERY_ALL;

  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* g_ascii_isdigit() looks at the low byte only: 制 (U+5236) is not '6'. */
      if (c >= 0x80 || !g_ascii_isdigit (c))
        digits = FALSE;
      if (!jg_search_is_word_char (c))
        words = FALSE;
    }

  if (digits)
    return JG_QUERY_CODE_PREFIX;

  n_chars = g_utf8_strlen (s, -1);
  if (n_chars >= 3)
    return JG_QUERY_TRIGRAM;
  if (words)
    return JG_QUERY_GRAM;
  return JG_QUERY_SCAN;
}

JgSubItem *
jg_catalogue_sub_item_from_row (sqlite3_stmt *stmt)
{
  const char *values[JG_SUB_ITEM_N_FIELDS];

  /* Column 0 is the row id; the fields follow in JgSubItemField order. */
  for (guint i = 0; i < JG_SUB_ITEM_N_FIELDS; i++)
    values[i] = (const char *) sqlite3_column_text (stmt, i + 1);

  return jg_sub_item_new (values, sqlite3_column_int64 (stmt, 0));
}

void
jg_catalogue_append_filters (GString                *sql,
                             const JgCatalogueQuery *query)
{
  if (query->department != NULL)
    g_string_append (sql, " AND s.department = :department");
  if (query->action_type != NULL)
    g_string_append (sql, " AND s.action_type = :action_type");
  if (query->level != NULL)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM impl_entry i"
                          " WHERE i.sub_item = s.code AND i.level = :level)");
  if (query->random_check == JG_TRISTATE_YES)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM impl_entry i"
                          " WHERE i.sub_item = s.code AND i.random_check = 1)");
  else if (query->random_check == JG_TRISTATE_NO)
    g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM impl_entry i"
                          " WHERE i.sub_item = s.code AND i.random_check = 1)");
}

void
jg_catalogue_bind_filters (sqlite3_stmt           *stmt,
                           const JgCatalogueQuery *query)
{
  jg_search_bind (stmt, ":department", query->department);
  jg_search_bind (stmt, ":action_type", query->action_type);
  jg_search_bind (stmt, ":level", query->level);
}

/* Builds the SQL for @query. Values are never part of the text: only which
 * fixed fragments are present, so each shape is prepared once and cached. */
static char *
build_search_sql (const JgCatalogueQuery *query,
                  JgQueryClass            klass)
{
  GString *sql = g_string_new ("SELECT " SUB_ITEM_COLUMNS " FROM ");

  switch (klass)
    {
    case JG_QUERY_TRIGRAM:
      g_string_append (sql, "sub_item_fts f CROSS JOIN sub_item s ON s.id = f.rowid"
                            SUB_ITEM_JOINS " WHERE sub_item_fts MATCH :q");
      break;
    case JG_QUERY_GRAM:
      g_string_append (sql, "sub_item_gram f CROSS JOIN sub_item s ON s.id = f.rowid"
                            SUB_ITEM_JOINS " WHERE sub_item_gram MATCH :q");
      break;
    case JG_QUERY_SCAN:
      g_string_append (sql, "sub_item s" SUB_ITEM_JOINS
                            " WHERE (instr (lower (s.name), :q) OR instr (lower (s.objects), :q)"
                            " OR instr (lower (s.legal_basis), :q))");
      break;
    case JG_QUERY_CODE_PREFIX:
      g_string_append (sql, "sub_item s" SUB_ITEM_JOINS
                            " WHERE s.code >= :q AND s.code < :q_end");
      break;
    case JG_QUERY_ALL:
    default:
      g_string_append (sql, "sub_item s" SUB_ITEM_JOINS " WHERE 1");
      break;
    }

  jg_catalogue_append_filters (sql, query);

  switch (klass)
    {
    case JG_QUERY_TRIGRAM:
    case JG_QUERY_GRAM:
      g_string_append (sql, " ORDER BY f.rowid");
      break;
    case JG_QUERY_SCAN:
      g_string_append (sql, " ORDER BY s.id");
      break;
    case JG_QUERY_CODE_PREFIX:
    case JG_QUERY_ALL:
    default:
      g_string_append (sql, " ORDER BY s.code");
      break;
    }

  g_string_append (sql, " LIMIT :limit");
  return g_string_free (sql, FALSE);
}

/* Prepares and binds the search statement; shared with the benchmark, which
 * times it bare against jg_catalogue_search_sync. */
sqlite3_stmt *
jg_catalogue_prepare_search (JgStore                *store,
                             const JgCatalogueQuery *query,
                             GError                **error)
{
  g_autofree char *text = jg_search_normalize (query->text);
  JgQueryClass klass = jg_catalogue_classify_query (text);
  g_autofree char *sql = build_search_sql (query, klass);
  sqlite3_stmt *stmt;
  guint limit = query->limit ? query->limit : JG_CATALOGUE_DEFAULT_LIMIT;

  stmt = jg_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  switch (klass)
    {
    case JG_QUERY_TRIGRAM:
    case JG_QUERY_GRAM:
      {
        g_autofree char *phrase = jg_search_fts_phrase (text);
        jg_search_bind (stmt, ":q", phrase);
      }
      break;

    case JG_QUERY_CODE_PREFIX:
      {
        g_autofree char *end = g_strdup (text);
        end[strlen (end) - 1]++;  /* digits only: '9' + 1 is ':' */
        jg_search_bind (stmt, ":q", text);
        jg_search_bind (stmt, ":q_end", end);
      }
      break;

    case JG_QUERY_SCAN:
      jg_search_bind (stmt, ":q", text);
      break;

    case JG_QUERY_ALL:
    default:
      break;
    }

  jg_catalogue_bind_filters (stmt, query);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);

  return stmt;
}

static gpointer
make_sub_item (sqlite3_stmt *stmt,
               JgSearchRank  rank,
               gpointer      user_data)
{
  return jg_catalogue_sub_item_from_row (stmt);
}

/* Best matches first (jg-catalogue-rank.c). */
static GListModel *
search_ranked (JgStore                *store,
               const JgCatalogueQuery *query,
               GError                **error)
{
  g_autoptr(GListStore) results = NULL;
  JgSearchTiers tiers;
  gboolean ok;

  jg_search_tiers_init (&tiers, store, query->limit ? query->limit : JG_CATALOGUE_DEFAULT_LIMIT,
                        g_object_unref, make_sub_item, NULL);
  ok = jg_catalogue_rank_run (store, query, &tiers, error);
  if (ok)
    {
      results = g_list_store_new (JG_TYPE_SUB_ITEM);
      g_list_store_splice (results, 0, 0, tiers.out->pdata, tiers.out->len);
    }
  jg_search_tiers_clear (&tiers);
  return ok ? G_LIST_MODEL (g_steal_pointer (&results)) : NULL;
}

GListModel *
jg_catalogue_search_sync (JgStore                *store,
                          const JgCatalogueQuery *query,
                          GError                **error)
{
  g_autoptr(GListStore) results = NULL;
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (jg_catalogue_classify_query (query->text) != JG_QUERY_ALL)
    return search_ranked (store, query, error);

  stmt = jg_catalogue_prepare_search (store, query, error);
  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, jg_catalogue_sub_item_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }

  results = g_list_store_new (JG_TYPE_SUB_ITEM);
  g_list_store_splice (results, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (g_steal_pointer (&results));
}

/* --- JgCatalogue ---------------------------------------------------------- */

struct _JgCatalogue
{
  GObject  parent_instance;
  char    *db_path;
  GMutex   mutex;     /* guards store: one worker at a time on the connection */
  JgStore *store;
};

G_DEFINE_FINAL_TYPE (JgCatalogue, jg_catalogue, G_TYPE_OBJECT)

static void
jg_catalogue_finalize (GObject *object)
{
  JgCatalogue *self = JG_CATALOGUE (object);

  g_clear_object (&self->store);
  g_mutex_clear (&self->mutex);
  g_free (self->db_path);

  G_OBJECT_CLASS (jg_catalogue_parent_class)->finalize (object);
}

static void
jg_catalogue_class_init (JgCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_catalogue_finalize;
}

static void
jg_catalogue_init (JgCatalogue *self)
{
  g_mutex_init (&self->mutex);
}

JgCatalogue *
jg_catalogue_new (const char *db_path)
{
  JgCatalogue *self = g_object_new (JG_TYPE_CATALOGUE, NULL);

  self->db_path = g_strdup (db_path);
  return self;
}

const char *
jg_catalogue_get_db_path (JgCatalogue *self)
{
  g_return_val_if_fail (JG_IS_CATALOGUE (self), NULL);

  return self->db_path;
}

void
jg_catalogue_reset (JgCatalogue *self)
{
  g_return_if_fail (JG_IS_CATALOGUE (self));

  g_mutex_lock (&self->mutex);
  g_clear_object (&self->store);
  g_mutex_unlock (&self->mutex);
}

/* Called with the mutex held. */
static JgStore *
ensure_store (JgCatalogue  *self,
              GError      **error)
{
  /* The catalogue page's searches read pages all over a cache of 250 MB:
   * through read() and the default 2 MiB page cache they were a system call
   * and a copy each, a fifth of a search's time. Mapped, as one-key
   * search's connection is. */
  if (self->store == NULL &&
      (self->store = jg_store_open (self->db_path, error)) != NULL &&
      !jg_search_all_tune_connection (self->store, error))
    g_clear_object (&self->store);

  return self->store;
}

typedef enum {
  OP_SEARCH,
  OP_IMPLEMENTATIONS,
  OP_CODES,
  OP_STATUS,
} Op;

typedef struct {
  Op                op;
  JgCatalogueQuery *query;
  char             *arg;
  JgCatalogueStatus status;
} TaskData;

static void
task_data_free (TaskData *data)
{
  jg_catalogue_query_free (data->query);
  g_free (data->arg);
  g_free (data);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JgCatalogue *self = source_object;
  TaskData *data = task_data;
  g_autoptr(GError) error = NULL;
  GListModel *model = NULL;
  JgStore *store;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->mutex);

  store = ensure_store (self, &error);
  if (store != NULL)
    {
      switch (data->op)
        {
        case OP_SEARCH:
          model = jg_catalogue_search_sync (store, data->query, &error);
          break;
        case OP_IMPLEMENTATIONS:
          model = jg_catalogue_list_implementations_sync (store, data->arg, &error);
          break;
        case OP_CODES:
          model = jg_catalogue_list_codes_sync (store, data->arg, &error);
          break;
        case OP_STATUS:
          if (jg_catalogue_get_status_sync (store, &data->status, &error))
            {
              g_mutex_unlock (&self->mutex);
              g_task_return_boolean (task, TRUE);
              return;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  g_mutex_unlock (&self->mutex);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, model, g_object_unref);
}

/* Runs @op (with @query or @arg) in the worker thread. */
static void
start_task (JgCatalogue            *self,
            Op                      op,
            const JgCatalogueQuery *query,
            const char             *arg,
            gpointer                source_tag,
            GCancellable           *cancellable,
            GAsyncReadyCallback     callback,
            gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  data->op = op;
  data->query = query != NULL ? jg_catalogue_query_copy (query) : NULL;
  data->arg = g_strdup (arg);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, run_in_thread);
}

void
jg_catalogue_search_async (JgCatalogue            *self,
                           const JgCatalogueQuery *query,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  g_return_if_fail (JG_IS_CATALOGUE (self));

  start_task (self, OP_SEARCH, query, NULL, jg_catalogue_search_async,
              cancellable, callback, user_data);
}

static GListModel *
propagate_model (JgCatalogue   *self,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GListModel *
jg_catalogue_search_finish (JgCatalogue   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return propagate_model (self, result, jg_catalogue_search_async, error);
}

void
jg_catalogue_list_implementations_async (JgCatalogue         *self,
                                         const char          *sub_item_code,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (JG_IS_CATALOGUE (self));

  start_task (self, OP_IMPLEMENTATIONS, NULL, sub_item_code,
              jg_catalogue_list_implementations_async, cancellable, callback, user_data);
}

GListModel *
jg_catalogue_list_implementations_finish (JgCatalogue   *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return propagate_model (self, result, jg_catalogue_list_implementations_async, error);
}

void
jg_catalogue_list_codes_async (JgCatalogue         *self,
                               const char          *table,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (JG_IS_CATALOGUE (self));

  start_task (self, OP_CODES, NULL, table, jg_catalogue_list_codes_async,
              cancellable, callback, user_data);
}

GListModel *
jg_catalogue_list_codes_finish (JgCatalogue   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return propagate_model (self, result, jg_catalogue_list_codes_async, error);
}

void
jg_catalogue_get_status_async (JgCatalogue         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (JG_IS_CATALOGUE (self));

  start_task (self, OP_STATUS, NULL, NULL, jg_catalogue_get_status_async,
              cancellable, callback, user_data);
}

gboolean
jg_catalogue_get_status_finish (JgCatalogue        *self,
                                GAsyncResult       *result,
                                JgCatalogueStatus  *status,
                                GError            **error)
{
  TaskData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  *status = data->status;
  return TRUE;
}
