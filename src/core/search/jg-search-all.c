/* jg-search-all.c — one-key search (一键搜索) over everything
 *
 * Each kind is a list of tiers (jg-search-private.h), each one limited
 * statement on an index: records and parties by their number or code
 * (exact, then prefix: the code/number indexes of schema step 15), names
 * by prefix (NOCASE indexes) and contained (trigram for 3+ characters,
 * jg_gram for 1–2). A 1–2 character query with punctuation (JG_QUERY_SCAN)
 * has no index: it is matched against names only where a scan is cheap
 * (catalogue items, post titles, officers), not over records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-catalogue-private.h"
#include "jg-post-schema.h"
#include "jg-record-schema.h"
#include "jg-search-all.h"
#include "jg-search-private.h"
#include "jg-store-private.h"

/* " · " between a subtitle's parts. */
#define SEPARATOR " · "

typedef struct {
  JgSearchRank rank;
  const char  *sql;     /* column 0 is the row's key; ends with LIMIT :limit */
} Tier;

/* --- records --------------------------------------------------------------- */

#define RECORD_SELECT "SELECT r.uuid, r.kind, r.number, r.party_name, r.party_doc_type, r.party_code FROM "
#define RECORD_LIVE " AND r.deleting = 0"

static const Tier record_exact[] = {
  { JG_SEARCH_RANK_EXACT, RECORD_SELECT "record r WHERE r.number = :raw COLLATE NOCASE" RECORD_LIVE
                          " ORDER BY r.number COLLATE NOCASE LIMIT :limit" },
  { JG_SEARCH_RANK_EXACT, RECORD_SELECT "record r WHERE r.party_code = :code" RECORD_LIVE
                          " ORDER BY r.sort_date DESC LIMIT :limit" },
  { JG_SEARCH_RANK_PREFIX, RECORD_SELECT "record r WHERE r.party_name COLLATE NOCASE >= :q"
                           " AND r.party_name COLLATE NOCASE < :q_end" RECORD_LIVE
                           " ORDER BY r.party_name COLLATE NOCASE LIMIT :limit" },
};

/* Newest first: the index's rowids grow with the records. */
static const Tier record_contains[] = {
  [JG_QUERY_TRIGRAM] = { JG_SEARCH_RANK_CONTAINS, RECORD_SELECT "record_fts f CROSS JOIN record r"
                         " ON r.rowid = f.rowid WHERE record_fts MATCH :phrase" RECORD_LIVE
                         " ORDER BY f.rowid DESC LIMIT :limit" },
  [JG_QUERY_GRAM] = { JG_SEARCH_RANK_CONTAINS, RECORD_SELECT "record_gram f CROSS JOIN record r"
                      " ON r.rowid = f.rowid WHERE record_gram MATCH :phrase" RECORD_LIVE
                      " ORDER BY f.rowid DESC LIMIT :limit" },
  [JG_QUERY_SCAN] = { JG_SEARCH_RANK_CONTAINS, NULL },
};

static const Tier record_other[] = {
  { JG_SEARCH_RANK_OTHER, RECORD_SELECT "record r WHERE r.number COLLATE NOCASE >= :q"
                          " AND r.number COLLATE NOCASE < :q_end" RECORD_LIVE
                          " ORDER BY r.number COLLATE NOCASE LIMIT :limit" },
  { JG_SEARCH_RANK_OTHER, RECORD_SELECT "record r WHERE r.party_code >= :code"
                          " AND r.party_code < :code_end" RECORD_LIVE
                          " ORDER BY r.party_code, r.sort_date LIMIT :limit" },
};

/* A party code as the list may show it. */
static char *
shown_code (const char *doc_type,
            const char *code)
{
  if (code == NULL || *code == '\0')
    return NULL;
  return jg_search_doc_type_is_personal (doc_type) ? jg_search_mask_id_number (code) : g_strdup (code);
}

/* Joins the non-empty @parts (NULL-terminated) with SEPARATOR. */
static char *
join_parts (const char *first,
            ...)
{
  GString *text = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != (const char *) -1; part = va_arg (args, const char *))
    if (part != NULL && *part != '\0')
      g_string_append_printf (text, "%s%s", text->len ? SEPARATOR : "", part);
  va_end (args);
  return g_string_free (text, FALSE);
}
#define END_PARTS ((const char *) -1)

static gpointer
make_record (sqlite3_stmt *stmt,
             JgSearchRank  rank,
             gpointer      user_data)
{
  JgRecordKind kind;
  g_autofree char *code = shown_code (jg_store_column_text (stmt, 4), jg_store_column_text (stmt, 5));
  g_autofree char *subtitle = NULL;
  const char *party = jg_store_column_text (stmt, 3);

  subtitle = join_parts (jg_record_kind_from_string (jg_store_column_text (stmt, 1), &kind)
                         ? jg_record_kind_get_label (kind) : NULL,
                         jg_store_column_text (stmt, 2), code, END_PARTS);
  return jg_search_hit_new (JG_SEARCH_KIND_RECORD, rank, jg_store_column_text (stmt, 0), NULL,
                            party != NULL && *party != '\0' ? party : _("No party named"),
                            subtitle);
}

/* --- parties (entities) ------------------------------------------------------ */

#define ENTITY_SELECT "SELECT e.rowid, e.doc_type, e.code, e.name FROM "

static const Tier entity_exact[] = {
  { JG_SEARCH_RANK_EXACT, ENTITY_SELECT "entity e WHERE e.code = :code LIMIT :limit" },
  { JG_SEARCH_RANK_PREFIX, ENTITY_SELECT "entity e WHERE e.name COLLATE NOCASE >= :q"
                           " AND e.name COLLATE NOCASE < :q_end ORDER BY e.name COLLATE NOCASE LIMIT :limit" },
};

static const Tier entity_contains[] = {
  [JG_QUERY_TRIGRAM] = { JG_SEARCH_RANK_CONTAINS, ENTITY_SELECT "entity_fts f CROSS JOIN entity e"
                         " ON e.rowid = f.rowid WHERE entity_fts MATCH :phrase ORDER BY f.rowid DESC LIMIT :limit" },
  [JG_QUERY_GRAM] = { JG_SEARCH_RANK_CONTAINS, ENTITY_SELECT "entity_gram f CROSS JOIN entity e"
                      " ON e.rowid = f.rowid WHERE entity_gram MATCH :phrase ORDER BY f.rowid DESC LIMIT :limit" },
  [JG_QUERY_SCAN] = { JG_SEARCH_RANK_CONTAINS, NULL },
};

static const Tier entity_other[] = {
  { JG_SEARCH_RANK_OTHER, ENTITY_SELECT "entity e WHERE e.code >= :code AND e.code < :code_end"
                          " ORDER BY e.code LIMIT :limit" },
};

static gpointer
make_entity (sqlite3_stmt *stmt,
             JgSearchRank  rank,
             gpointer      user_data)
{
  const char *doc_type = jg_store_column_text (stmt, 1);
  g_autofree char *code = shown_code (doc_type, jg_store_column_text (stmt, 2));

  return jg_search_hit_new (JG_SEARCH_KIND_ENTITY, rank, jg_store_column_text (stmt, 2), doc_type,
                            jg_store_column_text (stmt, 3), code);
}

/* --- posts ------------------------------------------------------------------- */

#define POST_SELECT "SELECT p.uuid, p.column_key, p.title, json_extract (p.fields, '$.fields.party_name') FROM "
#define POST_LIVE " AND p.deleting = 0"

static const Tier post_prefix[] = {
  { JG_SEARCH_RANK_PREFIX, POST_SELECT "post p WHERE p.title COLLATE NOCASE >= :q"
                           " AND p.title COLLATE NOCASE < :q_end" POST_LIVE
                           " ORDER BY p.title COLLATE NOCASE LIMIT :limit" },
};

/* Newest first, as the records. A 1–2 character query with punctuation
 * scans the titles: a department writes thousands of posts, not millions. */
static const Tier post_contains[] = {
  [JG_QUERY_TRIGRAM] = { JG_SEARCH_RANK_CONTAINS, POST_SELECT "post_text f CROSS JOIN post p"
                         " ON p.rowid = f.rowid WHERE post_text MATCH '{title} : ' || :phrase" POST_LIVE
                         " ORDER BY f.rowid DESC LIMIT :limit" },
  [JG_QUERY_GRAM] = { JG_SEARCH_RANK_CONTAINS, POST_SELECT "post_title_gram f CROSS JOIN post p"
                      " ON p.rowid = f.rowid WHERE post_title_gram MATCH :phrase" POST_LIVE
                      " ORDER BY f.rowid DESC LIMIT :limit" },
  [JG_QUERY_SCAN] = { JG_SEARCH_RANK_CONTAINS, POST_SELECT "post p WHERE instr (lower (p.title), :q)"
                      POST_LIVE " ORDER BY p.updated_at DESC LIMIT :limit" },
};

static const Tier post_other[] = {
  [JG_QUERY_TRIGRAM] = { JG_SEARCH_RANK_OTHER, POST_SELECT "post_text f CROSS JOIN post p"
                         " ON p.rowid = f.rowid WHERE post_text MATCH '{summary party} : ' || :phrase"
                         POST_LIVE " ORDER BY f.rowid DESC LIMIT :limit" },
  [JG_QUERY_GRAM] = { JG_SEARCH_RANK_OTHER, POST_SELECT "post_text_gram f CROSS JOIN post p"
                      " ON p.rowid = f.rowid WHERE post_text_gram MATCH :phrase" POST_LIVE
                      " ORDER BY f.rowid DESC LIMIT :limit" },
  [JG_QUERY_SCAN] = { JG_SEARCH_RANK_OTHER, NULL },
};

static gpointer
make_post (sqlite3_stmt *stmt,
           JgSearchRank  rank,
           gpointer      user_data)
{
  JgPostColumn column;
  const char *key = jg_store_column_text (stmt, 1);
  const char *title = jg_store_column_text (stmt, 2);
  g_autofree char *subtitle = NULL;

  subtitle = join_parts (jg_post_column_from_string (key, &column) ? jg_post_column_get_label (column) : NULL,
                         jg_store_column_text (stmt, 3), END_PARTS);
  return jg_search_hit_new (JG_SEARCH_KIND_POST, rank, jg_store_column_text (stmt, 0), key,
                            title != NULL && *title != '\0' ? title : _("Untitled post"), subtitle);
}

/* --- officers (the catalogue cache's roster) ----------------------------------- */

#define OFFICER_SELECT "SELECT o.id, o.name, o.cert_no, d.name FROM officer o" \
                       " LEFT JOIN department d ON d.code = o.department WHERE "

/* Exact certificate and name prefix by the indexes of catalogue step 3;
 * the roster is thousands of short rows: contained is a scan, stopped as
 * soon as enough are found. */
static const Tier officer_tiers[] = {
  { JG_SEARCH_RANK_EXACT, OFFICER_SELECT "o.cert_no = :raw COLLATE NOCASE LIMIT :limit" },
  { JG_SEARCH_RANK_PREFIX, OFFICER_SELECT "o.name COLLATE NOCASE >= :q AND o.name COLLATE NOCASE < :q_end"
                           " ORDER BY o.name COLLATE NOCASE LIMIT :limit" },
  { JG_SEARCH_RANK_CONTAINS, OFFICER_SELECT "instr (lower (o.name), :q) LIMIT :limit" },
  { JG_SEARCH_RANK_OTHER, OFFICER_SELECT "instr (lower (o.cert_no), :q) LIMIT :limit" },
};

static gpointer
make_officer (sqlite3_stmt *stmt,
              JgSearchRank  rank,
              gpointer      user_data)
{
  g_autofree char *subtitle = join_parts (jg_store_column_text (stmt, 2),
                                          jg_store_column_text (stmt, 3), END_PARTS);

  return jg_search_hit_new (JG_SEARCH_KIND_OFFICER, rank, jg_store_column_text (stmt, 0),
                            jg_store_column_text (stmt, 2), jg_store_column_text (stmt, 1), subtitle);
}

/* --- catalogue items ------------------------------------------------------------ */

static gpointer
make_item (sqlite3_stmt *stmt,
           JgSearchRank  rank,
           gpointer      user_data)
{
  g_autoptr(JgSubItem) item = jg_catalogue_sub_item_from_row (stmt);
  g_autofree char *subtitle = join_parts (jg_sub_item_get_code (item),
                                          jg_sub_item_get_department_name (item), END_PARTS);

  return jg_search_hit_new (JG_SEARCH_KIND_ITEM, rank, jg_sub_item_get_code (item), NULL,
                            jg_sub_item_get_name (item), subtitle);
}

/* --- running ------------------------------------------------------------------- */

static gboolean
take_all (JgSearchTiers  *tiers,
          JgSearchText   *text,
          const Tier     *list,
          guint           n,
          GError        **error)
{
  for (guint i = 0; i < n && !jg_search_tiers_full (tiers); i++)
    {
      sqlite3_stmt *stmt;

      if (list[i].sql == NULL)
        continue;
      stmt = jg_store_prepare (tiers->store, list[i].sql, error);
      if (stmt == NULL)
        return FALSE;
      jg_search_bind_text (stmt, text);
      if (!jg_search_tiers_take (tiers, stmt, list[i].rank, error))
        return FALSE;
    }
  return TRUE;
}

/* Runs @kind's tiers into @tiers (its make already chosen). */
static gboolean
run_kind (JgSearchTiers  *tiers,
          JgSearchKind    kind,
          JgSearchText   *text,
          const char     *raw_text,
          GError        **error)
{
  JgQueryClass c = text->text_class;

  switch (kind)
    {
    case JG_SEARCH_KIND_ITEM:
      {
        g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (raw_text);
        return jg_catalogue_rank_run (tiers->store, query, tiers, error);
      }
    case JG_SEARCH_KIND_RECORD:
      return take_all (tiers, text, record_exact, G_N_ELEMENTS (record_exact), error)
             && take_all (tiers, text, &record_contains[c], 1, error)
             && take_all (tiers, text, record_other, G_N_ELEMENTS (record_other), error);
    case JG_SEARCH_KIND_ENTITY:
      return take_all (tiers, text, entity_exact, G_N_ELEMENTS (entity_exact), error)
             && take_all (tiers, text, &entity_contains[c], 1, error)
             && take_all (tiers, text, entity_other, G_N_ELEMENTS (entity_other), error);
    case JG_SEARCH_KIND_POST:
      return take_all (tiers, text, post_prefix, G_N_ELEMENTS (post_prefix), error)
             && take_all (tiers, text, &post_contains[c], 1, error)
             && take_all (tiers, text, &post_other[c], 1, error);
    case JG_SEARCH_KIND_OFFICER:
      return take_all (tiers, text, officer_tiers, G_N_ELEMENTS (officer_tiers), error);
    case JG_SEARCH_N_KINDS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

static const JgSearchRowFunc makers[JG_SEARCH_N_KINDS] = {
  make_item, make_record, make_entity, make_post, make_officer,
};

GPtrArray *
jg_search_all_kind_sync (JgStore       *store,
                         JgSearchKind   kind,
                         const char    *text,
                         guint          limit,
                         GError       **error)
{
  g_autoptr(JgSearchText) t = jg_search_text_new (text);
  JgSearchTiers tiers;
  GPtrArray *hits = NULL;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < JG_SEARCH_N_KINDS, NULL);

  if (t->klass == JG_QUERY_ALL || limit == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);

  jg_search_tiers_init (&tiers, store, limit, g_object_unref, makers[kind], NULL);
  if (run_kind (&tiers, kind, t, text, error))
    hits = g_ptr_array_ref (tiers.out);
  jg_search_tiers_clear (&tiers);
  return hits;
}

GPtrArray *
jg_search_all_sync (JgStore     *store,
                    const char  *text,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (JgSearchKind kind = 0; kind < JG_SEARCH_N_KINDS; kind++)
    {
      g_autoptr(GPtrArray) hits = jg_search_all_kind_sync (store, kind, text, limit, error);

      if (hits == NULL)
        return NULL;
      for (guint i = 0; i < hits->len; i++)
        g_ptr_array_add (all, g_object_ref (hits->pdata[i]));
    }
  return g_steal_pointer (&all);
}

gboolean
jg_search_all_bare_sync (JgStore       *store,
                         JgSearchKind   kind,
                         const char    *text,
                         guint          limit,
                         GError       **error)
{
  g_autoptr(JgSearchText) t = jg_search_text_new (text);
  JgSearchTiers tiers;
  gboolean ok;

  if (t->klass == JG_QUERY_ALL)
    return TRUE;
  jg_search_tiers_init (&tiers, store, limit, g_object_unref, NULL, NULL);
  ok = run_kind (&tiers, kind, t, text, error);
  jg_search_tiers_clear (&tiers);
  return ok;
}

/* Each query reads the same few thousand pages of a dozen indexes spread
 * over a large file; through read() they cost a system call each time the
 * default 2 MiB page cache has dropped them. Mapped, they are memory. */
#define SEARCH_MMAP_SIZE "268435456"

gboolean
jg_search_all_tune_connection (JgStore  *store,
                               GError  **error)
{
  return jg_store_exec (store,
                        "PRAGMA main.mmap_size = " SEARCH_MMAP_SIZE ";"
                        "PRAGMA catalogue.mmap_size = " SEARCH_MMAP_SIZE ";",
                        error);
}

/* --- JgSearchAll ------------------------------------------------------------- */

struct _JgSearchAll
{
  GObject  parent_instance;
  char    *db_path;
  GMutex   mutex;     /* guards store: one run at a time on the connection */
  JgStore *store;
};

G_DEFINE_FINAL_TYPE (JgSearchAll, jg_search_all, G_TYPE_OBJECT)

static void
jg_search_all_finalize (GObject *object)
{
  JgSearchAll *self = JG_SEARCH_ALL (object);

  g_clear_object (&self->store);
  g_mutex_clear (&self->mutex);
  g_free (self->db_path);

  G_OBJECT_CLASS (jg_search_all_parent_class)->finalize (object);
}

static void
jg_search_all_class_init (JgSearchAllClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_search_all_finalize;
}

static void
jg_search_all_init (JgSearchAll *self)
{
  g_mutex_init (&self->mutex);
}

JgSearchAll *
jg_search_all_new (const char *db_path)
{
  JgSearchAll *self = g_object_new (JG_TYPE_SEARCH_ALL, NULL);

  self->db_path = g_strdup (db_path);
  return self;
}

typedef struct {
  char                 *text;
  guint                 limit;
  JgSearchAllBatchFunc  batch_func;
  gpointer              batch_data;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->text);
  g_free (data);
}

/* One kind's hits, on their way to the caller's main context. */
typedef struct {
  GTask        *task;
  JgSearchKind  kind;
  GPtrArray    *hits;
} Batch;

static gboolean
deliver_batch (gpointer user_data)
{
  Batch *batch = user_data;
  RunData *data = g_task_get_task_data (batch->task);
  GCancellable *cancellable = g_task_get_cancellable (batch->task);

  if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
    data->batch_func (g_task_get_source_object (batch->task), batch->kind, batch->hits,
                      data->batch_data);
  return G_SOURCE_REMOVE;
}

static void
batch_free (Batch *batch)
{
  g_object_unref (batch->task);
  g_ptr_array_unref (batch->hits);
  g_free (batch);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JgSearchAll *self = source_object;
  RunData *data = task_data;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->mutex);
  if (self->store == NULL)
    {
      self->store = jg_store_open (self->db_path, &error);
      if (self->store != NULL && !jg_search_all_tune_connection (self->store, &error))
        g_clear_object (&self->store);
    }

  for (JgSearchKind kind = 0; self->store != NULL && kind < JG_SEARCH_N_KINDS; kind++)
    {
      GPtrArray *hits;
      Batch *batch;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        break;
      hits = jg_search_all_kind_sync (self->store, kind, data->text, data->limit, &error);
      if (hits == NULL)
        break;

      batch = g_new0 (Batch, 1);
      batch->task = g_object_ref (task);
      batch->kind = kind;
      batch->hits = hits;
      /* Before the task's own return, which GTask also dispatches there. */
      g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                                  deliver_batch, batch, (GDestroyNotify) batch_free);
    }
  g_mutex_unlock (&self->mutex);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
jg_search_all_run_async (JgSearchAll          *self,
                         const char           *text,
                         guint                 limit,
                         GCancellable         *cancellable,
                         JgSearchAllBatchFunc  batch_func,
                         gpointer              batch_data,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (JG_IS_SEARCH_ALL (self));
  g_return_if_fail (batch_func != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  data = g_new0 (RunData, 1);
  data->text = g_strdup (text);
  data->limit = limit ? limit : JG_SEARCH_ALL_DEFAULT_LIMIT;
  data->batch_func = batch_func;
  data->batch_data = batch_data;
  g_task_set_source_tag (task, jg_search_all_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
jg_search_all_run_finish (JgSearchAll   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
