/* jg-bench-search-all.c — `jianguan-bench search-all`: one-key search
 *
 *   jianguan-bench search-all [--items N] [--records N] [--posts N]
 *                             [--queries Q] [--seed S]
 *
 * An account with N synthetic catalogue sub-items (default 200,000, the
 * catalogue benchmark's generator, downloaded from a jianguan-server),
 * 1,000,000 records of 50,000 parties (one in ten a natural person with an
 * ID number) and 10,000 posts, written with bare SQL in one transaction
 * each, their search indexes filled afterwards the way the app catches up
 * with rows another program appended (jg_search_index_attach). Then Q
 * queries per class (1 character, 2 characters, 3 or more, a code or
 * number prefix), drawn from the data as people type them, each answered
 * by jg_search_all_sync (every kind, JG_SEARCH_ALL_DEFAULT_LIMIT each, as
 * the popover asks) and by the same statements stepped bare
 * (jg_search_all_bare_sync: no hits made, no ranking merged, no masking):
 * p50/p95 of both and their ratio, "search_all_<class>_…" lines, and
 * each kind's own p95 ("search_all_<class>_<kind>_p95"). Goals:
 * p95 ≤ 30 ms, ratio ≤ 2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "jg-bench.h"
#include "jg-catalogue.h"
#include "jg-search-all.h"
#include "jg-search-private.h"
#include "jg-store-private.h"

#define N_ENTITIES 50000
/* The page cache while the rows are written, in KiB. */
#define WRITE_CACHE_KIB 524288
/* One party in PERSON_EVERY is a natural person (ID number, masked). */
#define PERSON_EVERY 10

static const char * const places[] = { "揭阳市", "榕城区", "揭东区", "揭西县", "惠来县", "普宁市", "空港区" };
static const char * const words[] = {
  "金", "盛", "华", "兴", "美", "鑫", "源", "宏", "达", "福", "顺", "丰", "泰",
  "嘉", "合", "利", "安", "永", "康", "新", "天", "海", "隆", "佳", "和", "昌",
};
static const char * const trades[] = {
  "食品", "餐饮", "药业", "五金", "服装", "电器", "建材", "贸易", "医疗器械", "化妆品", "农产品", "超市",
};
static const char * const suffixes[] = { "有限公司", "商行", "店", "经营部", "厂", "专业合作社" };
static const char * const surnames[] = { "陈", "林", "黄", "张", "李", "王", "吴", "刘", "蔡", "杨" };
static const char * const actions[] = {
  "开展", "部署", "召开", "推进", "组织", "通报",
};
static const char * const topics[] = {
  "食品安全专项检查", "药品质量抽检", "特种设备安全排查", "校园周边环境整治", "农贸市场规范管理",
  "消防安全大检查", "价格监督检查", "广告违法行为整治", "节前市场巡查", "计量器具检定",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

typedef struct {
  char *name;
  char *code;
  const char *doc_type;
} Party;

static void
party_free (gpointer data)
{
  Party *party = data;

  g_free (party->name);
  g_free (party->code);
  g_free (party);
}

static void
make_party (GRand *rand,
            guint  index,
            Party *party)
{
  if (index % PERSON_EVERY == 0)
    {
      party->name = g_strdup_printf ("%s%s%s", PICK (rand, surnames), PICK (rand, words), PICK (rand, words));
      party->code = g_strdup_printf ("445202%04d%02d%02d%03d%d", g_rand_int_range (rand, 1950, 2005),
                                     g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
                                     g_rand_int_range (rand, 0, 1000), g_rand_int_range (rand, 0, 10));
      party->doc_type = "111";
      return;
    }
  party->name = g_strdup_printf ("%s%s%s%s%s", PICK (rand, places), PICK (rand, words), PICK (rand, words),
                                 PICK (rand, trades), PICK (rand, suffixes));
  party->code = g_strdup_printf ("9144520%02u%08uX", g_rand_int_range (rand, 0, 100), index);
  party->doc_type = "001";
}

static void
check (gboolean  ok,
       GError   *error)
{
  if (!ok)
    g_error ("%s", error ? error->message : "failed");
}

static GPtrArray *
write_parties_and_records (JgStore *store,
                           GRand   *rand,
                           int      n_records)
{
  GPtrArray *parties = g_ptr_array_new_with_free_func (party_free);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *entity, *record;

  check (jg_store_begin (store, &error), error);
  entity = jg_store_prepare (store, "INSERT OR IGNORE INTO entity (doc_type, code, name, last_used)"
                                    " VALUES (?1, ?2, ?3, ?4)", &error);
  check (entity != NULL, error);
  for (guint i = 0; i < N_ENTITIES; i++)
    {
      Party *party = g_new0 (Party, 1);

      make_party (rand, i, party);
      g_ptr_array_add (parties, party);
      jg_store_bind_text (entity, 1, party->doc_type);
      jg_store_bind_text (entity, 2, party->code);
      jg_store_bind_text (entity, 3, party->name);
      sqlite3_bind_int64 (entity, 4, i);
      check (jg_store_step_done (store, entity, &error), error);
    }

  record = jg_store_prepare (store,
                             "INSERT INTO record (uuid, kind, department, state, op, number, name,"
                             " main_date, sort_date, month, party_doc_type, party_code, party_name,"
                             " fields, created, modified) VALUES (?1, ?2, 'D1', 'accepted', NULL, ?3,"
                             " '日常监督检查', ?4, ?4, substr (?4, 1, 7), ?5, ?6, ?7, '{}', ?8, ?8)", &error);
  check (record != NULL, error);
  for (int i = 0; i < n_records; i++)
    {
      Party *party = parties->pdata[g_rand_int_range (rand, 0, parties->len)];
      gboolean penalty = i % 5 == 0;
      char uuid[40], number[32], date[12];

      g_snprintf (uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
      g_snprintf (number, sizeof number, "%s-%04d-%07d", penalty ? "CF" : "JC", 2018 + i % 8, i);
      g_snprintf (date, sizeof date, "%04d-%02d-%02d", 2018 + i % 8, 1 + i % 12, 1 + i % 28);
      jg_store_bind_text (record, 1, uuid);
      jg_store_bind_text (record, 2, penalty ? "penalty" : "inspection");
      jg_store_bind_text (record, 3, number);
      jg_store_bind_text (record, 4, date);
      jg_store_bind_text (record, 5, party->doc_type);
      jg_store_bind_text (record, 6, party->code);
      jg_store_bind_text (record, 7, party->name);
      sqlite3_bind_int64 (record, 8, 1700000000 + i);
      check (jg_store_step_done (store, record, &error), error);
    }
  check (jg_store_commit (store, &error), error);
  return parties;
}

static GPtrArray *
write_posts (JgStore   *store,
             GRand     *rand,
             GPtrArray *parties,
             int        n_posts)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  check (jg_store_begin (store, &error), error);
  stmt = jg_store_prepare (store, "INSERT INTO post (uuid, column_key, department, state, title, month,"
                                  " fields, created_at, updated_at) VALUES (?1, ?2, 'D1', 'published',"
                                  " ?3, '2025-06', json_object ('fields', json_object ('title', ?3,"
                                  " 'summary', ?4, 'party_name', ?5)), ?6, ?6)", &error);
  check (stmt != NULL, error);
  for (int i = 0; i < n_posts; i++)
    {
      Party *party = parties->pdata[g_rand_int_range (rand, 0, parties->len)];
      gboolean exposure = i % 4 == 0;
      g_autofree char *title = g_strdup_printf ("%s%s%s", PICK (rand, places), PICK (rand, actions),
                                                PICK (rand, topics));
      g_autofree char *summary = g_strdup_printf ("%s%s，检查经营主体%d家。", PICK (rand, actions),
                                                  PICK (rand, topics), g_rand_int_range (rand, 3, 300));
      char uuid[40];

      g_snprintf (uuid, sizeof uuid, "00000000-0000-4000-9000-%012d", i);
      jg_store_bind_text (stmt, 1, uuid);
      jg_store_bind_text (stmt, 2, exposure ? "exposure" : "dynamics");
      jg_store_bind_text (stmt, 3, title);
      jg_store_bind_text (stmt, 4, summary);
      jg_store_bind_text (stmt, 5, exposure && g_strcmp0 (party->doc_type, "001") == 0 ? party->name : NULL);
      sqlite3_bind_int64 (stmt, 6, 1700000000 + i);
      check (jg_store_step_done (store, stmt, &error), error);
      g_ptr_array_add (titles, g_steal_pointer (&title));
    }
  check (jg_store_commit (store, &error), error);
  return titles;
}

typedef enum {
  CLASS_1,
  CLASS_2,
  CLASS_3PLUS,
  CLASS_CODE,
  N_CLASSES
} QueryClass;

static const char * const class_names[N_CLASSES] = { "1_char", "2_chars", "3plus_chars", "code_prefix" };
static const JgQueryClass class_kinds[N_CLASSES] = {
  JG_QUERY_GRAM, JG_QUERY_GRAM, JG_QUERY_TRIGRAM, JG_QUERY_CODE_PREFIX,
};

/* A name people would search for: a party's, a post's title or an item's. */
static char *
some_text (JgStore   *store,
           GRand     *rand,
           GPtrArray *parties,
           GPtrArray *titles,
           gboolean   code)
{
  sqlite3_stmt *stmt = jg_store_prepare (store, "SELECT name, code FROM sub_item WHERE id >= ?1 LIMIT 1", NULL);
  Party *party = parties->pdata[g_rand_int_range (rand, 0, parties->len)];
  char *text = NULL;

  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      return g_strdup (code ? party->code : party->name);
    case 1:
      if (!code)
        return g_strdup (titles->pdata[g_rand_int_range (rand, 0, titles->len)]);
      G_GNUC_FALLTHROUGH;
    default:
      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, 200000));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        text = g_strdup (jg_store_column_text (stmt, code ? 1 : 0));
      sqlite3_reset (stmt);
      return text != NULL ? text : g_strdup (party->name);
    }
}

static GPtrArray *
make_queries (JgStore    *store,
              GRand      *rand,
              GPtrArray  *parties,
              GPtrArray  *titles,
              QueryClass  klass,
              guint       n)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);

  while (queries->len < n)
    {
      g_autofree char *text = some_text (store, rand, parties, titles, klass == CLASS_CODE);
      char *q = NULL;

      switch (klass)
        {
        case CLASS_1: q = random_substring (rand, text, 1); break;
        case CLASS_2: q = random_substring (rand, text, 2); break;
        case CLASS_3PLUS: q = random_substring (rand, text, g_rand_int_range (rand, 3, 7)); break;
        case CLASS_CODE:
          {
            /* The digits a code starts with (a credit code has letters further on). */
            gsize digits = strspn (text, "0123456789");
            if (digits >= 2)
              q = g_strndup (text, g_rand_int_range (rand, 2, MIN (digits, 14) + 1));
          }
          break;
        case N_CLASSES:
        default:
          g_assert_not_reached ();
        }
      if (q != NULL && jg_catalogue_classify_query (q) == class_kinds[klass])
        g_ptr_array_add (queries, q);
      else
        g_free (q);
    }
  return queries;
}

/* Every kind, as the popover asks for them (jg_search_all_sync, one kind
 * after the other), each kind's time added to @per_kind. */
static double
time_api (JgStore    *store,
          const char *text,
          GArray    **per_kind)
{
  double total = 0;

  for (JgSearchKind kind = 0; kind < JG_SEARCH_N_KINDS; kind++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) hits = jg_search_all_kind_sync (store, kind, text,
                                                           JG_SEARCH_ALL_DEFAULT_LIMIT, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      check (hits != NULL, error);
      g_array_append_val (per_kind[kind], ms);
      total += ms;
    }
  return total;
}

static double
time_bare (JgStore    *store,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  for (JgSearchKind kind = 0; kind < JG_SEARCH_N_KINDS; kind++)
    check (jg_search_all_bare_sync (store, kind, text, JG_SEARCH_ALL_DEFAULT_LIMIT, &error), error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
jg_bench_search_all (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— one-key search over everything");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  JgBenchSetup setup;
  gint64 start;
  int items = 200000, n_records = 1000000, n_posts = 10000, n_queries = 200, seed = 1;
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Catalogue sub-items (default 200000)", "N" },
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Records (default 1000000)", "N" },
    { "posts", 0, 0, G_OPTION_ARG_INT, &n_posts, "Posts (default 10000)", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Queries per class (default 200)", "Q" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Generator seed (default 1)", "S" },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv))
    return 2;

  bench_setup (&setup, "bench-search-all", items, seed, NULL);
  bench_setup_stop_server (&setup);

  store = jg_store_open (setup.db_path, &error);
  check (store != NULL, error);
  check (jg_search_all_tune_connection (store, &error), error);
  rand = g_rand_new_with_seed (seed);

  /* Bare inserts, as another program would write them; the indexes are
   * filled afterwards, as the app catches up when it opens the file. */
  g_printerr ("Writing %d records and %d posts…\n", n_records, n_posts);
  /* A million rows go into a dozen indexes with random keys: with the
   * default 2 MiB cache every insert would read their pages again. */
  check (jg_store_exec (store, "PRAGMA main.cache_size = -" G_STRINGIFY (WRITE_CACHE_KIB), &error), error);
  check (jg_store_exec (store, "DROP TRIGGER temp.record_search_insert;"
                               "DROP TRIGGER temp.entity_search_insert;"
                               "DROP TRIGGER temp.post_search_insert;", &error), error);
  start = g_get_monotonic_time ();
  parties = write_parties_and_records (store, rand, n_records);
  titles = write_posts (store, rand, parties, n_posts);
  emit ("search_all_write_rows", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, "s");
  /* Searches run with the app's cache, not the writer's. */
  check (jg_store_exec (store, "PRAGMA main.cache_size = -2000", &error), error);
  start = g_get_monotonic_time ();
  check (jg_search_index_attach (store, &error), error);
  emit ("search_all_index_rows", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, "s");
  emit ("search_all_records", n_records, "rows");
  emit ("search_all_posts", n_posts, "rows");
  emit ("search_all_parties", N_ENTITIES, "rows");

  g_printerr ("One-key search latency…\n");
  for (QueryClass k = 0; k < N_CLASSES; k++)
    {
      g_autoptr(GPtrArray) queries = make_queries (store, rand, parties, titles, k, n_queries);
      g_autoptr(GArray) api = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
      GArray *per_kind[JG_SEARCH_N_KINDS];

      for (JgSearchKind kind = 0; kind < JG_SEARCH_N_KINDS; kind++)
        per_kind[kind] = g_array_new (FALSE, FALSE, sizeof (double));

      /* Warm the page cache once, as a user's second keystroke finds it. */
      for (guint i = 0; i < queries->len; i++)
        time_bare (store, queries->pdata[i]);
      for (guint i = 0; i < queries->len; i++)
        {
          double a = time_api (store, queries->pdata[i], per_kind);
          double b = time_bare (store, queries->pdata[i]);
          g_array_append_val (api, a);
          g_array_append_val (bare, b);
        }
      emit_latencies ("search_all", class_names[k], api, bare);
      /* Where the time goes. */
      for (JgSearchKind kind = 0; kind < JG_SEARCH_N_KINDS; kind++)
        {
          g_autofree char *name = g_strdup_printf ("search_all_%s_%s_p95", class_names[k],
                                                   jg_search_kind_to_string (kind));
          emit (name, percentile (per_kind[kind], 0.95), "ms");
          g_array_unref (per_kind[kind]);
        }
    }

  {
    GStatBuf st;
    if (g_stat (setup.db_path, &st) == 0)
      emit ("search_all_account_db_size", st.st_size / (1024.0 * 1024.0), "MiB");
  }

  g_clear_object (&store);
  bench_setup_clear (&setup);
  return 0;
}
