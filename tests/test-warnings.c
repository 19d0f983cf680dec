/* test-warnings.c — each warning raised by its condition, cleared by what
 * resolves it, and raised again only once it holds again
 *
 * An account database with a small seeded catalogue (items, officers) and
 * records written through SQL at known times; the clock is the test's
 * (NOW, a Friday, 4 December 2026, 10:00 in Shanghai) and each
 * evaluation says what the Overview would list at that time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-record-store.h"
#include "jg-records-model.h"
#include "jg-test-util.h"
#include "jg-warnings.h"

#define DAY (24 * 3600)
/* 2026-12-04 02:00 UTC: 10:00 in Shanghai, a Friday with 20 working days
 * left in the month. */
#define NOW G_GINT64_CONSTANT (1796349600)
/* 2026-12-25, a Friday: 5 working days left (25, 28, 29, 30, 31). */
#define MONTH_END (NOW + 21 * DAY)

static const char catalogue_sql[] =
  "INSERT INTO main_item (code, name, department, status, version) VALUES"
  " ('440000000001', '食品生产监管', 'D1', '01', '1');"
  "INSERT INTO sub_item (code, main_code, name, action_type, legal_basis, status, effective_date) VALUES"
  " ('44000000000001', '440000000001', '食品生产检查', '0', '《食品安全法》第八十七条', '01', '2020-01-01'),"
  " ('44000000000002', '440000000001', '食品生产处罚', '1', '《食品安全法》第一百二十二条', '01', '2020-01-01');"
  "INSERT INTO officer (id, name, department, cert_no, cert_valid_from, cert_valid_to) VALUES"
  " ('O1', '张三', 'D1', '44520001', '2020-01-01', '2026-12-14'),"
  " ('O2', '李四', 'D1', '44520002', '2020-01-01', '2029-12-31');";

static void G_GNUC_PRINTF (2, 3)
exec (JgStore    *store,
      const char *format,
      ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  jg_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static JgStore *
open_store (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("warnings");
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (path, &error);

  g_assert_no_error (error);
  jg_store_exec (store, catalogue_sql, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (store, "D1", &error);
  g_assert_no_error (error);
  /* Synced an hour ago: no sync warning unless a test wants one. */
  exec (store, "INSERT INTO sync_run (kind, started, finished, ok) VALUES ('records', %" G_GINT64_FORMAT
        ", %" G_GINT64_FORMAT ", 1)", NOW - 3600, NOW - 3600);
  return store;
}

/* A record of @state on @item, last written at @modified, which entered
 * @state at @since (its audit entry), naming @officer (or none). */
static void
add_record (JgStore    *store,
            const char *uuid,
            const char *state,
            const char *item,
            const char *date,
            gint64      modified,
            gint64      since,
            const char *officer)
{
  exec (store,
        "INSERT INTO record (uuid, kind, department, state, op, number, main_date, sort_date, month,"
        " catalogue_code, fields, created, modified, holds_number)"
        " VALUES ('%s', 'inspection', 'D1', '%s', 'i', 'JC-%s', '%s', '%s', substr ('%s', 1, 7), '%s', '{}',"
        " %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %d);"
        "INSERT INTO audit (uuid, at, who, action, from_state, to_state, revision)"
        " VALUES ('%s', %" G_GINT64_FORMAT ", 'test', 'state', 'draft', '%s', 1);",
        uuid, state, uuid, date, date, date, item, modified, modified, g_str_equal (state, "draft") ? 0 : 1,
        uuid, since, state);
  if (officer != NULL)
    exec (store, "INSERT INTO record_officer (uuid, officer) VALUES ('%s', '%s')", uuid, officer);
}

static GPtrArray *
evaluate_with (JgStore                  *store,
               gint64                    now,
               const JgWarningsCoverage *coverage)
{
  g_autoptr(GError) error = NULL;
  JgWarningsInput input;
  GPtrArray *list;

  jg_warnings_input_init (&input, now);
  input.coverage = coverage;
  list = jg_warnings_evaluate (store, &input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static GPtrArray *
evaluate (JgStore *store,
          gint64   now)
{
  return evaluate_with (store, now, NULL);
}

/* The warning of @list whose key starts with @prefix, or NULL. */
static JgWarning *
find (GPtrArray  *list,
      const char *prefix)
{
  for (guint i = 0; i < list->len; i++)
    {
      JgWarning *warning = g_ptr_array_index (list, i);

      if (g_str_has_prefix (warning->key, prefix))
        return warning;
    }
  return NULL;
}

static void
assert_action (JgWarning  *warning,
               const char *name,
               const char *target)
{
  g_autofree char *printed = NULL;

  g_assert_nonnull (warning);
  g_assert_cmpstr (warning->action_name, ==, name);
  g_assert_nonnull (warning->action_label);
  if (target == NULL)
    {
      g_assert_null (warning->action_target);
      return;
    }
  g_assert_nonnull (warning->action_target);
  printed = g_variant_print (warning->action_target, FALSE);
  g_assert_cmpstr (printed, ==, target);
}

/* Nothing wrong, nothing listed. */
static void
test_none (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;

  add_record (store, "a", "accepted", "44000000000001", "2026-12-01", NOW - DAY, NOW - DAY, "O2");
  list = evaluate (store, NOW);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_rejected (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  JgWarning *warning;

  /* Rejected two days ago: not yet (more than 3 days). */
  add_record (store, "a", "rejected", "44000000000001", "2026-11-20", NOW - 10 * DAY, NOW - 2 * DAY, NULL);
  list = evaluate (store, NOW);
  g_assert_null (find (list, "rejected"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Two days later it is: rejected four days ago, edited or not. */
  list = evaluate (store, NOW + 2 * DAY);
  warning = find (list, "rejected");
  g_assert_nonnull (warning);
  g_assert_cmpint (warning->kind, ==, JG_WARNING_REJECTED);
  g_assert_true (strstr (warning->reason, "1 record") != NULL);
  assert_action (warning, "win.show-records", "('state', 'rejected', '')");
  g_assert_cmpint (warning->since, ==, NOW + 2 * DAY);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Fixed and marked ready again: cleared. */
  exec (store, "UPDATE record SET state = 'ready' WHERE uuid = 'a';"
               "INSERT INTO audit (uuid, at, action, from_state, to_state, revision)"
               " VALUES ('a', %" G_GINT64_FORMAT ", 'state', 'rejected', 'ready', 1)", NOW + 3 * DAY);
  list = evaluate (store, NOW + 3 * DAY);
  g_assert_null (find (list, "rejected"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Rejected again by the server: counted from the new rejection, so
   * raised again only after three more days, as a new occurrence. */
  exec (store, "UPDATE record SET state = 'rejected' WHERE uuid = 'a';"
               "INSERT INTO audit (uuid, at, action, from_state, to_state, revision)"
               " VALUES ('a', %" G_GINT64_FORMAT ", 'state', 'sending', 'rejected', 1)", NOW + 4 * DAY);
  list = evaluate (store, NOW + 5 * DAY);
  g_assert_null (find (list, "rejected"));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = evaluate (store, NOW + 8 * DAY);
  warning = find (list, "rejected");
  g_assert_nonnull (warning);
  g_assert_cmpint (warning->since, ==, NOW + 8 * DAY);

  /* A record being deleted is no longer the department's to fix. */
  g_clear_pointer (&list, g_ptr_array_unref);
  exec (store, "UPDATE record SET deleting = 1 WHERE uuid = 'a'");
  list = evaluate (store, NOW + 9 * DAY);
  g_assert_null (find (list, "rejected"));
}

static void
test_unsent (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  JgWarning *warning;

  add_record (store, "a", "ready", "44000000000001", "2026-12-01", NOW - 3 * DAY, NOW - 3 * DAY, NULL);
  add_record (store, "b", "ready", "44000000000001", "2026-12-02", NOW - 3 * DAY, NOW - 3 * DAY, NULL);
  add_record (store, "c", "ready", "44000000000001", "2026-12-03", NOW - DAY, NOW - DAY, NULL);
  list = evaluate (store, NOW);
  warning = find (list, "unsent");
  g_assert_nonnull (warning);
  /* Two have waited more than two days; the third only one. */
  g_assert_true (strstr (warning->reason, "2 records") != NULL);
  assert_action (warning, "win.sync", NULL);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A sync takes them: accepted. */
  exec (store, "UPDATE record SET state = 'accepted', op = NULL WHERE uuid IN ('a', 'b')");
  list = evaluate (store, NOW);
  g_assert_null (find (list, "unsent"));
}

static void
test_sync (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  JgWarning *warning;

  /* Synced an hour ago (open_store): nothing; four days later: raised. */
  list = evaluate (store, NOW);
  g_assert_null (find (list, "sync"));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = evaluate (store, NOW + 4 * DAY);
  warning = find (list, "sync");
  g_assert_nonnull (warning);
  g_assert_true (strstr (warning->reason, "more than 3 days") != NULL);
  assert_action (warning, "win.sync", NULL);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A failed run does not count; a successful one clears it. */
  exec (store, "INSERT INTO sync_run (kind, started, finished, ok) VALUES ('records', %" G_GINT64_FORMAT
        ", %" G_GINT64_FORMAT ", 0)", NOW + 4 * DAY, NOW + 4 * DAY);
  list = evaluate (store, NOW + 4 * DAY);
  g_assert_nonnull (find (list, "sync"));
  g_clear_pointer (&list, g_ptr_array_unref);
  exec (store, "INSERT INTO sync_run (kind, started, finished, ok) VALUES ('records', %" G_GINT64_FORMAT
        ", %" G_GINT64_FORMAT ", 1)", NOW + 4 * DAY, NOW + 4 * DAY);
  list = evaluate (store, NOW + 4 * DAY);
  g_assert_null (find (list, "sync"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Never synced at all. */
  exec (store, "DELETE FROM sync_run");
  list = evaluate (store, NOW + 5 * DAY);
  warning = find (list, "sync");
  g_assert_nonnull (warning);
  g_assert_true (strstr (warning->reason, "never") != NULL);
}

static void
add_post (JgStore    *store,
          const char *uuid,
          const char *column,
          gint64      published)
{
  exec (store, "INSERT INTO post (uuid, column_key, department, state, fields, created_at, updated_at,"
               " published_at) VALUES ('%s', '%s', 'D1', 'published', '{}', %" G_GINT64_FORMAT
               ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
        uuid, column, published, published, published);
}

static void
test_quota (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  JgWarning *warning;

  exec (store, "DELETE FROM sync_run");
  /* 20 working days left: no quota warning yet, however empty. */
  list = evaluate (store, NOW);
  g_assert_null (find (list, "quota"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* 5 working days left, nothing published: both columns. */
  list = evaluate (store, MONTH_END);
  warning = find (list, "quota:dynamics:2026-12");
  g_assert_nonnull (warning);
  g_assert_true (strstr (warning->reason, "5 working days") != NULL);
  assert_action (warning, "win.show-section", "'dynamics'");
  warning = find (list, "quota:exposure:2026-12");
  g_assert_nonnull (warning);
  assert_action (warning, "win.show-section", "'exposure'");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* One exposure post meets its quota (1 update, 1 item); dynamics needs
   * 4 items on 2 days, and 3 on one day do not. */
  add_post (store, "e1", "exposure", NOW);
  add_post (store, "d1", "dynamics", NOW);
  add_post (store, "d2", "dynamics", NOW + 60);
  add_post (store, "d3", "dynamics", NOW + 120);
  list = evaluate (store, MONTH_END);
  g_assert_null (find (list, "quota:exposure"));
  g_assert_nonnull (find (list, "quota:dynamics"));
  g_clear_pointer (&list, g_ptr_array_unref);

  add_post (store, "d4", "dynamics", NOW + 3 * DAY);
  list = evaluate (store, MONTH_END);
  g_assert_null (find (list, "quota"));
}

static void
test_certificate (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  JgWarning *warning;

  /* 张三's certificate ends on 14 December, in 10 days; a draft names him. */
  add_record (store, "a", "draft", "44000000000001", "2026-12-01", NOW - DAY, NOW - DAY, "O1");
  add_record (store, "b", "draft", "44000000000001", "2026-12-02", NOW - DAY, NOW - DAY, "O2");
  list = evaluate (store, NOW);
  warning = find (list, "certificate:");
  g_assert_nonnull (warning);
  g_assert_cmpstr (warning->key, ==, "certificate:O1:2026-12-14");
  g_assert_true (strstr (warning->reason, "张三") != NULL);
  g_assert_true (strstr (warning->reason, "2026-12-14") != NULL);
  g_assert_true (strstr (warning->reason, "in 10 days") != NULL);
  assert_action (warning, "win.show-records", "('officer', 'O1', 'naming 张三')");
  /* 李四's runs to 2029: nothing about him. */
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  /* The action lists the records naming 张三: the one draft. */
  {
    g_autoptr(JgRecordsFilter) filter = jg_records_filter_new ();
    g_autoptr(JgRecordsModel) model = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JgRecordSummary) first = NULL;

    filter->officer = g_strdup ("O1");
    model = jg_records_model_new (jg_store_get_path (store), filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
    first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpstr (jg_record_summary_get_uuid (first), ==, "a");
  }

  /* Past the date it is said to have expired, under the same key. */
  list = evaluate (store, NOW + 11 * DAY);
  warning = find (list, "certificate:");
  g_assert_nonnull (warning);
  g_assert_cmpstr (warning->key, ==, "certificate:O1:2026-12-14");
  g_assert_true (strstr (warning->reason, "expired on 2026-12-14") != NULL);
  g_assert_cmpint (warning->since, ==, NOW);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Renewed in the roster (the catalogue sync brings it): cleared. */
  exec (store, "UPDATE officer SET cert_valid_to = '2031-12-31' WHERE id = 'O1'");
  list = evaluate (store, NOW + 11 * DAY);
  g_assert_null (find (list, "certificate:"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* An officer named only by a record accepted two years ago is not in
   * use: his certificate ending raises nothing. */
  exec (store, "UPDATE officer SET cert_valid_to = '2026-12-20' WHERE id = 'O2';"
               "DELETE FROM record_officer WHERE uuid = 'a';"
               "UPDATE record SET state = 'accepted', sort_date = '2024-11-01' WHERE uuid = 'b'");
  list = evaluate (store, NOW);
  g_assert_null (find (list, "certificate:"));
  g_clear_pointer (&list, g_ptr_array_unref);
  /* …unless the department still works with him. */
  exec (store, "UPDATE record SET sort_date = '2026-11-01' WHERE uuid = 'b'");
  list = evaluate (store, NOW);
  warning = find (list, "certificate:");
  g_assert_nonnull (warning);
  g_assert_cmpstr (warning->key, ==, "certificate:O2:2026-12-20");
}

static void
test_item (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  JgWarning *warning;
  g_autofree char *target = NULL;

  add_record (store, "a", "ready", "44000000000001", "2026-12-01", NOW - 3600, NOW - 3600, NULL);
  add_record (store, "b", "accepted", "44000000000001", "2026-11-01", NOW - DAY, NOW - DAY, NULL);
  add_record (store, "c", "draft", "44000000000002", "2026-12-01", NOW - DAY, NOW - DAY, NULL);
  add_record (store, "d", "draft", "44000000000002", "2026-12-02", NOW - DAY, NOW - DAY, NULL);
  list = evaluate (store, NOW);
  g_assert_null (find (list, "item:"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The catalogue sync changes the item's legal basis: the ready record,
   * written against the old one, is listed (the accepted one is not). */
  exec (store, "UPDATE sub_item SET legal_basis = '《食品安全法》第八十八条' WHERE code = '44000000000001'");
  list = evaluate (store, NOW + 60);
  warning = find (list, "item:44000000000001:");
  g_assert_nonnull (warning);
  g_assert_true (strstr (warning->reason, "食品生产检查") != NULL);
  g_assert_true (strstr (warning->reason, "changed") != NULL);
  assert_action (warning, "win.open-record", "'a'");
  g_assert_null (find (list, "item:44000000000002"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The record is opened and saved again against the new item: cleared. */
  exec (store, "UPDATE record SET modified = %" G_GINT64_FORMAT " WHERE uuid = 'a'", NOW + 120);
  list = evaluate (store, NOW + 180);
  g_assert_null (find (list, "item:"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The other item is cancelled: its two drafts, shown on the Records page. */
  exec (store, "UPDATE sub_item SET status = '02', cancel_date = '2026-12-03' WHERE code = '44000000000002'");
  list = evaluate (store, NOW + 240);
  warning = find (list, "item:44000000000002");
  g_assert_nonnull (warning);
  g_assert_cmpstr (warning->key, ==, "item:44000000000002:cancelled");
  g_assert_true (strstr (warning->reason, "2 records") != NULL);
  g_assert_true (strstr (warning->reason, "cancelled") != NULL);
  assert_action (warning, "win.show-records", "('item', '44000000000002', 'of item “食品生产处罚”')");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Moved to another item: cleared. */
  exec (store, "UPDATE record SET catalogue_code = '44000000000001', modified = %" G_GINT64_FORMAT
        " WHERE uuid IN ('c', 'd')", NOW + 300);
  list = evaluate (store, NOW + 360);
  g_assert_null (find (list, "item:"));
}

static void
test_coverage (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  JgWarningsCoverage coverage = { .covered = 7, .total = 10, .target_percent = 80 };
  JgWarning *warning;

  list = evaluate_with (store, NOW, &coverage);
  warning = find (list, "coverage");
  g_assert_nonnull (warning);
  g_assert_cmpint (warning->kind, ==, JG_WARNING_COVERAGE);
  g_assert_true (strstr (warning->reason, "70.0%") != NULL);
  g_assert_true (strstr (warning->reason, "80%") != NULL);
  g_assert_true (strstr (warning->reason, "1 more item") != NULL);
  g_assert_cmpstr (warning->action_name, ==, "overview.show-todo");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* One more item covered reaches 80%. */
  coverage.covered = 8;
  list = evaluate_with (store, NOW, &coverage);
  g_assert_null (find (list, "coverage"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* 80% of 11 items is 9 items (rounded up), not 8. */
  coverage.total = 11;
  list = evaluate_with (store, NOW, &coverage);
  g_assert_nonnull (find (list, "coverage"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* December's target is 100%: 10 of 11 is below it; not knowing the
   * figure says nothing. */
  coverage.covered = 10;
  coverage.target_percent = 100;
  list = evaluate_with (store, NOW, &coverage);
  g_assert_nonnull (find (list, "coverage"));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = evaluate (store, NOW);
  g_assert_null (find (list, "coverage"));
}

/* Dismissed: gone while its condition still holds, back only once it
 * stopped holding and holds again. */
static void
test_dismiss (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  list = evaluate (store, NOW + 4 * DAY);
  g_assert_nonnull (find (list, "sync"));
  g_clear_pointer (&list, g_ptr_array_unref);

  jg_warnings_dismiss (store, "sync", NOW + 4 * DAY, &error);
  g_assert_no_error (error);
  list = evaluate (store, NOW + 4 * DAY);
  g_assert_null (find (list, "sync"));
  g_clear_pointer (&list, g_ptr_array_unref);
  /* Days later, still not synced: still dismissed. */
  list = evaluate (store, NOW + 6 * DAY);
  g_assert_null (find (list, "sync"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A sync: no longer true. Evaluated again while false: nothing. */
  exec (store, "INSERT INTO sync_run (kind, started, finished, ok) VALUES ('records', %" G_GINT64_FORMAT
        ", %" G_GINT64_FORMAT ", 1)", NOW + 7 * DAY, NOW + 7 * DAY);
  list = evaluate (store, NOW + 7 * DAY);
  g_assert_null (find (list, "sync"));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = evaluate (store, NOW + 8 * DAY);
  g_assert_null (find (list, "sync"));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* True again: raised again, as a new occurrence. */
  list = evaluate (store, NOW + 11 * DAY);
  g_assert_nonnull (find (list, "sync"));
  g_assert_cmpint (find (list, "sync")->since, ==, NOW + 11 * DAY);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The state survives closing the database: the dismissal is kept. */
  jg_warnings_dismiss (store, "sync", NOW + 11 * DAY, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JgStore) again = jg_store_open (jg_store_get_path (store), &error);

    g_assert_no_error (error);
    list = evaluate (again, NOW + 12 * DAY);
    g_assert_null (find (list, "sync"));
  }
}

/* The thread's answer is the same list. */
static void
evaluated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = jg_warnings_evaluate_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) list = NULL;
  JgWarningsCoverage coverage = { .covered = 1, .total = 10, .target_percent = 80 };
  JgWarningsInput input;

  jg_warnings_input_init (&input, NOW + 4 * DAY);
  input.coverage = &coverage;
  jg_warnings_evaluate_async (jg_store_get_path (store), &input, NULL, evaluated_cb, &list);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((JgWarning *) g_ptr_array_index (list, 0))->kind, ==, JG_WARNING_COVERAGE);
  g_assert_cmpint (((JgWarning *) g_ptr_array_index (list, 1))->kind, ==, JG_WARNING_SYNC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  jg_test_isolate_xdg ();

  g_test_add_func ("/warnings/none", test_none);
  g_test_add_func ("/warnings/rejected", test_rejected);
  g_test_add_func ("/warnings/unsent", test_unsent);
  g_test_add_func ("/warnings/sync", test_sync);
  g_test_add_func ("/warnings/quota", test_quota);
  g_test_add_func ("/warnings/certificate", test_certificate);
  g_test_add_func ("/warnings/item", test_item);
  g_test_add_func ("/warnings/coverage", test_coverage);
  g_test_add_func ("/warnings/dismiss", test_dismiss);
  g_test_add_func ("/warnings/async", test_async);

  return g_test_run ();
}
