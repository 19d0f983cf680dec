/* test-changes-parser.c — the streaming reader of feed pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "jg-changes-parser.h"

typedef struct {
  GPtrArray *seen;   /* "seq type op key name=value…" per change */
  guint      stop_after;
} Collect;

static gboolean
collect (const JgChange  *change,
         gpointer         user_data,
         GError         **error)
{
  Collect *c = user_data;
  JgValueKind kind;
  const char *name = jg_change_get_field (change, "name", &kind);
  const char *flag = jg_change_get_field (change, "random_check", NULL);

  if (c->stop_after && c->seen->len == c->stop_after)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "stop");
      return FALSE;
    }

  g_ptr_array_add (c->seen, g_strdup_printf ("%" G_GINT64_FORMAT " %s %s %s name=%s(%d) flag=%s data=%d",
                                             jg_change_get_seq (change),
                                             jg_change_get_type (change),
                                             jg_change_get_op (change),
                                             jg_change_get_key (change),
                                             name ? name : "-", kind,
                                             flag ? flag : "-",
                                             jg_change_has_data (change)));
  return TRUE;
}

static const char *good_page =
  "{\"feed\":\"catalogue\",\"since\":0,\"cursor\":7,\"latest\":9,\"more\":true,"
  " \"changes\":["
  "  {\"seq\":3,\"type\":\"subitem\",\"op\":\"put\",\"key\":\"44520001001001\","
  "   \"data\":{\"code\":\"44520001001001\",\"name\":\"对食品生产者的监督检查\\n\\u4e00\","
  "            \"nested\":{\"a\":[1,2,{\"name\":\"inner\"}]},\"cancel_date\":null}},"
  "  {\"data\":{\"name\":\"先有数据\",\"random_check\":true},\"key\":\"X\",\"op\":\"put\","
  "   \"type\":\"implementation\",\"seq\":5,\"extra\":[1,{\"b\":2}]},"
  "  {\"seq\":7,\"type\":\"subitem\",\"op\":\"delete\",\"key\":\"44520001001002\"}"
  " ],\"unknown\":{\"x\":[]}}";

static void
test_good_page (void)
{
  Collect c = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GError) error = NULL;
  JgChangesPage page;

  g_assert_true (jg_changes_parse (good_page, strlen (good_page), &page, collect, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (page.feed, ==, "catalogue");
  g_assert_cmpint (page.since, ==, 0);
  g_assert_cmpint (page.cursor, ==, 7);
  g_assert_cmpint (page.latest, ==, 9);
  g_assert_cmpint (page.remaining, ==, -1);
  g_assert_true (page.more);
  g_assert_true (page.has_changes);
  g_assert_cmpuint (page.n_changes, ==, 3);

  g_assert_cmpuint (c.seen->len, ==, 3);
  /* Escapes decoded, nested values skipped, member order free. */
  g_assert_cmpstr (c.seen->pdata[0], ==,
                   "3 subitem put 44520001001001 name=对食品生产者的监督检查\n一(2) flag=- data=1");
  g_assert_cmpstr (c.seen->pdata[1], ==, "5 implementation put X name=先有数据(2) flag=1 data=1");
  g_assert_cmpstr (c.seen->pdata[2], ==, "7 subitem delete 44520001001002 name=-(0) flag=- data=0");

  jg_changes_page_clear (&page);
  g_ptr_array_unref (c.seen);
}

static void
expect_invalid (const char *json)
{
  Collect c = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GError) error = NULL;
  JgChangesPage page;

  g_assert_false (jg_changes_parse (json, strlen (json), &page, collect, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, !=, "");
  jg_changes_page_clear (&page);
  g_ptr_array_unref (c.seen);
}

static gboolean
collect_data (const JgChange  *change,
              gpointer         user_data,
              GError         **error)
{
  GPtrArray *seen = user_data;
  gsize length;
  const char *data = jg_change_get_data_json (change, &length);

  g_ptr_array_add (seen, data ? g_strndup (data, length) : g_strdup ("-"));
  return TRUE;
}

/* The record-state feed reads "data" (with its nested reasons) as JSON: the
 * span is the object exactly as the server wrote it. */
static void
test_data_json (void)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  JgChangesPage page;

  g_assert_true (jg_changes_parse (good_page, strlen (good_page), &page, collect_data, seen, &error));
  g_assert_no_error (error);
  jg_changes_page_clear (&page);
  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpstr (seen->pdata[0], ==,
                   "{\"code\":\"44520001001001\",\"name\":\"对食品生产者的监督检查\\n\\u4e00\","
                   "            \"nested\":{\"a\":[1,2,{\"name\":\"inner\"}]},\"cancel_date\":null}");
  g_assert_cmpstr (seen->pdata[1], ==, "{\"name\":\"先有数据\",\"random_check\":true}");
  g_assert_cmpstr (seen->pdata[2], ==, "-");
}

static void
test_invalid_shapes (void)
{
  expect_invalid ("");
  expect_invalid ("   ");
  expect_invalid ("null");
  expect_invalid ("[]");
  expect_invalid ("42");
  expect_invalid ("\"text\"");
  expect_invalid ("<html><body>Proxy error</body></html>");
  expect_invalid ("{\"changes\":{}}");
  expect_invalid ("{\"changes\":[1]}");
  expect_invalid ("{\"changes\":[[]]}");
  expect_invalid ("{\"changes\":[{\"seq\":\"1\"}]}");
  expect_invalid ("{\"changes\":[{\"seq\":1.5}]}");
  expect_invalid ("{\"changes\":[{\"type\":5}]}");
  expect_invalid ("{\"changes\":[{\"data\":[1]}]}");
  expect_invalid ("{\"changes\":[{\"data\":\"x\"}]}");
  expect_invalid ("{\"feed\":1}");
  expect_invalid ("{\"more\":\"yes\"}");
  expect_invalid ("{\"since\":\"0\"}");
  expect_invalid ("{\"cursor\":99999999999999999999999}");
  expect_invalid ("{\"feed\":\"catalogue\"} trailing");
  expect_invalid ("{\"feed\":\"\xff\xfe\"}");  /* not UTF-8 */
}

/* A page cut at any byte is refused cleanly: never a crash, never success. */
static void
test_every_truncation (void)
{
  gsize len = strlen (good_page);

  for (gsize cut = 0; cut < len; cut++)
    {
      Collect c = { g_ptr_array_new_with_free_func (g_free), 0 };
      g_autoptr(GError) error = NULL;
      JgChangesPage page;

      g_assert_false (jg_changes_parse (good_page, cut, &page, collect, &c, &error));
      g_assert_nonnull (error);
      jg_changes_page_clear (&page);
      g_ptr_array_unref (c.seen);
    }
}

static void
test_callback_stops (void)
{
  Collect c = { g_ptr_array_new_with_free_func (g_free), 1 };
  g_autoptr(GError) error = NULL;
  JgChangesPage page;

  g_assert_false (jg_changes_parse (good_page, strlen (good_page), &page, collect, &c, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_cmpuint (c.seen->len, ==, 1);
  jg_changes_page_clear (&page);
  g_ptr_array_unref (c.seen);
}

static void
test_deep_nesting (void)
{
  GString *json = g_string_new ("{\"x\":");
  Collect c = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GError) error = NULL;
  JgChangesPage page;

  for (int i = 0; i < 5000; i++)
    g_string_append_c (json, '[');
  for (int i = 0; i < 5000; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');

  g_assert_false (jg_changes_parse (json->str, json->len, &page, collect, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  jg_changes_page_clear (&page);
  g_ptr_array_unref (c.seen);
  g_string_free (json, TRUE);
}

static void
test_peek (void)
{
  const char *header_first = "{\"feed\":\"catalogue\",\"since\":0,\"cursor\":2000,\"latest\":9000,"
                             "\"more\":true,\"changes\":[{\"seq\":1}";
  const char *changes_first = "{\"changes\":[],\"cursor\":5,\"more\":false}";
  const char *nested = "{\"x\":{\"cursor\":1,\"more\":true},\"cursor\":7,\"more\":false}";
  gint64 cursor = 0;
  gboolean more = FALSE;

  /* Ours puts the cursor first: the next page can be asked for at once. */
  g_assert_true (jg_changes_peek (header_first, strlen (header_first), &cursor, &more));
  g_assert_cmpint (cursor, ==, 2000);
  g_assert_true (more);

  /* Another order: no guess, the caller waits for the full parse. */
  g_assert_false (jg_changes_peek (changes_first, strlen (changes_first), &cursor, &more));

  /* Only the page's own members count. */
  g_assert_true (jg_changes_peek (nested, strlen (nested), &cursor, &more));
  g_assert_cmpint (cursor, ==, 7);
  g_assert_false (more);

  g_assert_false (jg_changes_peek (header_first, 20, &cursor, &more));
  g_assert_false (jg_changes_peek ("", 0, &cursor, &more));
  g_assert_false (jg_changes_peek ("garbage", 7, &cursor, &more));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/changes-parser/good-page", test_good_page);
  g_test_add_func ("/changes-parser/data-json", test_data_json);
  g_test_add_func ("/changes-parser/invalid-shapes", test_invalid_shapes);
  g_test_add_func ("/changes-parser/every-truncation", test_every_truncation);
  g_test_add_func ("/changes-parser/callback-stops", test_callback_stops);
  g_test_add_func ("/changes-parser/deep-nesting", test_deep_nesting);
  g_test_add_func ("/changes-parser/peek", test_peek);

  return g_test_run ();
}
