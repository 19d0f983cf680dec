/* test-search-all.c — one-key search: what it finds, in which order, and
 * what it never shows
 *
 * A small account (catalogue items, records, parties, posts, officers)
 * written straight into its tables, then searched as a user types:
 * an exact number or code comes first, then names that start with the
 * query, then names that contain it, then other fields; the kinds come
 * grouped; a natural person's ID number is found by the full number and
 * shown masked, never in full; the catalogue page's own search puts an
 * exact name above the items that only cite it; and the results of a run
 * stream in, one kind at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "jg-catalogue.h"
#include "jg-search-all.h"
#include "jg-store-private.h"
#include "jg-test-util.h"

#define PERSON_ID "445202199001011234"
#define PERSON_ID_MASKED "4452**********1234"
#define COMPANY_CODE "91440300708461136T"

static JgStore *store;
static char *db_path;

static void
exec (const char *sql)
{
  g_autoptr(GError) error = NULL;

  jg_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
add_record (const char *uuid,
            const char *number,
            const char *doc_type,
            const char *code,
            const char *party)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = jg_store_prepare (store,
                                         "INSERT INTO record (uuid, kind, department, state, number,"
                                         " sort_date, party_doc_type, party_code, party_name, fields,"
                                         " created, modified) VALUES (?1, 'inspection', 'D1', 'draft',"
                                         " ?2, '2026-01-01', ?3, ?4, ?5, '{}', 1, 1)", &error);

  g_assert_no_error (error);
  jg_store_bind_text (stmt, 1, uuid);
  jg_store_bind_text (stmt, 2, number);
  jg_store_bind_text (stmt, 3, doc_type);
  jg_store_bind_text (stmt, 4, code);
  jg_store_bind_text (stmt, 5, party);
  g_assert_true (jg_store_step_done (store, stmt, &error));
  g_assert_no_error (error);
}

static void
setup_data (void)
{
  /* Catalogue: many items cite 食品经营 in their legal basis before the
   * one whose name it is; one is found by its main item's name only, one
   * by its department's. */
  exec ("INSERT INTO department (code, name, short_name, region) VALUES"
        " ('D1', '揭阳市市场监督管理局', '市监局', '445200'),"
        " ('D2', '揭阳市应急管理局', '应急局', '445200');"
        "INSERT INTO main_item (code, name, department) VALUES"
        " ('44520001001000', '特种设备安全监督检查', 'D1'),"
        " ('44520002001000', '安全生产执法检查', 'D2');");
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO sub_item (code, main_code, name, department,"
                                              " legal_basis) VALUES ('445200010010%02u', '44520001001000',"
                                              " '电梯维护保养检查%u', 'D1', '《食品经营许可管理办法》第%u条')",
                                              i, i, i);
      exec (sql);
    }
  exec ("INSERT INTO sub_item (code, main_code, name, department, objects) VALUES"
        " ('44520001001099', '44520001001000', '食品经营', 'D1', '食品经营者'),"
        " ('44520001001098', '44520001001000', '对食品经营场所的检查', 'D1', NULL),"
        " ('44520001001097', '44520001001000', '压力容器定期检验', 'D1', NULL),"
        " ('44520002001001', '44520002001000', '危险化学品储存检查', 'D2', NULL);"
        "INSERT INTO officer (id, name, cert_no, department) VALUES"
        " ('o1', '陈美食', '44050001', 'D1'), ('o2', '李四', 'JG-4452-7', 'D1');");

  /* Records, oldest first. */
  add_record ("r-a", "JC-2024-0001", "001", COMPANY_CODE, "揭阳市榕城区美食店");
  add_record ("r-b", "JC-2024-0002", "001", "91350100M000100Y43", "美食城有限公司");
  add_record ("r-c", "JC-2024-0003", "001", "91350100M000100Y43", "揭阳美食坊");
  add_record ("r-d", "美食2024-01", "001", "91350100M000100Y43", "某贸易公司");
  add_record ("r-e", "JC-2024-0005", "111", PERSON_ID, "张三");
  add_record ("r-f", "JC-2024-0006", "001", "91350100M000100Y43", "4452号商店");
  add_record ("r-g", "4452", "001", "91350100M000100Y43", "某某公司");

  exec ("INSERT INTO entity (doc_type, code, name, last_used) VALUES"
        " ('001', '" COMPANY_CODE "', '揭阳市榕城区美食店', 1),"
        " ('111', '" PERSON_ID "', '张三', 2);"
        "INSERT INTO post (uuid, column_key, state, title, fields, created_at, updated_at) VALUES"
        " ('p-1', 'dynamics', 'draft', '美食节食品安全检查', '{\"fields\": {\"title\": \"美食节食品安全检查\"}}', 1, 1),"
        " ('p-2', 'exposure', 'draft', '行政处罚信息公示',"
        "  '{\"fields\": {\"title\": \"行政处罚信息公示\", \"party_name\": \"揭阳美食坊\","
        "    \"summary\": \"无证经营\"}}', 2, 2);");
}

static GPtrArray *
search_kind (JgSearchKind  kind,
             const char   *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = jg_search_all_kind_sync (store, kind, text, 20, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

/* "key:rank key:rank …" of @hits. */
static char *
describe (GPtrArray *hits)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (text, "%s%s:%s", i ? " " : "",
                            jg_search_hit_get_key (hits->pdata[i]),
                            jg_search_rank_to_string (jg_search_hit_get_rank (hits->pdata[i])));
  return g_string_free (text, FALSE);
}

static void
test_records_ranked (void)
{
  g_autoptr(GPtrArray) hits = search_kind (JG_SEARCH_KIND_RECORD, "美食");
  g_autofree char *order = describe (hits);

  /* Name prefix, then names that contain it (newest first), then the
   * record whose number starts with it. */
  g_assert_cmpstr (order, ==, "r-b:prefix r-c:contains r-a:contains r-d:other");
}

static void
test_exact_number_first (void)
{
  g_autoptr(GPtrArray) hits = search_kind (JG_SEARCH_KIND_RECORD, "4452");
  g_autofree char *order = describe (hits);

  /* The record numbered 4452, the party named 4452…, the ID number
   * starting with 4452. */
  g_assert_cmpstr (order, ==, "r-g:exact r-f:prefix r-e:other");

  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search_kind (JG_SEARCH_KIND_RECORD, "jc-2024-0003");
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpstr (jg_search_hit_get_key (hits->pdata[0]), ==, "r-c");
  g_assert_cmpint (jg_search_hit_get_rank (hits->pdata[0]), ==, JG_SEARCH_RANK_EXACT);
}

static void
assert_never_in_full (GPtrArray *hits)
{
  for (guint i = 0; i < hits->len; i++)
    {
      const char *title = jg_search_hit_get_title (hits->pdata[i]);
      const char *subtitle = jg_search_hit_get_subtitle (hits->pdata[i]);

      g_assert_null (strstr (title ? title : "", PERSON_ID));
      g_assert_null (strstr (subtitle ? subtitle : "", PERSON_ID));
    }
}

static void
test_id_number_masked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = search_kind (JG_SEARCH_KIND_RECORD, PERSON_ID);
  g_autoptr(GPtrArray) all = NULL;

  /* Found by the full number, shown masked. */
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (jg_search_hit_get_key (hits->pdata[0]), ==, "r-e");
  g_assert_cmpint (jg_search_hit_get_rank (hits->pdata[0]), ==, JG_SEARCH_RANK_EXACT);
  g_assert_nonnull (strstr (jg_search_hit_get_subtitle (hits->pdata[0]), PERSON_ID_MASKED));
  assert_never_in_full (hits);

  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search_kind (JG_SEARCH_KIND_ENTITY, PERSON_ID);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (jg_search_hit_get_title (hits->pdata[0]), ==, "张三");
  g_assert_cmpstr (jg_search_hit_get_subtitle (hits->pdata[0]), ==, PERSON_ID_MASKED);

  /* Nor anywhere else, whatever finds the person. */
  for (const char *const *q = (const char *const[]) { "张三", "4452", "1234", "44520219", NULL }; *q; q++)
    {
      all = jg_search_all_sync (store, *q, 20, &error);
      g_assert_no_error (error);
      assert_never_in_full (all);
      g_clear_pointer (&all, g_ptr_array_unref);
    }

  /* An organisation's credit code is shown as it is. */
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search_kind (JG_SEARCH_KIND_ENTITY, COMPANY_CODE);
  g_assert_cmpstr (jg_search_hit_get_subtitle (hits->pdata[0]), ==, COMPANY_CODE);

  /* Too short to keep both ends: all stars. */
  {
    g_autofree char *masked = jg_search_mask_id_number ("12345");
    g_assert_cmpstr (masked, ==, "*****");
  }
}

static void
test_grouped_per_kind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = jg_search_all_sync (store, "美食", 20, &error);
  gboolean seen[JG_SEARCH_N_KINDS] = { FALSE };
  JgSearchKind last = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      JgSearchKind kind = jg_search_hit_get_kind (all->pdata[i]);

      g_assert_cmpint (kind, >=, last);
      last = kind;
      seen[kind] = TRUE;
    }
  /* Records, the party, the posts (title, and the exposure's party) and
   * the officer; no catalogue item is named so. */
  g_assert_false (seen[JG_SEARCH_KIND_ITEM]);
  g_assert_true (seen[JG_SEARCH_KIND_RECORD]);
  g_assert_true (seen[JG_SEARCH_KIND_ENTITY]);
  g_assert_true (seen[JG_SEARCH_KIND_POST]);
  g_assert_true (seen[JG_SEARCH_KIND_OFFICER]);

  {
    g_autoptr(GPtrArray) posts = search_kind (JG_SEARCH_KIND_POST, "美食");
    g_autofree char *order = describe (posts);
    g_assert_cmpstr (order, ==, "p-1:prefix p-2:other");
  }
  {
    g_autoptr(GPtrArray) officers = search_kind (JG_SEARCH_KIND_OFFICER, "4452");
    g_autofree char *order = describe (officers);
    g_assert_cmpstr (order, ==, "o2:other");
  }

  /* Nothing typed, nothing found. */
  g_clear_pointer (&all, g_ptr_array_unref);
  all = jg_search_all_sync (store, "  ", 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
}

static void
test_catalogue_exact_name_first (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new ("食品经营");
  g_autoptr(GListModel) results = NULL;
  g_autoptr(JgSubItem) first = NULL;
  g_autoptr(JgSubItem) second = NULL;

  /* Thirty items cite it first, in catalogue order; the page shows the
   * item of that name first, then the one whose name contains it. */
  results = jg_catalogue_search_sync (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 32);
  first = g_list_model_get_item (results, 0);
  second = g_list_model_get_item (results, 1);
  g_assert_cmpstr (jg_sub_item_get_code (first), ==, "44520001001099");
  g_assert_cmpstr (jg_sub_item_get_code (second), ==, "44520001001098");

  /* The exact code comes before everything else that starts with it. */
  {
    g_autoptr(JgCatalogueQuery) code = jg_catalogue_query_new ("44520001001097");
    g_autoptr(GListModel) found = jg_catalogue_search_sync (store, code, &error);
    g_autoptr(JgSubItem) item = g_list_model_get_item (found, 0);
    g_assert_no_error (error);
    g_assert_cmpstr (jg_sub_item_get_code (item), ==, "44520001001097");
  }

  /* Main items' and departments' names are searched too. */
  {
    g_autoptr(JgCatalogueQuery) main_name = jg_catalogue_query_new ("特种设备");
    g_autoptr(JgCatalogueQuery) department = jg_catalogue_query_new ("应急");
    g_autoptr(GListModel) by_main = jg_catalogue_search_sync (store, main_name, &error);
    g_autoptr(GListModel) by_department = jg_catalogue_search_sync (store, department, &error);
    g_autoptr(JgSubItem) item = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (by_main), ==, 33);
    g_assert_cmpuint (g_list_model_get_n_items (by_department), ==, 1);
    item = g_list_model_get_item (by_department, 0);
    g_assert_cmpstr (jg_sub_item_get_code (item), ==, "44520002001001");
  }
}

typedef struct {
  GArray   *kinds;
  guint     n_hits;
  gboolean  done;
  gboolean  done_after_batches;
} Stream;

static void
stream_batch (JgSearchAll  *search,
              JgSearchKind  kind,
              GPtrArray    *hits,
              gpointer      user_data)
{
  Stream *stream = user_data;

  g_assert_false (stream->done);
  g_array_append_val (stream->kinds, kind);
  stream->n_hits += hits->len;
}

static void
stream_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Stream *stream = user_data;
  g_autoptr(GError) error = NULL;

  if (!jg_search_all_run_finish (JG_SEARCH_ALL (source), result, &error))
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  stream->done = TRUE;
}

static void
test_streams_per_kind (void)
{
  g_autoptr(JgSearchAll) search = jg_search_all_new (db_path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Stream stream = { g_array_new (FALSE, FALSE, sizeof (JgSearchKind)), 0, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = jg_search_all_sync (store, "美食", 20, &error);

  jg_search_all_run_async (search, "美食", 20, NULL, stream_batch, &stream, stream_done, &stream);
  while (!stream.done)
    g_main_context_iteration (NULL, TRUE);

  /* One batch per kind, in order, all before the end; the same hits. */
  g_assert_cmpuint (stream.kinds->len, ==, JG_SEARCH_N_KINDS);
  for (guint i = 0; i < stream.kinds->len; i++)
    g_assert_cmpint (g_array_index (stream.kinds, JgSearchKind, i), ==, i);
  g_assert_cmpuint (stream.n_hits, ==, all->len);

  /* A query replaced before its run is done says nothing more. */
  g_array_set_size (stream.kinds, 0);
  stream.done = FALSE;
  jg_search_all_run_async (search, "美食", 20, cancellable, stream_batch, &stream, stream_done, &stream);
  g_cancellable_cancel (cancellable);
  while (!stream.done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (stream.kinds->len, ==, 0);

  g_array_unref (stream.kinds);
}

/* The sqlite3 shell (or a test in Python) lacks our tokenizer: it can
 * still write a record, which is found once the app opens the file again. */
static void
test_other_programs_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) reopened = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  sqlite3_exec (db, "INSERT INTO record (uuid, kind, department, state, number, sort_date,"
                    " party_name, fields, created, modified) VALUES ('r-x', 'inspection', 'D1',"
                    " 'draft', 'JC-X', '2026-02-01', '外部写入商行', '{}', 1, 1)",
                NULL, NULL, &message);
  g_assert_null (message);
  sqlite3_close (db);

  reopened = jg_store_open (db_path, &error);
  g_assert_no_error (error);
  hits = jg_search_all_kind_sync (reopened, JG_SEARCH_KIND_RECORD, "外部", 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (jg_search_hit_get_key (hits->pdata[0]), ==, "r-x");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  jg_test_isolate_xdg ();
  g_test_init (&argc, &argv, NULL);

  dir = jg_test_make_tmpdir ("search-all");
  db_path = g_build_filename (dir, "jianguan.db", NULL);
  store = jg_store_open (db_path, &error);
  g_assert_no_error (error);
  setup_data ();

  g_test_add_func ("/search-all/records-ranked", test_records_ranked);
  g_test_add_func ("/search-all/exact-number-first", test_exact_number_first);
  g_test_add_func ("/search-all/id-number-masked", test_id_number_masked);
  g_test_add_func ("/search-all/grouped-per-kind", test_grouped_per_kind);
  g_test_add_func ("/search-all/catalogue-exact-name-first", test_catalogue_exact_name_first);
  g_test_add_func ("/search-all/streams-per-kind", test_streams_per_kind);
  g_test_add_func ("/search-all/other-programs-write", test_other_programs_write);

  status = g_test_run ();
  g_object_unref (store);
  g_free (db_path);
  return status;
}
