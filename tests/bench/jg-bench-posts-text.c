/* jg-bench-posts-text.c — `jianguan-bench posts-text`: the post text rules
 *
 *   jianguan-bench posts-text [--seed S] [--runs N]
 *
 * prints "name value unit" lines on stdout:
 *   - the wording check of a 20,000-character text against 5,000 entries,
 *     p50/p95 (goal ≤ 5 ms), beside one g_utf8_validate pass over the same
 *     text (the least any one-pass check must do) and their ratio;
 *   - the body of a 20,000-character post with 20 images: to_html and
 *     from_html, p50/p95, beside libxml2 parsing the same HTML alone;
 *   - the quota of one month for 50 departments × 2 columns from 10 years
 *     of publication times (goal ≤ 20 ms), and of every month of the 10
 *     years, beside a bare loop summing the same arrays.
 *
 * Everything is generated from the seed: no server, no database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libxml/HTMLparser.h>
#include <string.h>

#include "jg-bench.h"
#include "jg-bench-posts-text.h"
#include "jg-post-html.h"
#include "jg-quota.h"
#include "jg-wording.h"

#define TEXT_CHARS         20000
#define WORDING_ENTRIES    5000
#define BODY_IMAGES        20
#define PARAGRAPH_CHARS    200
#define DEPARTMENTS        50
#define YEARS              10
#define FIRST_YEAR         2017
#define POSTS_PER_MONTH_MAX 12
#define CJK_FIRST          0x4E00   /* the common block of CJK ideographs */
#define CJK_COUNT          3000     /* the most frequent part of it, roughly */

static void
append_cjk (GString *out,
            GRand   *rand,
            guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_unichar (out, CJK_FIRST + g_rand_int_range (rand, 0, CJK_COUNT));
}

/* Prints p50/p95 of @times as @prefix-p50 / -p95 and returns the p50. */
static double
emit_times (const char *prefix,
            GArray     *times)
{
  g_autofree char *p50 = g_strconcat (prefix, "-p50", NULL);
  g_autofree char *p95 = g_strconcat (prefix, "-p95", NULL);
  double median = percentile (times, 0.5);

  emit (p50, median, "ms");
  emit (p95, percentile (times, 0.95), "ms");
  return median;
}

static void
bench_wording (GRand *rand,
               guint  runs)
{
  g_autoptr(JgWordingList) list = jg_wording_list_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) scan_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ref_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  guint n_hits = 0;
  double scan, ref;

  for (guint i = 0; i < WORDING_ENTRIES; i++)
    {
      GString *wrong = g_string_new (NULL);
      append_cjk (wrong, rand, g_rand_int_range (rand, 2, 9));
      g_ptr_array_add (entries, g_string_free (wrong, FALSE));
      jg_wording_list_add (list, entries->pdata[i], "建议");
    }
  jg_wording_list_compile (list);

  /* Text with an entry every ~500 characters, as a careless draft might. */
  while (g_utf8_strlen (text->str, text->len) < TEXT_CHARS)
    {
      append_cjk (text, rand, 500);
      g_string_append (text, entries->pdata[g_rand_int_range (rand, 0, WORDING_ENTRIES)]);
      g_string_append (text, "，");
    }

  for (guint r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GArray) hits = jg_wording_list_scan (list, text->str);
      g_array_append_vals (scan_times, (double[]) { ms_since (start) }, 1);
      n_hits = hits->len;

      start = g_get_monotonic_time ();
      if (!g_utf8_validate (text->str, text->len, NULL))
        g_error ("generated text is not UTF-8");
      g_array_append_vals (ref_times, (double[]) { ms_since (start) }, 1);
    }
  emit ("posts-text-wording-entries", jg_wording_list_get_size (list), "entries");
  emit ("posts-text-wording-text", g_utf8_strlen (text->str, -1), "characters");
  emit ("posts-text-wording-hits", n_hits, "hits");
  scan = emit_times ("posts-text-wording", scan_times);
  ref = emit_times ("posts-text-wording-reference-utf8-validate", ref_times);
  emit ("posts-text-wording-ratio", ref > 0 ? scan / ref : 0, "x");
}

static char *
make_body (GRand *rand)
{
  g_autoptr(JgPostDoc) doc = jg_post_doc_new ();
  guint chars = 0, images = 0;

  while (chars < TEXT_CHARS)
    {
      JgPostBlockKind kind = g_rand_int_range (rand, 0, 10) < 7 ? JG_POST_BLOCK_PARAGRAPH
                             : g_rand_boolean (rand) ? JG_POST_BLOCK_BULLET_ITEM
                                                     : JG_POST_BLOCK_NUMBER_ITEM;
      JgPostBlock *block = jg_post_doc_append_block (doc, kind);
      g_autoptr(GString) run = g_string_new (NULL);

      append_cjk (run, rand, PARAGRAPH_CHARS / 2);
      jg_post_block_append_run (block, run->str, FALSE);
      g_string_truncate (run, 0);
      append_cjk (run, rand, PARAGRAPH_CHARS / 10);
      jg_post_block_append_run (block, run->str, TRUE);
      g_string_truncate (run, 0);
      append_cjk (run, rand, PARAGRAPH_CHARS * 4 / 10);
      jg_post_block_append_run (block, run->str, FALSE);
      chars += PARAGRAPH_CHARS;

      if (images < BODY_IMAGES && chars >= (images + 1) * (TEXT_CHARS / BODY_IMAGES))
        {
          JgPostBlock *image = jg_post_doc_append_block (doc, JG_POST_BLOCK_IMAGE);
          g_autoptr(GString) caption = g_string_new (NULL);

          image->image_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) &images, sizeof images);
          append_cjk (caption, rand, 12);
          image->image_caption = g_strdup (caption->str);
          g_string_truncate (caption, 0);
          append_cjk (caption, rand, 20);
          image->image_alt = g_strdup (caption->str);
          images++;
        }
    }
  return jg_post_doc_to_html (doc);
}

static void
bench_html (GRand *rand,
            guint  runs)
{
  g_autofree char *html = make_body (rand);
  g_autoptr(GArray) to_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) from_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parse_times = g_array_new (FALSE, FALSE, sizeof (double));
  double from, parse;

  for (guint r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (html, NULL);
      g_autofree char *again = NULL;
      htmlDocPtr tree;

      g_array_append_vals (from_times, (double[]) { ms_since (start) }, 1);

      start = g_get_monotonic_time ();
      again = jg_post_doc_to_html (doc);
      g_array_append_vals (to_times, (double[]) { ms_since (start) }, 1);
      if (strcmp (again, html) != 0)
        g_error ("the generated body is not canonical");

      start = g_get_monotonic_time ();
      tree = htmlReadMemory (html, (int) strlen (html), NULL, "UTF-8",
                             HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
      xmlFreeDoc (tree);
      g_array_append_vals (parse_times, (double[]) { ms_since (start) }, 1);
    }
  emit ("posts-text-html-body", g_utf8_strlen (html, -1), "characters");
  emit_times ("posts-text-html-to-html", to_times);
  from = emit_times ("posts-text-html-from-html", from_times);
  parse = emit_times ("posts-text-html-reference-libxml2-parse", parse_times);
  emit ("posts-text-html-from-html-ratio", parse > 0 ? from / parse : 0, "x");
}

static void
bench_quota (GRand *rand,
             guint  runs)
{
  GArray *published[DEPARTMENTS][JG_QUOTA_N_COLUMNS];
  g_autoptr(GArray) month_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ref_times = g_array_new (FALSE, FALSE, sizeof (double));
  gsize total = 0;
  guint met = 0;
  double month, ref;
  gint64 sum = 0;

  for (guint d = 0; d < DEPARTMENTS; d++)
    for (guint c = 0; c < JG_QUOTA_N_COLUMNS; c++)
      {
        published[d][c] = g_array_new (FALSE, FALSE, sizeof (gint64));
        for (guint y = 0; y < YEARS; y++)
          for (guint m = 1; m <= 12; m++)
            {
              gint64 start, end;
              guint n = g_rand_int_range (rand, 0, POSTS_PER_MONTH_MAX / (c + 1));

              jg_quota_month_bounds (FIRST_YEAR + y, m, &start, &end);
              for (guint i = 0; i < n; i++)
                {
                  gint64 when = start + g_rand_int_range (rand, 0, (gint32) (end - start));
                  g_array_append_val (published[d][c], when);
                }
            }
        total += published[d][c]->len;
      }

  for (guint r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();

      met = 0;
      for (guint d = 0; d < DEPARTMENTS; d++)
        for (guint c = 0; c < JG_QUOTA_N_COLUMNS; c++)
          {
            JgQuotaRule rule;
            JgQuotaCount count;

            jg_quota_default_rule (c, &rule);
            jg_quota_count ((gint64 *) published[d][c]->data, published[d][c]->len,
                            FIRST_YEAR + YEARS - 1, 12, &count);
            met += jg_quota_is_met (&rule, &count);
          }
      g_array_append_vals (month_times, (double[]) { ms_since (start) }, 1);

      start = g_get_monotonic_time ();
      for (guint d = 0; d < DEPARTMENTS; d++)
        for (guint c = 0; c < JG_QUOTA_N_COLUMNS; c++)
          for (guint y = 0; y < YEARS; y++)
            for (guint m = 1; m <= 12; m++)
              {
                JgQuotaCount count;
                jg_quota_count ((gint64 *) published[d][c]->data, published[d][c]->len,
                                FIRST_YEAR + y, m, &count);
                sum += count.items;
              }
      g_array_append_vals (all_times, (double[]) { ms_since (start) }, 1);

      start = g_get_monotonic_time ();
      for (guint d = 0; d < DEPARTMENTS; d++)
        for (guint c = 0; c < JG_QUOTA_N_COLUMNS; c++)
          for (guint i = 0; i < published[d][c]->len; i++)
            sum += g_array_index (published[d][c], gint64, i);
      g_array_append_vals (ref_times, (double[]) { ms_since (start) }, 1);
    }

  emit ("posts-text-quota-publications", total, "items");
  emit ("posts-text-quota-met", met, "columns");
  month = emit_times ("posts-text-quota-month", month_times);
  emit_times ("posts-text-quota-every-month", all_times);
  ref = emit_times ("posts-text-quota-reference-sum", ref_times);
  emit ("posts-text-quota-month-ratio", ref > 0 ? month / ref : 0, "x");
  if (sum == 42)   /* keep the sums from being optimised away */
    g_printerr ("\n");

  for (guint d = 0; d < DEPARTMENTS; d++)
    for (guint c = 0; c < JG_QUOTA_N_COLUMNS; c++)
      g_array_unref (published[d][c]);
}

int
jg_bench_posts_text (int    argc,
                     char **argv)
{
  gint seed = 10;
  gint runs = 50;
  g_autoptr(GOptionContext) context = g_option_context_new ("posts-text");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed", "S" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Repetitions of each measure", "N" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (runs < 1)
    runs = 1;
  rand = g_rand_new_with_seed ((guint32) seed);

  bench_wording (rand, runs);
  bench_html (rand, runs);
  bench_quota (rand, runs);
  return 0;
}
