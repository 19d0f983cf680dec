/* jg-bench-posts-store.c — `jianguan-bench posts-store`: the post store's
 * speed goals, each beside the same machine's reference in the same run
 *
 *   jianguan-bench posts-store [--departments N] [--years Y] [--runs R]
 *
 * prints "name value unit" lines on stdout:
 *   - re-encoding a generated 24-megapixel JPEG photograph
 *     (jg_post_images_reencode_bytes: decode, orientation, scale to 2,560
 *     px, JPEG) beside the bare gdk-pixbuf decode of the same file, and
 *     their ratio (goal ≤ 1 s),
 *   - the quota count of one department and month
 *     (jg_post_store_count_quota) in a database holding the published
 *     posts of N departments over Y years (defaults 50 × 10), p50 and
 *     p95, beside a bare SELECT count(*) over the same rows, and their
 *     ratio (goal ≤ 20 ms); and every department's every month in turn,
 *   - loading a post whose body has 20,000 characters and 20 images
 *     (jg_post_store_load) beside the bare SELECT of its row (goal: the
 *     load is a small part of opening it in ≤ 100 ms).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "jg-bench.h"
#include "jg-post-images.h"
#include "jg-post-store.h"
#include "jg-quota.h"
#include "jg-record-store.h"
#include "jg-store-private.h"
#include "jg-test-util.h"

/* A 24-megapixel camera frame. */
#define PHOTO_WIDTH  6000
#define PHOTO_HEIGHT 4000
#define PHOTO_QUALITY "92"
/* Published posts a department makes in a month, per column. */
#define DYNAMICS_PER_MONTH 6
#define EXPOSURE_PER_MONTH 2
#define BODY_CHARACTERS 20000
#define BODY_IMAGES 20
#define QUOTA_CALLS 200

/* --- the photograph ------------------------------------------------------- */

/* Smooth gradients with fine grain, as a photograph: a flat colour would
 * compress (and decode) unrealistically fast. */
static GBytes *
make_photo (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PHOTO_WIDTH, PHOTO_HEIGHT);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint32 seed = 42;
  gchar *buffer = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  for (int y = 0; y < PHOTO_HEIGHT; y++)
    for (int x = 0; x < PHOTO_WIDTH; x++)
      {
        guchar *p = pixels + y * stride + x * 3;
        seed = seed * 1103515245 + 12345;
        p[0] = (x * 255 / PHOTO_WIDTH + (seed >> 28)) & 0xff;
        p[1] = (y * 255 / PHOTO_HEIGHT + (seed >> 27 & 7)) & 0xff;
        p[2] = ((x + y) / 40 % 2 ? 180 : 60) + (seed >> 29);
      }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "jpeg", &error, "quality", PHOTO_QUALITY, NULL))
    g_error ("Cannot encode the photograph: %s", error->message);
  return g_bytes_new_take (buffer, length);
}

static void
bench_reencode (guint runs)
{
  g_autoptr(GBytes) photo = make_photo ();
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  double bare_ms, full_ms;

  emit ("posts_photo_bytes", g_bytes_get_size (photo) / 1e6, "MB");
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!gdk_pixbuf_loader_write_bytes (loader, photo, &error) || !gdk_pixbuf_loader_close (loader, &error))
        g_error ("Cannot decode the photograph: %s", error->message);
      ms = ms_since (start);
      g_array_append_val (bare, ms);

      start = g_get_monotonic_time ();
      out = jg_post_images_reencode_bytes (photo, NULL, NULL, NULL, &error);
      if (out == NULL)
        g_error ("Cannot re-encode the photograph: %s", error->message);
      ms = ms_since (start);
      g_array_append_val (full, ms);
    }
  bare_ms = percentile (bare, 0.5);
  full_ms = percentile (full, 0.5);
  emit ("posts_image_decode_24mp_bare", bare_ms, "ms");
  emit ("posts_image_reencode_24mp", full_ms, "ms");
  emit ("posts_image_reencode_ratio", full_ms / bare_ms, "x");
}

/* --- the quota ------------------------------------------------------------ */

static void
fill_published (JgStore *store,
                guint    departments,
                guint    years,
                guint    first_year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  sqlite3_stmt *stmt;
  guint64 n = 0;

  if (!jg_store_begin (store, &error))
    g_error ("%s", error->message);
  for (guint d = 0; d < departments; d++)
    for (guint y = 0; y < years; y++)
      for (guint m = 1; m <= 12; m++)
        {
          gint64 start, end;

          jg_quota_month_bounds (first_year + y, m, &start, &end);
          for (guint k = 0; k < DYNAMICS_PER_MONTH + EXPOSURE_PER_MONTH; k++)
            {
              g_autofree char *uuid = g_uuid_string_random ();
              g_autofree char *department = g_strdup_printf ("D%02u", d);
              gint64 at = g_rand_int_range (rand, 0, (gint32) (end - start)) + start;

              stmt = jg_store_prepare (store,
                                       "INSERT INTO post (uuid, column_key, department, state, title, month,"
                                       " fields, published_at, created_at, updated_at, server_revision)"
                                       " VALUES (?1, ?2, ?3, 'published', '标题', ?4, '{}', ?5, ?5, ?5, 1)",
                                       &error);
              if (stmt == NULL)
                g_error ("%s", error->message);
              jg_store_bind_text (stmt, 1, uuid);
              jg_store_bind_text (stmt, 2, k < DYNAMICS_PER_MONTH ? "dynamics" : "exposure");
              jg_store_bind_text (stmt, 3, department);
              {
                g_autofree char *month = g_strdup_printf ("%04u-%02u", first_year + y, m);
                jg_store_bind_text (stmt, 4, month);
              }
              sqlite3_bind_int64 (stmt, 5, at);
              if (!jg_store_step_done (store, stmt, &error))
                g_error ("%s", error->message);
              n++;
            }
        }
  if (!jg_store_commit (store, &error))
    g_error ("%s", error->message);
  jg_store_exec (store, "ANALYZE", NULL);
  g_print ("posts_quota_rows %" G_GUINT64_FORMAT " posts\n", n);
}

static double
bare_count (JgStore    *store,
            const char *department,
            gint64      start,
            gint64      end)
{
  sqlite3_stmt *stmt = jg_store_prepare (store,
                                         "SELECT count(*) FROM post WHERE department = ?1"
                                         " AND published_at >= ?2 AND published_at < ?3", NULL);
  gint64 t = g_get_monotonic_time ();

  jg_store_bind_text (stmt, 1, department);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("The bare count failed");
  sqlite3_reset (stmt);
  return ms_since (t);
}

static void
bench_quota (JgStore *store,
             guint    departments,
             guint    years)
{
  g_autoptr(JgPostStore) posts = jg_post_store_new (store);
  g_autoptr(GArray) quota = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  const guint first_year = 2017;
  gint64 sweep;
  double p50, bare50;

  fill_published (store, departments, years, first_year);

  for (guint i = 0; i < QUOTA_CALLS; i++)
    {
      g_autofree char *department = g_strdup_printf ("D%02u", g_rand_int_range (rand, 0, departments));
      guint year = first_year + g_rand_int_range (rand, 0, years);
      guint month = g_rand_int_range (rand, 1, 13);
      JgQuotaCount counts[JG_QUOTA_N_COLUMNS];
      g_autoptr(GError) error = NULL;
      gint64 start, end, t = g_get_monotonic_time ();
      double ms;

      if (!jg_post_store_count_quota (posts, department, year, month, counts, &error))
        g_error ("%s", error->message);
      ms = ms_since (t);
      g_array_append_val (quota, ms);
      if (counts[JG_QUOTA_DYNAMICS].items != DYNAMICS_PER_MONTH)
        g_error ("The quota counted %u items, not %u", counts[JG_QUOTA_DYNAMICS].items, DYNAMICS_PER_MONTH);

      jg_quota_month_bounds (year, month, &start, &end);
      ms = bare_count (store, department, start, end);
      g_array_append_val (bare, ms);
    }
  p50 = percentile (quota, 0.5);
  bare50 = percentile (bare, 0.5);
  emit ("posts_quota_p50", p50, "ms");
  emit ("posts_quota_p95", percentile (quota, 0.95), "ms");
  emit ("posts_quota_bare_count_p50", bare50, "ms");
  emit ("posts_quota_ratio", p50 / MAX (bare50, 1e-6), "x");

  /* Every department's every month: what a city-wide report would ask. */
  sweep = g_get_monotonic_time ();
  for (guint d = 0; d < departments; d++)
    for (guint y = 0; y < years; y++)
      for (guint m = 1; m <= 12; m++)
        {
          g_autofree char *department = g_strdup_printf ("D%02u", d);
          JgQuotaCount counts[JG_QUOTA_N_COLUMNS];

          jg_post_store_count_quota (posts, department, first_year + y, m, counts, NULL);
        }
  emit ("posts_quota_all_departments_months", ms_since (sweep), "ms");
}

/* --- opening a long post -------------------------------------------------- */

static JgPost *
long_post (void)
{
  JgPost *post = jg_post_new (JG_POST_DYNAMICS, "D00");
  g_autoptr(GString) body = g_string_new (NULL);
  static const char sentence[] = "本局组织执法人员对辖区食品经营单位开展专项检查，督促落实主体责任。";
  glong characters = 0;
  guint images = 0;

  while (characters < BODY_CHARACTERS)
    {
      g_string_append (body, "<p>");
      for (guint i = 0; i < 6; i++)
        {
          g_string_append (body, sentence);
          characters += g_utf8_strlen (sentence, -1);
        }
      g_string_append (body, "</p>");
      if (images < BODY_IMAGES && characters > (glong) (images + 1) * BODY_CHARACTERS / (BODY_IMAGES + 1))
        {
          g_autofree char *seed = g_strdup_printf ("image %u", images++);
          g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
          g_string_append_printf (body, "<figure><img src=\"jg-image:%s\" alt=\"检查现场照片\">"
                                        "<figcaption>检查现场</figcaption></figure>", sha);
        }
    }
  jg_post_set (post, "title", "全市食品安全专项整治工作情况");
  jg_post_set (post, "body", body->str);
  jg_post_set (post, "source_department", "D00");
  jg_post_set (post, "author", "张三");
  return post;
}

static void
bench_load (JgStore *store,
            guint    runs)
{
  g_autoptr(JgPostStore) posts = jg_post_store_new (store);
  g_autoptr(JgPost) post = long_post ();
  g_autoptr(GArray) load = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  double p50, bare50;

  if (!jg_post_store_save (posts, post, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < runs * 10; i++)
    {
      gint64 t = g_get_monotonic_time ();
      g_autoptr(JgPost) loaded = jg_post_store_load (posts, jg_post_get_uuid (post), &error);
      double ms = ms_since (t);
      sqlite3_stmt *stmt;

      if (loaded == NULL)
        g_error ("%s", error->message);
      g_array_append_val (load, ms);

      t = g_get_monotonic_time ();
      stmt = jg_store_prepare (store, "SELECT fields FROM post WHERE uuid = ?", NULL);
      jg_store_bind_text (stmt, 1, jg_post_get_uuid (post));
      if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_bytes (stmt, 0) == 0)
        g_error ("The bare select failed");
      sqlite3_reset (stmt);
      ms = ms_since (t);
      g_array_append_val (bare, ms);
    }
  p50 = percentile (load, 0.5);
  bare50 = percentile (bare, 0.5);
  emit ("posts_load_20k_p50", p50, "ms");
  emit ("posts_load_20k_p95", percentile (load, 0.95), "ms");
  emit ("posts_load_20k_bare_select_p50", bare50, "ms");
  emit ("posts_load_20k_ratio", p50 / MAX (bare50, 1e-6), "x");
}

int
jg_bench_posts_store (int    argc,
                      char **argv)
{
  int departments = 50, years = 10, runs = 3;
  GOptionEntry entries[] = {
    { "departments", 0, 0, G_OPTION_ARG_INT, &departments, "Departments with posts", "N" },
    { "years", 0, 0, G_OPTION_ARG_INT, &years, "Years of posts", "Y" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of the image benchmark", "R" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- post store benchmarks");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JgStore) store = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("jianguan-bench: %s\n", error->message);
      return 2;
    }
  departments = CLAMP (departments, 1, 99);
  years = MAX (years, 1);
  runs = MAX (runs, 1);

  dir = jg_test_make_tmpdir ("bench-posts");
  path = g_build_filename (dir, "jianguan.db", NULL);
  store = jg_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("jianguan-bench: %s\n", error->message);
      return 1;
    }
  jg_record_store_set_department (store, "D00", NULL);

  bench_reencode (runs);
  bench_quota (store, departments, years);
  bench_load (store, runs);

  g_clear_object (&store);
  if (!g_getenv ("JIANGUAN_BENCH_KEEP"))
    jg_test_remove_tree (dir);
  return 0;
}
