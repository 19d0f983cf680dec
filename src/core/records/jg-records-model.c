/* jg-records-model.c — a lazy GListModel of records, backed by SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-records-model-private.h"
#include "jg-store-private.h"

/* --- filter --------------------------------------------------------------- */

JgRecordsFilter *
jg_records_filter_new (void)
{
  JgRecordsFilter *filter = g_new0 (JgRecordsFilter, 1);

  filter->kind = -1;
  filter->state = -1;
  return filter;
}

void
jg_records_filter_free (JgRecordsFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->month);
  g_free (filter->catalogue_code);
  g_free (filter->text);
  g_free (filter->party_doc_type);
  g_free (filter->party_code);
  g_free (filter->officer);
  g_free (filter);
}

/* --- summary -------------------------------------------------------------- */

struct _JgRecordSummary
{
  GObject  parent_instance;
  char    *uuid;
  int      kind;
  int      state;
  char    *number;
  char    *name;
  char    *party_name;
  char    *party_code;
  char    *catalogue_code;
  char    *date;
  gint64   modified;
};

G_DEFINE_FINAL_TYPE (JgRecordSummary, jg_record_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_NUMBER,
  PROP_NAME,
  PROP_PARTY_NAME,
  PROP_PARTY_CODE,
  PROP_CATALOGUE_CODE,
  PROP_DATE,
  PROP_MODIFIED,
  N_PROPS
};

static void
jg_record_summary_finalize (GObject *object)
{
  JgRecordSummary *self = JG_RECORD_SUMMARY (object);

  g_free (self->uuid);
  g_free (self->number);
  g_free (self->name);
  g_free (self->party_name);
  g_free (self->party_code);
  g_free (self->catalogue_code);
  g_free (self->date);

  G_OBJECT_CLASS (jg_record_summary_parent_class)->finalize (object);
}

static void
jg_record_summary_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  JgRecordSummary *self = JG_RECORD_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_KIND: g_value_set_int (value, self->kind); break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, self->kind >= 0 ? jg_record_kind_get_label (self->kind) : NULL);
      break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, self->state >= 0 ? jg_record_state_get_label (self->state) : NULL);
      break;
    case PROP_NUMBER: g_value_set_string (value, self->number); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_PARTY_NAME: g_value_set_string (value, self->party_name); break;
    case PROP_PARTY_CODE: g_value_set_string (value, self->party_code); break;
    case PROP_CATALOGUE_CODE: g_value_set_string (value, self->catalogue_code); break;
    case PROP_DATE: g_value_set_string (value, self->date); break;
    case PROP_MODIFIED: g_value_set_int64 (value, self->modified); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_record_summary_class_init (JgRecordSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamSpec *props[N_PROPS] = { NULL };

  object_class->finalize = jg_record_summary_finalize;
  object_class->get_property = jg_record_summary_get_property;

  props[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  props[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, -1, JG_RECORD_N_KINDS, -1, flags);
  props[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, flags);
  props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, -1, JG_RECORD_STATE_REJECTED, -1, flags);
  props[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  props[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  props[PROP_PARTY_NAME] = g_param_spec_string ("party-name", NULL, NULL, NULL, flags);
  props[PROP_PARTY_CODE] = g_param_spec_string ("party-code", NULL, NULL, NULL, flags);
  props[PROP_CATALOGUE_CODE] = g_param_spec_string ("catalogue-code", NULL, NULL, NULL, flags);
  props[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, flags);
  props[PROP_MODIFIED] = g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
jg_record_summary_init (JgRecordSummary *self)
{
  self->kind = -1;
  self->state = -1;
}

const char *
jg_record_summary_get_uuid (JgRecordSummary *self)
{
  g_return_val_if_fail (JG_IS_RECORD_SUMMARY (self), NULL);
  return self->uuid;
}

/* --- model ---------------------------------------------------------------- */

typedef struct {
  guint      index;     /* page number */
  guint64    used;      /* for least-recently-used eviction */
  GPtrArray *items;
} Page;

/* The ids are read in chunks too, as the list reaches them: opening counts
 * the matching records and reads the first chunk only. Each next chunk
 * starts after the last id read (keyset paging on the list order). */
#define FIRST_CHUNK 1024
#define MAX_CHUNK   65536

struct _JgRecordsModel
{
  GObject          parent_instance;
  JgStore         *store;
  JgRecordsFilter *filter;      /* a copy, for the next chunks */
  guint            n_items;     /* matching records, counted when (re)loaded */
  GArray          *ids;         /* gint64 rowids read so far, in list order */
  guint            chunk;       /* size of the next chunk */
  char            *last_sort_date;
  gint64           last_modified;
  gint64           last_rowid;
  Page             pages[JG_RECORDS_MODEL_MAX_PAGES];
  guint            n_pages;
  guint64          clock;
};

static void list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JgRecordsModel, jg_records_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

static void
clear_pages (JgRecordsModel *self)
{
  for (guint i = 0; i < self->n_pages; i++)
    g_clear_pointer (&self->pages[i].items, g_ptr_array_unref);
  self->n_pages = 0;
}

static void
jg_records_model_finalize (GObject *object)
{
  JgRecordsModel *self = JG_RECORDS_MODEL (object);

  clear_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->filter, jg_records_filter_free);
  g_free (self->last_sort_date);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (jg_records_model_parent_class)->finalize (object);
}

static void
jg_records_model_class_init (JgRecordsModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_records_model_finalize;
}

static void
jg_records_model_init (JgRecordsModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static GType
get_item_type (GListModel *model)
{
  return JG_TYPE_RECORD_SUMMARY;
}

static guint
get_n_items (GListModel *model)
{
  return JG_RECORDS_MODEL (model)->n_items;
}

static gboolean load_chunk (JgRecordsModel *self, GError **error);

/* Reads ids until @position is covered; FALSE if the list ends before it
 * (the table changed since the count: the caller reloads). */
static gboolean
ensure_ids (JgRecordsModel *self,
            guint           position)
{
  while (self->ids->len <= position)
    {
      guint before = self->ids->len;
      g_autoptr(GError) error = NULL;

      if (!load_chunk (self, &error))
        {
          g_warning ("Cannot read the records list: %s", error->message);
          return FALSE;
        }
      if (self->ids->len == before)
        return FALSE;
    }
  return TRUE;
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static JgRecordSummary *
read_summary (JgRecordsModel *self,
              gint64          id)
{
  JgRecordSummary *summary = g_object_new (JG_TYPE_RECORD_SUMMARY, NULL);
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (self->store,
                           "SELECT uuid, kind, state, number, name, party_name, party_code,"
                           " catalogue_code, main_date, modified FROM record WHERE rowid = ?", NULL);
  if (stmt == NULL)
    return summary;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JgRecordKind kind;
      JgRecordState state;

      summary->uuid = dup_text (stmt, 0);
      if (jg_record_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &kind))
        summary->kind = kind;
      if (jg_record_state_from_string ((const char *) sqlite3_column_text (stmt, 2), &state))
        summary->state = state;
      summary->number = dup_text (stmt, 3);
      summary->name = dup_text (stmt, 4);
      summary->party_name = dup_text (stmt, 5);
      summary->party_code = dup_text (stmt, 6);
      summary->catalogue_code = dup_text (stmt, 7);
      summary->date = dup_text (stmt, 8);
      summary->modified = sqlite3_column_int64 (stmt, 9);
    }
  sqlite3_reset (stmt);
  return summary;
}

static Page *
get_page (JgRecordsModel *self,
          guint           index)
{
  Page *page = NULL;
  guint start, end;

  for (guint i = 0; i < self->n_pages; i++)
    if (self->pages[i].index == index)
      {
        self->pages[i].used = ++self->clock;
        return &self->pages[i];
      }

  if (self->n_pages < JG_RECORDS_MODEL_MAX_PAGES)
    page = &self->pages[self->n_pages++];
  else
    {
      page = &self->pages[0];
      for (guint i = 1; i < self->n_pages; i++)
        if (self->pages[i].used < page->used)
          page = &self->pages[i];
      g_clear_pointer (&page->items, g_ptr_array_unref);
    }

  start = index * JG_RECORDS_MODEL_PAGE_SIZE;
  ensure_ids (self, MIN (start + JG_RECORDS_MODEL_PAGE_SIZE, self->n_items) - 1);
  end = MIN (start + JG_RECORDS_MODEL_PAGE_SIZE, self->ids->len);
  page->index = index;
  page->used = ++self->clock;
  page->items = g_ptr_array_new_full (end - start, g_object_unref);
  for (guint i = start; i < end; i++)
    g_ptr_array_add (page->items, read_summary (self, g_array_index (self->ids, gint64, i)));
  return page;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  JgRecordsModel *self = JG_RECORDS_MODEL (model);
  Page *page;

  if (position >= self->n_items || !ensure_ids (self, position))
    return NULL;
  page = get_page (self, position / JG_RECORDS_MODEL_PAGE_SIZE);
  if (position % JG_RECORDS_MODEL_PAGE_SIZE >= page->items->len)
    return NULL;
  return g_object_ref (page->items->pdata[position % JG_RECORDS_MODEL_PAGE_SIZE]);
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static JgRecordsFilter *
filter_copy (const JgRecordsFilter *filter)
{
  JgRecordsFilter *copy = jg_records_filter_new ();

  if (filter == NULL)
    return copy;
  copy->kind = filter->kind;
  copy->state = filter->state;
  copy->month = g_strdup (filter->month);
  copy->catalogue_code = g_strdup (filter->catalogue_code);
  copy->text = (filter->text && *filter->text) ? g_strdup (filter->text) : NULL;
  copy->party_doc_type = g_strdup (filter->party_doc_type);
  copy->party_code = g_strdup (filter->party_code);
  copy->officer = g_strdup (filter->officer);
  return copy;
}

/* "FROM record WHERE …" for @filter: fixed fragments, values bound to fixed
 * parameter numbers by bind_filter(). */
static void
append_where (GString               *sql,
              const JgRecordsFilter *filter)
{
  g_string_append (sql, " FROM record WHERE deleting = 0");
  if (filter->kind >= 0)
    g_string_append (sql, " AND kind = ?1");
  if (filter->state >= 0)
    g_string_append (sql, " AND state = ?2");
  if (filter->month != NULL)
    g_string_append (sql, " AND month = ?3");
  if (filter->catalogue_code != NULL)
    g_string_append (sql, " AND catalogue_code = ?4");
  if (filter->text != NULL)
    g_string_append (sql, " AND (instr (party_name, ?5) > 0 OR instr (party_code, ?5) > 0"
                          " OR instr (number, ?5) > 0)");
  if (filter->party_doc_type != NULL)
    g_string_append (sql, " AND party_doc_type = ?6");
  if (filter->party_code != NULL)
    g_string_append (sql, " AND party_code = ?7");
  /* ?8–?11 are load_chunk's. */
  if (filter->officer != NULL)
    g_string_append (sql, " AND uuid IN (SELECT uuid FROM record_officer WHERE officer = ?12)");
}

static void
bind_filter (sqlite3_stmt          *stmt,
             const JgRecordsFilter *filter)
{
  if (filter->kind >= 0 && filter->kind < JG_RECORD_N_KINDS)
    sqlite3_bind_text (stmt, 1, jg_record_kind_to_string (filter->kind), -1, SQLITE_STATIC);
  if (filter->state >= 0 && filter->state <= JG_RECORD_STATE_REJECTED)
    sqlite3_bind_text (stmt, 2, jg_record_state_to_string (filter->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, filter->month, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, filter->catalogue_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, filter->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, filter->party_doc_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, filter->party_code, -1, SQLITE_TRANSIENT);
  if (filter->officer != NULL)
    sqlite3_bind_text (stmt, 12, filter->officer, -1, SQLITE_TRANSIENT);
}

static gboolean
count_items (JgRecordsModel  *self,
             guint           *n_items,
             GError         **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*)");
  sqlite3_stmt *stmt;
  int rc;

  append_where (sql, self->filter);
  stmt = jg_store_prepare (self->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, self->filter);
  rc = sqlite3_step (stmt);
  *n_items = rc == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return jg_store_set_error (self->store, error, rc);
  return TRUE;
}

static gboolean
load_chunk (JgRecordsModel  *self,
            GError         **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT rowid, sort_date, modified");
  gboolean after = self->ids->len > 0;
  sqlite3_stmt *stmt;
  int rc;

  append_where (sql, self->filter);
  if (after)
    g_string_append (sql, " AND (sort_date, modified, rowid) < (?8, ?9, ?10)");
  g_string_append (sql, " ORDER BY sort_date DESC, modified DESC, rowid DESC LIMIT ?11");

  stmt = jg_store_prepare (self->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, self->filter);
  if (after)
    {
      sqlite3_bind_text (stmt, 8, self->last_sort_date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 9, self->last_modified);
      sqlite3_bind_int64 (stmt, 10, self->last_rowid);
    }
  sqlite3_bind_int (stmt, 11, self->chunk);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (self->ids, id);
      self->last_rowid = id;
      self->last_modified = sqlite3_column_int64 (stmt, 2);
      g_free (self->last_sort_date);
      self->last_sort_date = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (self->store, error, rc);

  self->chunk = MIN (self->chunk * 2, MAX_CHUNK);
  return TRUE;
}

/* Counts the records matching @filter and reads the first chunk of ids. */
static gboolean
start_list (JgRecordsModel         *self,
            const JgRecordsFilter  *filter,
            GError                **error)
{
  g_clear_pointer (&self->filter, jg_records_filter_free);
  self->filter = filter_copy (filter);
  g_array_set_size (self->ids, 0);
  g_clear_pointer (&self->last_sort_date, g_free);
  self->chunk = FIRST_CHUNK;

  if (!count_items (self, &self->n_items, error))
    return FALSE;
  return load_chunk (self, error);
}

JgRecordsModel *
jg_records_model_new (const char             *db_path,
                      const JgRecordsFilter  *filter,
                      GError                **error)
{
  g_autoptr(JgRecordsModel) self = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (JG_TYPE_RECORDS_MODEL, NULL);
  self->store = jg_store_open (db_path, error);
  if (self->store == NULL)
    return NULL;
  if (!start_list (self, filter, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
jg_records_model_reload (JgRecordsModel         *self,
                         const JgRecordsFilter  *filter,
                         GError                **error)
{
  guint removed;

  g_return_val_if_fail (JG_IS_RECORDS_MODEL (self), FALSE);

  /* Everything goes, then the new list comes, in two changes rather than
   * one: when one change removes the rows a GTK 4.8 list view tracks (the
   * first one shown, the focus; and a GtkSingleSelection its selected
   * item), it looks for them among every added item, which reads the
   * whole list (a million records, a minute at start-up), and never finds
   * them: each reload makes new items. */
  removed = self->n_items;
  clear_pages (self);
  self->n_items = 0;
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  if (!start_list (self, filter, error))
    {
      self->n_items = 0;
      return FALSE;
    }

  if (self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);
  return TRUE;
}

guint
jg_records_model_get_n_cached_pages (JgRecordsModel *self)
{
  g_return_val_if_fail (JG_IS_RECORDS_MODEL (self), 0);
  return self->n_pages;
}
