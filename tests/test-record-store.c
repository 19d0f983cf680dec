/* test-record-store.c — records, entities and the audit trail in SQLite
 *
 * The catalogue tables (code tables, sub-items, implementation list, roster)
 * are filled directly, as a sync would leave them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "jg-record-private.h"
#include "jg-record-states.h"
#include "jg-record-store.h"
#include "jg-test-util.h"

#define IMPL "91440300708461136T3001"

static void
exec (JgStore    *store,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  jg_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static const char catalogue_sql[] =
  "INSERT INTO code_entry (tbl, code, name) VALUES"
  " ('object_type', '1', '企业'), ('check_form', '01', '日常检查'),"
  " ('check_category', '01', '现场检查'), ('check_result', '01', '未发现问题'),"
  " ('party_nature', '01', '公民'), ('party_nature', '02', '法人'),"
  " ('doc_type', '001', '统一社会信用代码'), ('doc_type', '111', '居民身份证'),"
  " ('region', '445202', '榕城区'), ('case_source', '01', '行政检查中发现'),"
  " ('penalty_procedure', '02', '一般'), ('penalty_kind', '01', '警告');"
  "INSERT INTO sub_item (code, name, action_type, status, effective_date) VALUES"
  " ('44000000000001', '食品生产检查', '0', '01', '2020-01-01'),"
  " ('44000000000002', '食品生产处罚', '1', '01', '2020-01-01');"
  "INSERT INTO impl_entry (code, sub_item) VALUES ('" IMPL "', '44000000000001');"
  "INSERT INTO officer (id, name, department, cert_no, cert_valid_from, cert_valid_to) VALUES"
  " ('o1', '张三', 'D1', '44050001', '2020-01-01', '2099-12-31'),"
  " ('o2', '李四', 'D1', '44050002', '2020-01-01', '2099-12-31');";

static JgStore *
open_store (const char *name)
{
  g_autofree char *dir = jg_test_make_tmpdir (name);
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (path, &error);

  g_assert_no_error (error);
  exec (store, catalogue_sql);
  jg_record_store_set_department (store, "D1", &error);
  g_assert_no_error (error);
  return store;
}

static JgRecord *
inspection (const char *number)
{
  static const char * const values[] = {
    "catalogue_code", "44000000000001", "object_type", "1",
    "object_name", "揭阳某食品有限公司", "party_name", "揭阳某食品有限公司",
    "party_nature", "02", "party_doc_type", "001", "party_code", "91440300708461136T",
    "registered_address", "揭阳市榕城区某路1号",
    "region", "445202", "impl_code", IMPL, "name", "日常检查",
    "check_form", "01", "check_category", "01", "check_result", "01",
    "check_time", "2024-03-18", "officers", "o1;o2", NULL,
  };
  JgRecord *record = jg_record_new (JG_RECORD_INSPECTION, NULL);

  for (guint i = 0; values[i] != NULL; i += 2)
    jg_record_set (record, values[i], values[i + 1]);
  jg_record_set (record, "number", number);
  return record;
}

/* @record saved and taken through the sync's states to accepted, as
 * after a sync. */
static void
save_accepted (JgStore  *store,
               JgRecord *record)
{
  static const JgRecordState steps[] = {
    JG_RECORD_STATE_READY, JG_RECORD_STATE_SENDING, JG_RECORD_STATE_ACCEPTED,
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_record_store_save (store, record, "alice", &error));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_true (jg_record_store_set_state (store, record, steps[i], "sync", &error));
  g_assert_no_error (error);
}

static void
test_round_trip_and_audit (void)
{
  g_autoptr(JgStore) store = open_store ("round-trip");
  g_autoptr(JgRecord) record = inspection ("JC-2024-0001");
  g_autoptr(JgRecord) loaded = NULL;
  g_autoptr(JgRecord) found = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *month = NULL;
  JgAuditEntry *entry;
  guint n;
  const JgFieldSpec *fields = jg_record_fields (JG_RECORD_INSPECTION, &n);

  g_assert_true (jg_record_store_save (store, record, "alice", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (jg_record_get_department (record), ==, "D1");

  loaded = jg_record_store_load (store, jg_record_get_uuid (record), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (jg_record_get (loaded, fields[i].key), ==, jg_record_get (record, fields[i].key));
  g_assert_cmpint (jg_record_get_state (loaded), ==, JG_RECORD_STATE_DRAFT);

  month = jg_test_query_text (store, "SELECT month FROM record WHERE uuid = ?", jg_record_get_uuid (record));
  g_assert_cmpstr (month, ==, "2024-03");

  found = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, "D1", "JC-2024-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_record_get_uuid (found), ==, jg_record_get_uuid (record));

  /* Edit two fields; saving again unchanged adds nothing. */
  jg_record_set (loaded, "check_result", NULL);
  jg_record_set (loaded, "reporter", "王五");
  g_assert_true (jg_record_store_save (store, loaded, "bob", &error));
  g_assert_true (jg_record_store_save (store, loaded, "bob", &error));
  g_assert_no_error (error);

  jg_record_set (loaded, "check_result", "01");
  g_assert_true (jg_record_store_save (store, loaded, "bob", &error));
  g_assert_true (jg_record_store_set_state (store, loaded, JG_RECORD_STATE_READY, "bob", &error));
  g_assert_no_error (error);
  g_assert_cmpint (jg_record_get_state (loaded), ==, JG_RECORD_STATE_READY);

  entries = jg_record_store_audit (store, jg_record_get_uuid (record), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->action, ==, "create");
  g_assert_cmpstr (entry->who, ==, "alice");
  g_assert_nonnull (strstr (entry->detail, "party_code"));
  entry = entries->pdata[1];
  g_assert_cmpstr (entry->action, ==, "edit");
  g_assert_cmpstr (entry->who, ==, "bob");
  g_assert_cmpstr (entry->detail, ==, "reporter,check_result");  /* field order */
  entry = entries->pdata[2];
  g_assert_cmpstr (entry->detail, ==, "check_result");
  entry = entries->pdata[3];
  g_assert_cmpstr (entry->action, ==, "state");
  g_assert_cmpstr (entry->from_state, ==, "draft");
  g_assert_cmpstr (entry->to_state, ==, "ready");
  g_assert_cmpuint (entry->revision, ==, 1);
}

static void
test_ready_refused (void)
{
  g_autoptr(JgStore) store = open_store ("ready-refused");
  g_autoptr(JgRecord) record = inspection ("JC-2024-0001");
  g_autoptr(JgRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;

  jg_record_set (record, "officers", "o1");
  g_assert_true (jg_record_store_save (store, record, "alice", &error));
  g_assert_false (jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, "alice", &error));
  g_assert_error (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "two"));
  g_clear_error (&error);

  loaded = jg_record_store_load (store, jg_record_get_uuid (record), &error);
  g_assert_cmpint (jg_record_get_state (loaded), ==, JG_RECORD_STATE_DRAFT);
}

static void
test_delete (void)
{
  g_autoptr(JgStore) store = open_store ("delete");
  g_autoptr(JgRecord) fresh = inspection ("JC-2024-0001");
  g_autoptr(JgRecord) sent = inspection ("JC-2024-0002");
  g_autoptr(GError) error = NULL;
  g_autofree char *op = NULL;
  g_autofree char *gone = NULL;

  g_assert_true (jg_record_store_save (store, fresh, "alice", &error));
  g_assert_no_error (error);
  save_accepted (store, sent);

  g_assert_true (jg_record_store_delete (store, jg_record_get_uuid (fresh), "alice", &error));
  g_assert_true (jg_record_store_delete (store, jg_record_get_uuid (sent), "alice", &error));
  g_assert_no_error (error);

  gone = jg_test_query_text (store, "SELECT uuid FROM record WHERE uuid = ?", jg_record_get_uuid (fresh));
  g_assert_null (gone);
  op = jg_test_query_text (store, "SELECT op || deleting FROM record WHERE uuid = ?", jg_record_get_uuid (sent));
  g_assert_cmpstr (op, ==, "d1");

  g_assert_null (jg_record_store_load (store, jg_record_get_uuid (sent), &error));
  g_assert_error (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Its number is free again. */
  {
    g_autoptr(JgRecord) again = inspection ("JC-2024-0002");
    g_assert_true (jg_record_store_save (store, again, "alice", &error));
    g_assert_true (jg_record_store_set_state (store, again, JG_RECORD_STATE_READY, "alice", &error));
    g_assert_no_error (error);
  }
}

/* The history names the signed-in account and the workstation, whoever
 * runs the program; changes made signed out say so. */
static void
test_audit_actor (void)
{
  g_autoptr(JgStore) store = open_store ("audit-actor");
  g_autoptr(JgRecord) record = inspection ("JC-2024-0001");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_out = NULL;
  g_autofree char *as_zhangsan = NULL;
  JgAuditEntry *entry;

  jg_record_store_set_actor (NULL);
  g_assert_true (jg_record_store_save (store, record, NULL, &error));
  jg_record_store_set_actor ("zhangsan");
  jg_record_set (record, "reporter", "王五");
  g_assert_true (jg_record_store_save (store, record, NULL, &error));
  g_assert_true (jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, NULL, &error));
  g_assert_no_error (error);
  jg_record_store_set_actor (NULL);

  entries = jg_record_store_audit (store, jg_record_get_uuid (record), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);

  signed_out = g_strdup_printf ("not signed in (workstation %s)", g_get_host_name ());
  as_zhangsan = g_strdup_printf ("zhangsan (workstation %s)", g_get_host_name ());

  entry = entries->pdata[0];
  g_assert_null (entry->account);
  g_assert_cmpstr (entry->host, ==, g_get_host_name ());
  g_assert_cmpstr (entry->who, ==, signed_out);
  for (guint i = 1; i < entries->len; i++)
    {
      entry = entries->pdata[i];
      g_assert_cmpstr (entry->account, ==, "zhangsan");
      g_assert_cmpstr (entry->host, ==, g_get_host_name ());
      g_assert_cmpstr (entry->who, ==, as_zhangsan);
      g_assert_null (strstr (entry->who, g_get_user_name ()));
    }
}

static gboolean
mark_sending_cb (const JgQueuedRecord  *queued,
                 gpointer               user_data,
                 GError               **error)
{
  JgStore *store = user_data;

  return jg_record_store_mark_sending (store, queued->rowid, queued->revision, queued->op,
                                       queued->same, error);
}

/* A record edited while the sync sends it: the server accepts the
 * revision sent, and the history says so, although the record stays as
 * the user edited it (the next revision, to be sent again). */
static void
test_edited_while_sending (void)
{
  g_autoptr(JgStore) store = open_store ("edited-while-sending");
  g_autoptr(JgRecord) record = inspection ("JC-2024-0021");
  g_autoptr(JgRecord) loaded = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JgAuditEntry *last;

  g_assert_true (jg_record_store_save (store, record, NULL, &error));
  g_assert_true (jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, NULL, &error));
  g_assert_true (jg_store_begin (store, &error));
  g_assert_true (jg_record_store_foreach_queued (store, 10, mark_sending_cb, store, &error));
  g_assert_true (jg_store_commit (store, &error));
  g_assert_no_error (error);

  jg_record_set (record, "reporter", "王五");
  g_assert_true (jg_record_store_save (store, record, NULL, &error));

  g_assert_true (jg_store_begin (store, &error));
  g_assert_true (jg_record_store_apply_answer (store, jg_record_get_uuid (record), 0, 1, 'i',
                                               TRUE, 0, NULL, &error));
  g_assert_true (jg_store_commit (store, &error));
  g_assert_no_error (error);

  loaded = jg_record_store_load (store, jg_record_get_uuid (record), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jg_record_get_revision (loaded), ==, 2);
  g_assert_cmpstr (jg_record_get (loaded, "reporter"), ==, "王五");

  entries = jg_record_store_audit (store, jg_record_get_uuid (record), &error);
  g_assert_no_error (error);
  last = entries->pdata[entries->len - 1];
  g_assert_cmpstr (last->action, ==, "state");
  g_assert_cmpstr (last->from_state, ==, "sending");
  g_assert_cmpstr (last->to_state, ==, "accepted");
  g_assert_cmpuint (last->revision, ==, 1);
}

/* Ctrl+N makes a numbered draft at once; left untouched it is not kept,
 * while one the user typed into, or an imported one, stays. */
static void
test_blank_draft (void)
{
  g_autoptr(JgStore) store = open_store ("blank-draft");
  g_autoptr(JgRecord) untouched = NULL;
  g_autoptr(JgRecord) typed = NULL;
  g_autoptr(JgRecord) imported = inspection ("JC-2024-0009");
  g_autoptr(JgRecord) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gone = NULL;
  gboolean discarded = TRUE;

  untouched = jg_record_store_create_blank (store, JG_RECORD_INSPECTION, &error);
  g_assert_no_error (error);
  g_assert_nonnull (jg_record_get (untouched, "number"));
  g_assert_true (jg_record_store_is_blank (store, jg_record_get_uuid (untouched)));
  /* Leaving the editor saves it unchanged: still blank. */
  g_assert_true (jg_record_store_save (store, untouched, NULL, &error));
  g_assert_true (jg_record_store_discard_blank (store, jg_record_get_uuid (untouched), &discarded, &error));
  g_assert_no_error (error);
  g_assert_true (discarded);
  gone = jg_test_query_text (store, "SELECT count (*) FROM audit WHERE uuid = ?", jg_record_get_uuid (untouched));
  g_assert_cmpstr (gone, ==, "0");
  g_assert_null (jg_record_store_load (store, jg_record_get_uuid (untouched), NULL));

  typed = jg_record_store_create_blank (store, JG_RECORD_INSPECTION, &error);
  g_assert_no_error (error);
  jg_record_set (typed, "name", "日常检查");
  g_assert_true (jg_record_store_save (store, typed, NULL, &error));
  g_assert_false (jg_record_store_is_blank (store, jg_record_get_uuid (typed)));
  g_assert_true (jg_record_store_discard_blank (store, jg_record_get_uuid (typed), &discarded, &error));
  g_assert_false (discarded);

  g_assert_true (jg_record_store_save (store, imported, NULL, &error));
  g_assert_true (jg_record_store_discard_blank (store, jg_record_get_uuid (imported), &discarded, &error));
  g_assert_no_error (error);
  g_assert_false (discarded);
  kept = jg_record_store_load (store, jg_record_get_uuid (imported), NULL);
  g_assert_nonnull (kept);
}

/* Deleting can be undone: a draft comes back as it was, a sent record's
 * deletion is withdrawn before it goes out; once sent, it cannot. */
static void
test_undelete (void)
{
  g_autoptr(JgStore) store = open_store ("undelete");
  g_autoptr(JgRecord) draft = inspection ("JC-2024-0001");
  g_autoptr(JgRecord) sent = inspection ("JC-2024-0002");
  g_autoptr(JgRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op = NULL;
  guint64 queued = 1;

  g_assert_true (jg_record_store_save (store, draft, NULL, &error));
  g_assert_no_error (error);
  save_accepted (store, sent);

  g_assert_true (jg_record_store_delete (store, jg_record_get_uuid (draft), NULL, &error));
  g_assert_true (jg_record_store_delete (store, jg_record_get_uuid (sent), NULL, &error));
  g_assert_true (jg_record_store_undelete (store, draft, NULL, &error));
  g_assert_true (jg_record_store_undelete (store, sent, NULL, &error));
  g_assert_no_error (error);

  back = jg_record_store_load (store, jg_record_get_uuid (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_record_get (back, "name"), ==, "日常检查");
  g_clear_object (&back);
  back = jg_record_store_load (store, jg_record_get_uuid (sent), &error);
  g_assert_no_error (error);
  g_assert_cmpint (jg_record_get_state (back), ==, JG_RECORD_STATE_ACCEPTED);
  /* In step with the server again: nothing to send. */
  op = jg_test_query_text (store, "SELECT coalesce (op, '-') || deleting FROM record WHERE uuid = ?",
                           jg_record_get_uuid (sent));
  g_assert_cmpstr (op, ==, "-0");
  g_assert_true (jg_record_store_count_queued (store, &queued, &error));
  g_assert_cmpuint (queued, ==, 0);

  /* The deletion went out: too late to undo. */
  g_assert_true (jg_record_store_delete (store, jg_record_get_uuid (sent), NULL, &error));
  exec (store, "UPDATE record SET state = 'sending' WHERE op = 'd'");
  g_assert_false (jg_record_store_undelete (store, sent, NULL, &error));
  g_assert_error (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NOT_FOUND);
}

static void
test_edit_accepted (void)
{
  g_autoptr(JgStore) store = open_store ("edit-accepted");
  g_autoptr(JgRecord) record = inspection ("JC-2024-0001");
  g_autoptr(JgRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op = NULL;

  g_assert_true (jg_record_store_save (store, record, "alice", &error));
  g_assert_true (jg_record_store_set_state (store, record, JG_RECORD_STATE_ACCEPTED, "sync", &error));
  op = jg_test_query_text (store, "SELECT op FROM record WHERE uuid = ?", jg_record_get_uuid (record));
  g_assert_null (op);

  jg_record_set (record, "name", "复查");
  g_assert_true (jg_record_store_save (store, record, "alice", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (jg_record_get_revision (record), ==, 2);
  g_assert_cmpint (jg_record_get_state (record), ==, JG_RECORD_STATE_DRAFT);

  loaded = jg_record_store_load (store, jg_record_get_uuid (record), &error);
  g_assert_cmpuint (jg_record_get_revision (loaded), ==, 2);
  g_assert_cmpstr (jg_record_get (loaded, "name"), ==, "复查");
  g_free (op);
  op = jg_test_query_text (store, "SELECT op FROM record WHERE uuid = ?", jg_record_get_uuid (record));
  g_assert_cmpstr (op, ==, "u");
}

static void
test_entities (void)
{
  g_autoptr(JgStore) store = open_store ("entities");
  g_autoptr(JgRecord) a = inspection ("JC-2024-0001");
  g_autoptr(JgRecord) b = inspection ("JC-2024-0002");
  g_autoptr(JgRecord) c = inspection ("JC-2024-0003");
  g_autoptr(GPtrArray) found = NULL;
  JgEntity *entity = NULL;
  g_autoptr(GError) error = NULL;

  jg_record_set (b, "registered_address", NULL);   /* kept from the first record */
  jg_record_set (c, "party_nature", "01");
  jg_record_set (c, "party_doc_type", "111");
  jg_record_set (c, "party_code", "11010519491231002X");
  jg_record_set (c, "party_name", "陈大文");
  g_assert_true (jg_record_store_save (store, a, "alice", &error));
  g_assert_true (jg_record_store_save (store, b, "alice", &error));
  g_assert_true (jg_record_store_save (store, c, "alice", &error));
  g_assert_no_error (error);

  entity = jg_record_store_get_entity (store, "001", "91440300708461136T", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entity->name, ==, "揭阳某食品有限公司");
  g_assert_cmpstr (entity->registered_address, ==, "揭阳市榕城区某路1号");
  jg_entity_free (entity);

  found = jg_record_store_find_entities (store, "食品", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = jg_record_store_find_entities (store, "9144", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = jg_record_store_find_entities (store, "4403", 10, &error);  /* codes: prefix only */
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = jg_record_store_find_entities (store, NULL, 10, &error);   /* most recent first */
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (((JgEntity *) found->pdata[0])->name, ==, "陈大文");
}

static void
test_context (void)
{
  g_autoptr(JgStore) store = open_store ("context");
  g_autoptr(JgRecord) a = inspection ("JC-2024-0001");
  g_autoptr(JgRecord) b = inspection ("JC-2024-0001");
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  JgValidationContext *context;

  context = jg_record_store_get_context (store);
  issues = jg_validate_record (a, context);
  g_assert_cmpuint (issues->len, ==, 0);
  g_clear_pointer (&issues, g_ptr_array_unref);

  g_assert_true (jg_record_store_save (store, a, "alice", &error));
  jg_record_set_identity (b, NULL, 1, JG_RECORD_STATE_DRAFT);
  jg_record_set_department (b, "D1");
  issues = jg_validate_record (b, context);
  g_assert_true (jg_issues_have_errors (issues));
  g_assert_cmpstr (((JgIssue *) issues->pdata[0])->field, ==, "number");
  jg_validation_context_free (context);

  number = jg_record_store_suggest_number (store, JG_RECORD_INSPECTION, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (number, "JC-"));
}

static void
test_migration_and_newer (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("migration");
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  JgStore *store;

  store = jg_store_open_at_version (path, 3, &error);
  g_assert_no_error (error);
  exec (store, catalogue_sql);
  g_object_unref (store);

  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jg_store_get_schema_version (store), ==, jg_store_latest_schema_version ());
  name = jg_test_query_text (store, "SELECT name FROM sub_item WHERE code = ?", "44000000000001");
  g_assert_cmpstr (name, ==, "食品生产检查");
  exec (store, "PRAGMA user_version = 99");
  g_object_unref (store);

  store = jg_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_TOO_NEW);
}

/* A database of schema 5 holding a record being deleted: after the upgrades
 * it is still left out of the list and its number is free, while the
 * others keep theirs. */
static void
test_upgrade_deleting (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("upgrade-deleting");
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JgRecord) again = inspection ("JC-2024-0002");
  g_autofree char *flags = NULL;
  JgStore *store;

  store = jg_store_open_at_version (path, 5, &error);
  g_assert_no_error (error);
  exec (store, catalogue_sql);
  exec (store,
        "INSERT INTO record (uuid, kind, department, state, revision, op, number, sort_date,"
        " fields, created, modified) VALUES"
        " ('00000000-0000-4000-8000-000000000001', 'inspection', 'D1', 'accepted', 1, NULL,"
        "  'JC-2024-0001', '2024-03-18', '{}', 1, 1),"
        " ('00000000-0000-4000-8000-000000000002', 'inspection', 'D1', 'accepted', 1, 'd',"
        "  'JC-2024-0002', '2024-03-18', '{}', 1, 2),"
        " ('00000000-0000-4000-8000-000000000003', 'inspection', 'D1', 'ready', 1, 'i',"
        "  'JC-2024-0003', '2024-03-18', '{}', 1, 3)");
  g_object_unref (store);

  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  flags = jg_test_query_text (store, "SELECT group_concat (deleting || holds_number, ',') FROM"
                      " (SELECT deleting, holds_number FROM record ORDER BY uuid) WHERE ?1 IS NULL", NULL);
  g_assert_cmpstr (flags, ==, "01,10,01");
  g_clear_pointer (&flags, g_free);
  flags = jg_test_query_text (store, "SELECT group_concat (number, ',') FROM"
                      " (SELECT number FROM record WHERE deleting = 0 ORDER BY number)"
                      " WHERE ?1 IS NULL", NULL);
  g_assert_cmpstr (flags, ==, "JC-2024-0001,JC-2024-0003");

  jg_record_store_set_department (store, "D1", &error);
  g_assert_no_error (error);
  g_assert_true (jg_record_store_save (store, again, "alice", &error));
  g_assert_true (jg_record_store_set_state (store, again, JG_RECORD_STATE_READY, "alice", &error));
  g_assert_no_error (error);

  /* The database itself refuses a second holder of a number. */
  g_assert_false (jg_store_exec (store, "UPDATE record SET number = 'JC-2024-0001'"
                                 " WHERE uuid = '00000000-0000-4000-8000-000000000003'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_object_unref (store);
}

/* Whether a record holds its number follows draft and deleted, through
 * every path that changes them. */
static void
test_holds_number (void)
{
  g_autoptr(JgStore) store = open_store ("holds-number");
  g_autoptr(JgRecord) record = inspection ("JC-2024-0001");
  g_autoptr(GError) error = NULL;
  const char *uuid;
  char *held;

  g_assert_true (jg_record_store_save (store, record, "alice", &error));
  uuid = jg_record_get_uuid (record);
  held = jg_test_query_text (store, "SELECT holds_number FROM record WHERE uuid = ?", uuid);
  g_assert_cmpstr (held, ==, "0");                                   /* a draft */
  g_free (held);

  g_assert_true (jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, "alice", &error));
  held = jg_test_query_text (store, "SELECT holds_number FROM record WHERE uuid = ?", uuid);
  g_assert_cmpstr (held, ==, "1");
  g_free (held);

  g_assert_true (jg_record_store_set_state (store, record, JG_RECORD_STATE_ACCEPTED, "sync", &error));
  jg_record_set (record, "name", "复查");                            /* an edit makes a draft */
  g_assert_true (jg_record_store_save (store, record, "alice", &error));
  held = jg_test_query_text (store, "SELECT state || holds_number FROM record WHERE uuid = ?", uuid);
  g_assert_cmpstr (held, ==, "draft0");
  g_free (held);

  g_assert_true (jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, "alice", &error));
  g_assert_true (jg_record_store_set_state (store, record, JG_RECORD_STATE_SENDING, "sync", &error));
  g_assert_true (jg_record_store_set_state (store, record, JG_RECORD_STATE_ACCEPTED, "sync", &error));
  g_assert_true (jg_record_store_delete (store, uuid, "alice", &error));
  g_assert_no_error (error);
  held = jg_test_query_text (store, "SELECT op || deleting || holds_number FROM record WHERE uuid = ?", uuid);
  g_assert_cmpstr (held, ==, "d10");
  g_free (held);
}

/* What goes on the wire for one record: the exact bytes the outbox keeps
 * and resends after a crash, fields as stored, none for a deletion. */
static void
test_wire_json (void)
{
  g_autoptr(JgRecord) record = jg_record_new (JG_RECORD_INSPECTION, NULL);
  g_autoptr(JgRecord) back = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  jg_record_set (record, "name", "揭阳\"某\"公司\n");
  json = jg_record_to_json (record);
  back = jg_record_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_record_get (back, "name"), ==, "揭阳\"某\"公司\n");
  g_assert_nonnull (strstr (json, ",\"fields\":{\"name\":\"揭阳\\\"某\\\"公司\\n\"}}"));

  jg_record_append_wire_json (out, "u-1", 3, 'u', "inspection", "D1", "{\"name\":\"x\"}");
  g_string_append_c (out, ',');
  jg_record_append_wire_json (out, "u-2", 1, 'd', "penalty", NULL, "{\"name\":\"x\"}");
  g_assert_cmpstr (out->str, ==,
                   "{\"uuid\":\"u-1\",\"revision\":3,\"op\":\"u\",\"kind\":\"inspection\","
                   "\"department\":\"D1\",\"fields\":{\"name\":\"x\"}},"
                   "{\"uuid\":\"u-2\",\"revision\":1,\"op\":\"d\",\"kind\":\"penalty\","
                   "\"department\":null}");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record-store/round-trip-and-audit", test_round_trip_and_audit);
  g_test_add_func ("/record-store/ready-refused", test_ready_refused);
  g_test_add_func ("/record-store/delete", test_delete);
  g_test_add_func ("/record-store/audit-actor", test_audit_actor);
  g_test_add_func ("/record-store/blank-draft", test_blank_draft);
  g_test_add_func ("/record-store/edited-while-sending", test_edited_while_sending);
  g_test_add_func ("/record-store/undelete", test_undelete);
  g_test_add_func ("/record-store/upgrade-deleting", test_upgrade_deleting);
  g_test_add_func ("/record-store/holds-number", test_holds_number);
  g_test_add_func ("/record-store/edit-accepted", test_edit_accepted);
  g_test_add_func ("/record-store/entities", test_entities);
  g_test_add_func ("/record-store/context", test_context);
  g_test_add_func ("/record-store/migration-and-newer", test_migration_and_newer);
  g_test_add_func ("/record-store/wire-json", test_wire_json);

  return g_test_run ();
}
