/* test-record-move.c — drafts written before the first sign-in are not lost
 *
 * The story: before signing in, a user writes drafts on a fresh profile
 * (the server's signed-out store): two for their own department, one whose
 * number they typed themselves, one for another department, and one
 * marked ready. They sign in; the account's store already holds a record.
 * The drafts of their department move into the account (history kept, the
 * move recorded, the app's suggested number replaced by a fresh one of the
 * account, the typed one kept); the other department's draft waits until
 * the user says to move it. A crash between the two transactions, run
 * again, loses nothing and doubles nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-record-move.h"
#include "jg-record-store.h"
#include "jg-test-util.h"

#define OURS "D1"
#define THEIRS "D2"

typedef struct {
  char *dir;
  char *from_path;
  char *to_path;
  JgStore *from;
  JgStore *to;
} Fixture;

static JgStore *
open_at (const char *path,
         const char *department)
{
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (jg_record_store_set_department (store, department, &error));
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = jg_test_make_tmpdir ("record-move");
  f->from_path = g_build_filename (f->dir, "signed-out.db", NULL);
  f->to_path = g_build_filename (f->dir, "account.db", NULL);
  f->from = open_at (f->from_path, OURS);
  f->to = open_at (f->to_path, OURS);
  jg_record_store_set_actor (NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  jg_record_store_set_actor (NULL);
  g_clear_object (&f->from);
  g_clear_object (&f->to);
  g_free (f->from_path);
  g_free (f->to_path);
  g_free (f->dir);
}

/* A draft as the user leaves it: created by Ctrl+N, then typed into. */
static char *
write_draft (JgStore    *store,
             const char *name,
             const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgRecord) record = jg_record_store_create_blank (store, JG_RECORD_INSPECTION, &error);

  g_assert_no_error (error);
  jg_record_set (record, "name", name);
  if (number != NULL)
    jg_record_set (record, jg_record_kind_number_key (JG_RECORD_INSPECTION), number);
  g_assert_true (jg_record_store_save (store, record, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (jg_record_get_uuid (record));
}

/* The text of one column of one row, freed at the end of the test (the
 * asserts compare it in place). */
static const char *
field (JgStore    *store,
       const char *sql,
       const char *uuid)
{
  char *text = jg_test_query_text (store, sql, uuid);

  g_test_queue_free (text);
  return text;
}

static guint
n_records (JgStore *store)
{
  g_autofree char *n = jg_test_query_text (store, "SELECT count(*) FROM record", NULL);

  return (guint) g_ascii_strtoull (n, NULL, 10);
}

static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *suggested = NULL, *typed = NULL, *theirs = NULL, *ready = NULL;
  g_autofree char *existing = NULL;
  const char *number, *text;
  g_autoptr(GPtrArray) audit = NULL;
  JgAuditEntry *last;
  guint moved = 99, same = 0, other = 0;

  /* Signed out: two drafts of our department, one ready record. */
  suggested = write_draft (f->from, "日常检查", NULL);
  typed = write_draft (f->from, "专项检查", "MY-1");
  ready = write_draft (f->from, "已完成检查", NULL);
  jg_store_exec (f->from, "UPDATE record SET state = 'ready' WHERE name = '已完成检查'", &error);
  g_assert_no_error (error);
  /* ... and one chosen for another department. */
  g_assert_true (jg_record_store_set_department (f->from, THEIRS, &error));
  theirs = write_draft (f->from, "他部门检查", NULL);
  g_assert_true (jg_record_store_set_department (f->from, OURS, &error));

  /* The account already numbered one record as the signed-out store did. */
  existing = write_draft (f->to, "账户已有", NULL);
  g_assert_cmpstr (field (f->to, "SELECT number FROM record WHERE uuid = ?", existing), ==,
                   field (f->from, "SELECT number FROM record WHERE uuid = ?", suggested));

  g_assert_true (jg_record_store_count_drafts_to_move (f->from, OURS, &same, &other, &error));
  g_assert_cmpuint (same, ==, 2);
  g_assert_cmpuint (other, ==, 1);

  /* Signed in as rc-admin: our department's drafts move. */
  jg_record_store_set_actor ("rc-admin");
  g_assert_true (jg_record_store_move_drafts (f->from, f->to, JG_RECORD_MOVE_SAME_DEPARTMENT,
                                              &moved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, 2);
  g_assert_cmpuint (n_records (f->to), ==, 3);
  g_assert_cmpuint (n_records (f->from), ==, 2);
  g_assert_null (field (f->from, "SELECT uuid FROM record WHERE uuid = ?", suggested));
  g_assert_null (field (f->from, "SELECT uuid FROM audit WHERE uuid = ?", suggested));
  text = field (f->to, "SELECT state || ' ' || name FROM record WHERE uuid = ?", suggested);
  g_assert_cmpstr (text, ==, "draft 日常检查");

  /* The suggested number is the account's next; the typed one stays. */
  number = field (f->to, "SELECT number FROM record WHERE uuid = ?", suggested);
  g_assert_cmpstr (number, !=, field (f->to, "SELECT number FROM record WHERE uuid = ?", existing));
  g_assert_true (g_str_has_suffix (number, "0002"));
  g_assert_cmpstr (field (f->to, "SELECT number FROM record WHERE uuid = ?", typed), ==, "MY-1");

  /* The history came along, and says the draft was moved, by whom. */
  audit = jg_record_store_audit (f->to, suggested, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 3);
  g_assert_cmpstr (((JgAuditEntry *) g_ptr_array_index (audit, 0))->action, ==, "create");
  g_assert_null (((JgAuditEntry *) g_ptr_array_index (audit, 0))->account);
  g_assert_cmpstr (((JgAuditEntry *) g_ptr_array_index (audit, 1))->action, ==, "edit");
  last = g_ptr_array_index (audit, 2);
  g_assert_cmpstr (last->action, ==, "move");
  g_assert_cmpstr (last->account, ==, "rc-admin");
  g_assert_cmpstr (last->detail, ==, jg_record_kind_number_key (JG_RECORD_INSPECTION));

  /* The other department's draft and the ready record stayed. */
  g_assert_nonnull (field (f->from, "SELECT uuid FROM record WHERE uuid = ?", theirs));
  g_assert_nonnull (field (f->from, "SELECT uuid FROM record WHERE uuid = ?", ready));
  g_assert_true (jg_record_store_count_drafts_to_move (f->from, OURS, &same, &other, &error));
  g_assert_cmpuint (same, ==, 0);
  g_assert_cmpuint (other, ==, 1);

  /* The user says to move it: it takes the account's department. */
  g_assert_true (jg_record_store_move_drafts (f->from, f->to, JG_RECORD_MOVE_OTHER_DEPARTMENTS,
                                              &moved, &error));
  g_assert_cmpuint (moved, ==, 1);
  g_assert_cmpstr (field (f->to, "SELECT department FROM record WHERE uuid = ?", theirs), ==, OURS);
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = jg_record_store_audit (f->to, theirs, &error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->action, ==, "move");
  g_assert_true (g_str_has_prefix (last->detail, "department"));
  g_assert_cmpuint (n_records (f->from), ==, 1);
}

/* The copy into the account committed, then the app died before the
 * signed-out store dropped the drafts: running again finishes the move. */
static void
test_crash_between (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  const char *audit_before;
  g_autoptr(GFile) src = g_file_new_for_path (f->from_path);
  g_autoptr(GFile) dst = g_file_new_for_path (backup);
  guint moved = 0;

  uuid = write_draft (f->from, "日常检查", NULL);
  g_clear_object (&f->from);
  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));

  f->from = open_at (f->from_path, OURS);
  g_assert_true (jg_record_store_move_drafts (f->from, f->to, JG_RECORD_MOVE_SAME_DEPARTMENT,
                                              &moved, &error));
  g_assert_cmpuint (moved, ==, 1);
  audit_before = field (f->to, "SELECT count(*) FROM audit WHERE uuid = ?", uuid);

  /* As if the second transaction had never happened. */
  g_clear_object (&f->from);
  g_assert_true (g_file_copy (dst, src, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  f->from = open_at (f->from_path, OURS);
  g_assert_cmpuint (n_records (f->from), ==, 1);

  g_assert_true (jg_record_store_move_drafts (f->from, f->to, JG_RECORD_MOVE_SAME_DEPARTMENT,
                                              &moved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, 0);
  g_assert_cmpuint (n_records (f->to), ==, 1);
  g_assert_cmpuint (n_records (f->from), ==, 0);
  g_assert_cmpstr (field (f->to, "SELECT count(*) FROM audit WHERE uuid = ?", uuid), ==, audit_before);

  /* And once more, with nothing left: nothing happens. */
  g_assert_true (jg_record_store_move_drafts (f->from, f->to, JG_RECORD_MOVE_SAME_DEPARTMENT,
                                              &moved, &error));
  g_assert_cmpuint (moved, ==, 0);
  g_assert_cmpuint (n_records (f->to), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  jg_test_isolate_xdg ();

  g_test_add ("/record-move/drafts", Fixture, NULL, fixture_set_up, test_move, fixture_tear_down);
  g_test_add ("/record-move/crash-between", Fixture, NULL, fixture_set_up, test_crash_between,
              fixture_tear_down);

  return g_test_run ();
}
