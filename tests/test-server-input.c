/* test-server-input.c — what the server refuses of a JSON body before
 * json-glib reads it, and how it escapes what it logs
 * (src/server/jg-server-json-check.c, jg-server-log.c; PROTOCOL.md,
 * "Limits"). tests/server/test-server-input.py checks the same through
 * HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "jg-server-json-check.h"
#include "jg-server-log.h"

/* The refusal of @body, or NULL if it may go to json-glib. */
static char *
refusal (const char *body)
{
  char *why = NULL;
  gboolean ok = jg_server_json_check (body, strlen (body), &why);

  g_assert_true (ok == (why == NULL));
  return why;
}

static char *
nested (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, i % 2 ? "[" : "{\"a\":");
  for (guint i = depth; i-- > 0;)
    g_string_append (s, i % 2 ? "]" : "}");
  return g_string_free (s, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *deepest = nested (JG_SERVER_MAX_JSON_DEPTH);
  g_autofree char *deeper = nested (JG_SERVER_MAX_JSON_DEPTH + 1);
  g_autofree char *probe = NULL;
  g_autofree char *why = NULL;
  GString *brackets = g_string_new (NULL);

  g_assert_null (refusal (deepest));
  why = refusal (deeper);
  g_assert_nonnull (why);
  g_assert_true (strstr (why, "deeper than 64") != NULL);

  /* The probe's body: 80,000 brackets, checked without recursion. */
  for (guint i = 0; i < 80000; i++)
    g_string_prepend_c (brackets, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (brackets, ']');
  probe = refusal (brackets->str);
  g_assert_nonnull (probe);
  g_string_free (brackets, TRUE);
}

static void
test_nul (void)
{
  g_autofree char *in_value = refusal ("{\"username\":\"rc-admin\\u0000junk\"}");
  g_autofree char *in_name = refusal ("{\"a\\u0000b\":1}");
  g_autofree char *escaped_backslash = refusal ("{\"a\":\"\\\\u0000\"}");

  g_assert_nonnull (in_value);
  g_assert_true (strstr (in_value, "u0000") != NULL);
  g_assert_nonnull (in_name);
  /* A backslash, then the text "u0000": no NUL. */
  g_assert_null (escaped_backslash);
}

static void
test_duplicates (void)
{
  g_autofree char *top = refusal ("{\"username\":\"a\",\"username\":\"b\"}");
  g_autofree char *inner = refusal ("{\"records\":[{\"x\":1,\"y\":{\"z\":1,\"z\":2}}]}");
  g_autofree char *escaped = refusal ("{\"ab\":1,\"a\\u0062\":2}");
  g_autofree char *siblings = refusal ("{\"a\":{\"x\":1},\"b\":{\"x\":1},\"c\":[{\"x\":1},{\"x\":2}]}");

  g_assert_nonnull (top);
  g_assert_true (strstr (top, "twice") != NULL);
  g_assert_nonnull (inner);
  /* The same name once escaped: the same member. */
  g_assert_nonnull (escaped);
  /* One name in different objects is fine. */
  g_assert_null (siblings);
}

static void
test_syntax (void)
{
  static const char *refused[] = {
    "{/* a comment */\"a\":1}", "{\"a\":1} x", "{\"a\":1,}", "{'a':1}", "{\"a\":\"\xff\"}",
    "{\"a\":1", "",
  };
  static const char *taken[] = {
    "{\"a\":123456789012345678901234567890,\"b\":-0.5e+300,\"c\":[true,false,null]}",
    " \r\n\t{\"a\":\"揭阳 😀\"} \n", "[]", "\"text\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *why = refusal (refused[i]);

      g_assert_nonnull (why);
    }
  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autofree char *why = refusal (taken[i]);

      g_assert_null (why);
    }
}

static void
test_log_escape (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "GET /api/v1/info", "GET /api/v1/info" },
    { "x\nFORBIDDEN user=a", "x\\nFORBIDDEN user=a" },
    { "a\r\tb\\c", "a\\r\\tb\\\\c" },
    { "\x1b[31mred\x7f", "\\x1b[31mred\\x7f" },
    { "揭阳市 😀", "揭阳市 😀" },
    { "bad \xff\xfe byte", "bad \\xff\\xfe byte" },
    { "C1 \xc2\x85 and \xe2\x80\xa8", "C1 \\xc2\\x85 and \\xe2\\x80\\xa8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = jg_server_log_escape (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_null (strchr (out, '\n'));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server-input/depth", test_depth);
  g_test_add_func ("/server-input/nul", test_nul);
  g_test_add_func ("/server-input/duplicates", test_duplicates);
  g_test_add_func ("/server-input/syntax", test_syntax);
  g_test_add_func ("/server-input/log-escape", test_log_escape);
  return g_test_run ();
}
