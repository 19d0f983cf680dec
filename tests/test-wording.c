/* test-wording.c — the wording check: hits, their places and the issues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "jg-validate.h"
#include "jg-wording.h"

static JgWordingList *
make_list (const char * const *entries)
{
  JgWordingList *list = jg_wording_list_new ();

  for (guint i = 0; entries[i]; i += 2)
    jg_wording_list_add (list, entries[i], entries[i + 1]);
  jg_wording_list_compile (list);
  return list;
}

/* The hits of @text as "wrong@start" joined by "|". */
static char *
describe (JgWordingList *list,
          const char    *text)
{
  g_autoptr(GArray) hits = jg_wording_list_scan (list, text);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      JgWordingHit *hit = &g_array_index (hits, JgWordingHit, i);
      const char *wrong = jg_wording_list_get_wrong (list, hit->entry);

      g_assert_cmpuint (hit->end - hit->start, ==, strlen (wrong));
      g_assert_cmpint (memcmp (text + hit->start, wrong, strlen (wrong)), ==, 0);
      g_string_append_printf (out, "%s%s@%" G_GSIZE_FORMAT, i ? "|" : "", wrong, hit->start);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_hits(list, text, expected) G_STMT_START { \
    g_autofree char *got_ = describe ((list), (text));   \
    g_assert_cmpstr (got_, ==, expected);                 \
  } G_STMT_END

static void
test_overlaps (void)
{
  static const char * const entries[] = {
    "工商行政管理局", "市场监督管理局",
    "国家工商行政管理总局", "国家市场监督管理总局",
    "工商局", "市场监督管理局",
    "ab", "x", "abcd", "x", "bc", "x", "cde", "x", "e", "x",
    NULL,
  };
  g_autoptr(JgWordingList) list = make_list (entries);

  g_assert_cmpuint (jg_wording_list_get_size (list), ==, 8);
  /* the longest at the leftmost start */
  assert_hits (list, "abcde", "abcd@0|e@4");
  assert_hits (list, "abce", "ab@0|e@3");
  assert_hits (list, "xbcde", "bc@1|e@4");
  assert_hits (list, "xbcdex", "bc@1|e@4");
  assert_hits (list, "cdcde", "cde@2");
  /* an entry containing another: the longer wins, the inner one is not reported */
  assert_hits (list, "原国家工商行政管理总局和工商局",
               "国家工商行政管理总局@3|工商局@36");
  assert_hits (list, "揭阳市工商行政管理局", "工商行政管理局@9");
  assert_hits (list, "", "");
  assert_hits (list, "无关文字", "");
}

static void
test_edges (void)
{
  static const char * const entries[] = {
    "既往不究", "既往不咎",
    "按步就班", "按部就班",
    NULL,
  };
  g_autoptr(JgWordingList) list = make_list (entries);

  assert_hits (list, "既往不究", "既往不究@0");
  assert_hits (list, "既往不究，按步就班", "既往不究@0|按步就班@15");
  assert_hits (list, "他们按步就班", "按步就班@6");
  assert_hits (list, "既往不究既往不究", "既往不究@0|既往不究@12");
  assert_hits (list, "既往不", "");
  assert_hits (list, "往不究", "");
}

/* Byte patterns that occur inside other characters must not hit there. */
static void
test_cjk_boundaries (void)
{
  /* "\xe5\x9b\xbe" is 图; a pattern of its last two bytes plus the next
   * character's first byte can only match across a character boundary. */
  static const char * const entries[] = {
    "\x9b\xbe\xe7", "never",   /* not valid UTF-8: refused below */
    NULL,
  };
  static const char * const valid[] = {
    "局", "x",
    "A", "y",
    NULL,
  };
  g_autoptr(JgWordingList) list = make_list (valid);

  if (g_test_undefined ())
    {
      g_autoptr(JgWordingList) bad = jg_wording_list_new ();
      g_test_expect_message ("Jianguan", G_LOG_LEVEL_CRITICAL, "*g_utf8_validate*");
      jg_wording_list_add (bad, entries[0], entries[1]);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (jg_wording_list_get_size (bad), ==, 0);
    }
  assert_hits (list, "工商局A局", "局@6|A@9|局@10");
  /* invalid text: a lead byte inside a broken sequence is not a boundary hit */
  assert_hits (list, "\xe5\xb1", "");
}

/* Random text against a naive scan (at each position the longest entry
 * that matches, then on after it): a small alphabet of ASCII and CJK, and
 * a wide one with many entries, whose nodes branch enough to get the
 * automaton's dense rows. */
static void
test_against_naive (void)
{
  static const char * const small[] = { "a", "b", "局", "工", "商", "\xc3\xa9", NULL };
  static const char * const wide[] = {
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
    "q", "r", "s", "t", "局", "工", "商", "管", "理", NULL,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);

  for (guint round = 0; round < 300; round++)
    {
      const char * const *alphabet = round % 2 ? wide : small;
      guint n_alphabet = g_strv_length ((char **) alphabet);
      g_autoptr(JgWordingList) list = jg_wording_list_new ();
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autofree char *got = NULL;
      guint n_entries = round % 2 ? g_rand_int_range (rand, 200, 800) : g_rand_int_range (rand, 1, 30);

      for (guint e = 0; e < n_entries; e++)
        {
          g_autoptr(GString) wrong = g_string_new (NULL);
          guint len = g_rand_int_range (rand, 1, round % 2 ? 4 : 5);
          for (guint c = 0; c < len; c++)
            g_string_append (wrong, alphabet[g_rand_int_range (rand, 0, n_alphabet)]);
          jg_wording_list_add (list, wrong->str, "s");
        }
      jg_wording_list_compile (list);
      for (guint c = 0, len = g_rand_int_range (rand, 0, 300); c < len; c++)
        g_string_append (text, alphabet[g_rand_int_range (rand, 0, n_alphabet)]);

      for (gsize at = 0; at < text->len; )
        {
          gsize best_len = 0;
          const char *best = NULL;

          for (guint e = 0; e < jg_wording_list_get_size (list); e++)
            {
              const char *wrong = jg_wording_list_get_wrong (list, e);
              gsize len = strlen (wrong);
              if (len > best_len && strncmp (text->str + at, wrong, len) == 0)
                best = wrong, best_len = len;
            }
          if (best != NULL)
            {
              g_string_append_printf (expected, "%s%s@%" G_GSIZE_FORMAT,
                                      expected->len ? "|" : "", best, at);
              at += best_len;
            }
          else
            at = g_utf8_next_char (text->str + at) - text->str;
        }
      got = describe (list, text->str);
      g_assert_cmpstr (got, ==, expected->str);
    }
}

static void
test_tsv_and_issues (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("JIANGUAN_DATA_DIR") ? g_getenv ("JIANGUAN_DATA_DIR") : ".",
                                            "wording", "serious-errors.tsv", NULL);
  g_autofree char *tsv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgWordingList) list = jg_wording_list_new ();
  g_autoptr(JgWordingList) broken = jg_wording_list_new ();
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  JgIssue *issue;

  g_assert_true (g_file_get_contents (path, &tsv, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (jg_wording_list_add_tsv (list, tsv, &error));
  g_assert_no_error (error);
  jg_wording_list_compile (list);
  g_assert_cmpuint (jg_wording_list_get_size (list), >=, 40);

  jg_wording_issues (list, "summary",
                     "近日，揭阳市工商行政管理局联合原国家质检总局派出机构开展检查，对违法行为既往不究。",
                     issues);
  g_assert_cmpuint (issues->len, ==, 3);
  issue = issues->pdata[0];
  g_assert_cmpstr (issue->field, ==, "summary");
  g_assert_cmpint (issue->severity, ==, JG_ISSUE_WARNING);
  g_assert_cmpstr (issue->message, ==,
                   "At “近日，揭阳市工商行政管理局联合原国家质…”: “工商行政管理局” should be “市场监督管理局”.");
  g_assert_cmpstr (issue->args[1], ==, "工商行政管理局");
  g_assert_cmpstr (issue->args[2], ==, "市场监督管理局");
  issue = issues->pdata[1];
  g_assert_cmpstr (issue->args[1], ==, "国家质检总局");
  issue = issues->pdata[2];
  g_assert_cmpstr (issue->args[2], ==, "既往不咎");
  g_assert_true (g_str_has_suffix (issue->args[0], "既往不究。"));   /* the text ends there */

  g_assert_false (jg_wording_list_add_tsv (broken, "好\t坏\n没有制表符\n", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Line 2"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wording/overlaps", test_overlaps);
  g_test_add_func ("/wording/edges", test_edges);
  g_test_add_func ("/wording/cjk-boundaries", test_cjk_boundaries);
  g_test_add_func ("/wording/against-naive", test_against_naive);
  g_test_add_func ("/wording/tsv-and-issues", test_tsv_and_issues);

  return g_test_run ();
}
