/* test-restore.c — workstations of one department against a real jianguan-server
 *
 * Issue 9, item 3: a new or reinstalled workstation starts empty, and two
 * workstations of one department gave the same record numbers. Here three
 * accounts of one department stand for three workstations (each has its
 * own database, as on its own machine). Two of them write records without
 * talking to the server, then sync: no number collides, both end with every
 * record of the department with the same content, edits made on one show
 * on the other (an edit not yet sent is kept, and its history says so),
 * and a fresh third one restores everything on its first sync after
 * signing in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-account.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-paths.h"
#include "jg-record-store.h"
#include "jg-test-util.h"

#define DEMO_PASSWORD "Jianguan-Demo-2026"
#define RC_DEPARTMENT "11445200006295321R"
#define RECORDS_EACH 3

/* Every record of a workstation as the user sees it: uuid, number,
 * revision, state and fields, in uuid order. */
#define SNAPSHOT_SQL \
  "SELECT count(*) || ':' || coalesce (group_concat (line, ';'), '') FROM" \
  " (SELECT uuid || '|' || number || '|' || revision || '|' || state || '|'" \
  "  || json_extract (fields, '$.fields') AS line FROM record ORDER BY uuid)"

typedef struct {
  const char *username;
  char       *db_path;
  char       *token;
} Workstation;

typedef struct {
  char         *server_dir;
  JgTestServer *server;
  Workstation   a, b, c;
} Fixture;

/* A second account of rc-admin's department on the server. */
static void
add_account (Fixture    *f,
             const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error, jg_test_server_binary (), "add-account",
                              "--data", f->server_dir, "--department", RC_DEPARTMENT,
                              "--role", "admin", username, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, DEMO_PASSWORD "\n", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
}

/* Signs @w in (which registers the workstation) and downloads the
 * catalogue into its database. */
static void
sign_in (Fixture     *f,
         Workstation *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAccount) account = jg_account_new (f->server->url, w->username);
  g_autoptr(JgCatalogueSync) sync = NULL;

  jg_account_login (account, DEMO_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  w->token = jg_account_get_token (account, &error);
  g_assert_no_error (error);
  w->db_path = jg_paths_database_for_server (f->server->url, w->username, &error);
  g_assert_no_error (error);
  sync = jg_catalogue_sync_new (w->db_path, f->server->url);
  jg_catalogue_sync_run (sync, NULL, NULL, &error);
  g_assert_no_error (error);
}

static JgStore *
open_store (Workstation *w)
{
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (w->db_path, &error);

  g_assert_no_error (error);
  return store;
}

/* One sync run of the records, as "Sync now" does; asserts it succeeds. */
static JgOutboxResult
sync_records (Fixture     *f,
              Workstation *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgOutbox) outbox = jg_outbox_new (w->db_path, f->server->url, w->token);
  JgOutboxResult result;

  g_assert_true (jg_outbox_run (outbox, &result, NULL, &error));
  g_assert_no_error (error);
  return result;
}

/* @n inspections numbered as the editor suggests, ready to send; written
 * without any request to the server. Returns their numbers. */
static GPtrArray *
write_offline (Workstation *w,
               guint        n)
{
  g_autoptr(JgStore) store = open_store (w);
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *number = jg_record_store_suggest_number (store, JG_RECORD_INSPECTION, &error);
      g_autoptr(JgRecord) record = NULL;

      g_assert_no_error (error);
      record = jg_test_demo_inspection (store, RC_DEPARTMENT, number, "2025-07-01");
      jg_test_save_ready (store, record);
      g_ptr_array_add (numbers, g_steal_pointer (&number));
    }
  return numbers;
}

static char *
snapshot (Workstation *w)
{
  g_autoptr(JgStore) store = open_store (w);

  return jg_test_query_text (store, SNAPSHOT_SQL, NULL);
}

static gint64
server_int (Fixture    *f,
            const char *sql)
{
  g_autofree char *path = g_build_filename (f->server_dir, "server.db", NULL);

  return jg_test_query_int (path, sql);
}

/* Whether @uuid's history on @w has an entry @action. */
static gboolean
history_has (Workstation *w,
             const char  *uuid,
             const char  *action)
{
  g_autoptr(JgStore) store = open_store (w);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = jg_record_store_audit (store, uuid, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (((JgAuditEntry *) entries->pdata[i])->action, action) == 0)
      return TRUE;
  return FALSE;
}

/* Changes the name of @uuid on @w and marks it ready, as the editor does. */
static void
edit_name (Workstation *w,
           const char  *uuid,
           const char  *name)
{
  g_autoptr(JgStore) store = open_store (w);
  g_autoptr(GError) error = NULL;
  g_autoptr(JgRecord) record = jg_record_store_load (store, uuid, &error);

  g_assert_no_error (error);
  jg_record_set (record, "name", name);
  jg_test_save_ready (store, record);
}

static char *
uuid_of (Workstation *w,
         const char  *number)
{
  g_autoptr(JgStore) store = open_store (w);

  return jg_test_query_text (store, "SELECT uuid FROM record WHERE number = ?1", number);
}

static char *
field_of (Workstation *w,
          const char  *uuid,
          const char  *what)
{
  g_autoptr(JgStore) store = open_store (w);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM record WHERE uuid = ?1", what);

  return jg_test_query_text (store, sql, uuid);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  const char *demo[] = { "--demo", NULL };

  jg_test_isolate_xdg ();
  f->server_dir = jg_test_make_tmpdir ("restore-server");
  f->server = jg_test_server_start (f->server_dir, demo);
  add_account (f, "rc-second");
  add_account (f, "rc-third");
  f->a.username = "rc-admin";
  f->b.username = "rc-second";
  f->c.username = "rc-third";
}

static void
clear_workstation (Workstation *w)
{
  g_free (w->db_path);
  g_free (w->token);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  jg_test_server_stop (f->server);
  g_free (f->server_dir);
  clear_workstation (&f->a);
  clear_workstation (&f->b);
  clear_workstation (&f->c);
}

/* --- tests ---------------------------------------------------------------- */

/* Before its first sign-in a workstation has no code: its numbers say
 * that they are provisional. */
static void
test_provisional_number (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jg_test_make_tmpdir ("signed-out");
  g_autofree char *path = g_build_filename (dir, "records.db", NULL);
  g_autoptr(JgStore) store = jg_store_open (path, &error);
  g_autofree char *number = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expected = g_strdup_printf ("JC-%d-TMP-0001", g_date_time_get_year (now));

  g_assert_no_error (error);
  g_assert_true (jg_record_store_set_department (store, RC_DEPARTMENT, &error));
  number = jg_record_store_suggest_number (store, JG_RECORD_INSPECTION, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, expected);
  g_assert_true (jg_record_store_number_is_provisional (number));
  g_assert_false (jg_record_store_number_is_provisional ("JC-2026-W01-0001"));
  g_assert_false (jg_record_store_number_is_provisional ("JC-2026-0001"));
}

static void
test_two_workstations (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) numbers_a = NULL;
  g_autoptr(GPtrArray) numbers_b = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *prefix_a = g_strdup_printf ("JC-%d-W01-", g_date_time_get_year (now));
  g_autofree char *prefix_b = g_strdup_printf ("JC-%d-W02-", g_date_time_get_year (now));
  g_autofree char *snap_a = NULL, *snap_b = NULL, *snap_c = NULL;
  g_autofree char *edited = NULL, *conflicted = NULL, *deleted = NULL, *text = NULL;
  JgOutboxResult result;

  /* Signing in registers each workstation: its own code. */
  sign_in (f, &f->a);
  sign_in (f, &f->b);
  {
    g_autoptr(JgStore) a = open_store (&f->a);
    g_autoptr(JgStore) b = open_store (&f->b);
    g_autofree char *code_a = jg_record_store_get_workstation (a);
    g_autofree char *code_b = jg_record_store_get_workstation (b);

    g_assert_cmpstr (code_a, ==, "W01");
    g_assert_cmpstr (code_b, ==, "W02");
  }

  /* Both write offline: their numbers differ although neither knows the
   * other's. */
  numbers_a = write_offline (&f->a, RECORDS_EACH);
  numbers_b = write_offline (&f->b, RECORDS_EACH);
  for (guint i = 0; i < RECORDS_EACH; i++)
    {
      g_assert_true (g_str_has_prefix (numbers_a->pdata[i], prefix_a));
      g_assert_true (g_str_has_prefix (numbers_b->pdata[i], prefix_b));
    }

  /* Then they sync: everything is accepted, nothing collides. */
  result = sync_records (f, &f->a);
  g_assert_cmpuint (result.accepted, ==, RECORDS_EACH);
  result = sync_records (f, &f->b);
  g_assert_cmpuint (result.accepted, ==, RECORDS_EACH);
  g_assert_cmpuint (result.rejected, ==, 0);
  g_assert_cmpuint (result.restored, ==, RECORDS_EACH);   /* a's records */
  result = sync_records (f, &f->a);
  g_assert_cmpuint (result.restored, ==, RECORDS_EACH);   /* b's records */
  g_assert_cmpint (server_int (f, "SELECT count(DISTINCT number) FROM record"), ==, 2 * RECORDS_EACH);

  /* Both have every record of the department, with the same content. */
  snap_a = snapshot (&f->a);
  snap_b = snapshot (&f->b);
  g_assert_true (g_str_has_prefix (snap_a, "6:"));
  g_assert_cmpstr (snap_a, ==, snap_b);

  /* An edit on b of a record a wrote shows on a. */
  edited = uuid_of (&f->b, numbers_a->pdata[0]);
  edit_name (&f->b, edited, "食品生产专项检查");
  result = sync_records (f, &f->b);
  g_assert_cmpuint (result.accepted, ==, 1);
  result = sync_records (f, &f->a);
  g_assert_cmpuint (result.restored, ==, 1);
  text = field_of (&f->a, edited, "name || ' ' || revision || ' ' || state");
  g_assert_cmpstr (text, ==, "食品生产专项检查 2 accepted");
  g_assert_true (history_has (&f->a, edited, "server-update"));

  /* Both edit one record: b sends first. a's edit is not lost: it is kept,
   * its history says so, and it goes out as the next revision. */
  conflicted = uuid_of (&f->a, numbers_b->pdata[1]);
  edit_name (&f->a, conflicted, "甲工作站的修改");
  edit_name (&f->b, conflicted, "乙工作站的修改");
  result = sync_records (f, &f->b);
  g_assert_cmpuint (result.accepted, ==, 1);
  result = sync_records (f, &f->a);
  g_assert_cmpuint (result.rejected, ==, 1);       /* b's revision 2 is held */
  g_assert_cmpuint (result.kept_local, ==, 1);
  g_assert_true (history_has (&f->a, conflicted, "kept-local"));
  g_clear_pointer (&text, g_free);
  text = field_of (&f->a, conflicted, "name || ' ' || revision || ' ' || state");
  g_assert_cmpstr (text, ==, "甲工作站的修改 3 ready");
  result = sync_records (f, &f->a);
  g_assert_cmpuint (result.accepted, ==, 1);

  /* A deletion on a removes b's copy. */
  deleted = uuid_of (&f->a, numbers_a->pdata[2]);
  {
    g_autoptr(JgStore) store = open_store (&f->a);
    g_autoptr(GError) error = NULL;

    jg_record_store_delete (store, deleted, NULL, &error);
    g_assert_no_error (error);
  }
  sync_records (f, &f->a);
  result = sync_records (f, &f->b);
  g_assert_cmpuint (result.restored, ==, 1);       /* a's edit of the conflicted record */
  g_assert_cmpuint (result.removed, ==, 1);
  g_clear_pointer (&text, g_free);
  text = field_of (&f->b, conflicted, "name || ' ' || revision || ' ' || state");
  g_assert_cmpstr (text, ==, "甲工作站的修改 3 accepted");

  g_clear_pointer (&snap_a, g_free);
  g_clear_pointer (&snap_b, g_free);
  snap_a = snapshot (&f->a);
  snap_b = snapshot (&f->b);
  g_assert_true (g_str_has_prefix (snap_a, "5:"));
  g_assert_cmpstr (snap_a, ==, snap_b);

  /* A fresh third workstation restores everything on its first sync
   * after signing in, and numbers on from its own code. */
  sign_in (f, &f->c);
  result = sync_records (f, &f->c);
  g_assert_cmpuint (result.restored, ==, 5);
  snap_c = snapshot (&f->c);
  g_assert_cmpstr (snap_c, ==, snap_a);
  g_assert_true (history_has (&f->c, edited, "server-copy"));
  {
    g_autoptr(JgStore) store = open_store (&f->c);
    g_autoptr(GError) error = NULL;
    g_autofree char *number = jg_record_store_suggest_number (store, JG_RECORD_INSPECTION, &error);
    g_autofree char *expected = g_strdup_printf ("JC-%d-W03-0001", g_date_time_get_year (now));

    g_assert_no_error (error);
    g_assert_cmpstr (number, ==, expected);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  jg_test_isolate_xdg ();
  g_test_add_func ("/restore/provisional-number", test_provisional_number);
  g_test_add ("/restore/two-workstations", Fixture, NULL, set_up, test_two_workstations, tear_down);

  return g_test_run ();
}
