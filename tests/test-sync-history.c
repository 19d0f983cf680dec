/* test-sync-history.c — the sync history is read in the reader's language
 *
 * A run logged under zh_CN reads in English under C and the other way
 * round: its summary from the template and arguments it was made of, a
 * failure as written to a reader of the same language and by a sentence
 * of its error in the reader's otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "jg-catalogue-sync.h"
#include "jg-sync-history.h"
#include "jg-test-util.h"

#define SENT N_("Sent %u records: %u accepted, %u rejected; %u states updated.")
#define SENT_C "Sent 3 records: 2 accepted, 1 rejected; 4 states updated."
#define BUSY_C "The server was busy. Nothing was lost."
#define WRITTEN_C "The server is busy (HTTP 503). Your records stay queued."

static JgStore *
open_store (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("sync-history");
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* A records run that sent 3 and a catalogue run the server was too busy
 * for, its sentence @busy_sentence (in the writer's language). */
static void
log_runs (JgStore    *store,
          const char *busy_sentence)
{
  const char *args[] = { "3", "2", "1", "4", NULL };
  g_autoptr(GError) busy = g_error_new_literal (JG_SYNC_ERROR, JG_SYNC_ERROR_BUSY, busy_sentence);
  gint64 run;

  run = jg_sync_history_begin (store, "records");
  jg_sync_history_end_template (store, run, TRUE, 7, SENT, args);
  run = jg_sync_history_begin (store, "catalogue");
  jg_sync_history_end_error (store, run, 0, busy);
}

/* The messages of the last two runs: [0] the catalogue's, [1] the records'. */
static GPtrArray *
read_runs (JgStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *runs = jg_sync_history_list_runs (store, 2, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  return runs;
}

static void
test_written_in_chinese_read_in_english (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) runs = NULL;
  char *saved = jg_test_use_chinese ();
  g_autofree char *written = NULL;
  JgSyncRun *catalogue, *records;

  if (saved == NULL)
    return;
  /* What the Chinese UI shows for the busy error. */
  written = g_strdup (_("The server is busy (HTTP %u). Your records stay queued and are sent "
                        "when it is ready."));
  log_runs (store, written);
  jg_test_restore_locale (saved);

  runs = read_runs (store);
  catalogue = g_ptr_array_index (runs, 0);
  records = g_ptr_array_index (runs, 1);
  g_assert_cmpstr (records->message, ==, SENT_C);
  g_assert_false (catalogue->ok);
  g_assert_cmpstr (catalogue->message, ==, BUSY_C);
}

static void
test_written_in_english_read_in_chinese (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *busy_zh = NULL;
  JgSyncRun *catalogue, *records;
  char *saved;

  log_runs (store, WRITTEN_C);

  saved = jg_test_use_chinese ();
  if (saved == NULL)
    return;
  runs = read_runs (store);
  busy_zh = g_strdup (_(BUSY_C));
  jg_test_restore_locale (saved);

  catalogue = g_ptr_array_index (runs, 0);
  records = g_ptr_array_index (runs, 1);
  g_assert_nonnull (strstr (records->message, "3"));
  g_assert_null (strstr (records->message, "Sent"));
  g_assert_nonnull (strstr (records->message, "已报送"));
  g_assert_cmpstr (catalogue->message, !=, WRITTEN_C);
  g_assert_cmpstr (catalogue->message, ==, busy_zh);
}

/* Read in the language it was written in, a failure keeps its details. */
static void
test_same_language_keeps_the_sentence (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *message = NULL;
  gint64 finished;
  gboolean ok;

  log_runs (store, WRITTEN_C);
  runs = read_runs (store);
  g_assert_cmpstr (((JgSyncRun *) g_ptr_array_index (runs, 0))->message, ==, WRITTEN_C);

  g_assert_true (jg_sync_history_get_last (store, "records", &finished, &ok, &message));
  g_assert_true (ok);
  g_assert_cmpstr (message, ==, SENT_C);
}

/* A sentence logged as such (a run of an earlier version) reads as it is. */
static void
test_plain_sentence (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GPtrArray) runs = NULL;
  gint64 run = jg_sync_history_begin (store, "catalogue");
  g_autoptr(GError) error = NULL;

  jg_sync_history_end (store, run, TRUE, 4, "Downloaded 4 changes.");
  runs = jg_sync_history_list_runs (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((JgSyncRun *) g_ptr_array_index (runs, 0))->message, ==, "Downloaded 4 changes.");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-history/zh-written-read-in-english", test_written_in_chinese_read_in_english);
  g_test_add_func ("/sync-history/english-written-read-in-zh", test_written_in_english_read_in_chinese);
  g_test_add_func ("/sync-history/same-language", test_same_language_keeps_the_sentence);
  g_test_add_func ("/sync-history/plain-sentence", test_plain_sentence);

  return g_test_run ();
}
