/* jianguan-bench.c — speed and memory benchmarks: main() and what they share
 *
 *   jianguan-bench catalogue [--items N] [--seed S] [--queries Q]   jg-bench-catalogue.c
 *   jianguan-bench catalogue-page [--items N] [--seed S] [--queries Q]
 *                                                     jg-bench-catalogue-page.c
 *   jianguan-bench records [--records N] [--validations N]   jg-bench-records.c
 *   jianguan-bench records-import [--rows N]                 jg-bench-import.c
 *   jianguan-bench sync [--records N] [--single N]           jg-bench-sync.c
 *   jianguan-bench posts | posts-text | posts-store | posts-editor
 *                                                     jg-bench-posts-*.c
 *   jianguan-bench search-all [--items N] [--records N] [--posts N] [--queries Q]
 *                                                     jg-bench-search-all.c
 *
 * Each prints "name value unit" lines on stdout (progress on stderr): a
 * figure, beside it the reference for the same work measured in the same
 * run on the same machine (the bare SQL, the bare insert, the server's own
 * apply without HTTP …), and their "*_ratio". The ratios are what to
 * compare between machines; HACKING.md ("Benchmarks") lists the goals.
 *
 * Benchmarks never fail on a goal: they measure. Timings are wall-clock on
 * this machine; run on an idle machine and compare runs of the same build.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "jg-bench.h"
#include "jg-bench-posts-editor.h"
#include "jg-bench-posts-text.h"

/* Parses a subcommand's options; says what is wrong on stderr. */
gboolean
parse_options (GOptionContext      *context,
               const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("jianguan-bench: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* A fresh working folder, with a "server" folder in it, that is also this
 * process's XDG_DATA_HOME (so the account databases land there). */
char *
make_work_dir (const char  *name,
               char       **server_dir)
{
  char *work = jg_test_make_tmpdir (name);

  *server_dir = g_build_filename (work, "server", NULL);
  g_mkdir (*server_dir, 0700);
  g_setenv ("XDG_DATA_HOME", work, TRUE);
  return work;
}

/* Every benchmark's one output: "name value unit". */
void
emit (const char *name,
      double      value,
      const char *unit)
{
  g_print ("%s %.4g %s\n", name, value, unit);
}

double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;
  return (da > db) - (da < db);
}

double
percentile (GArray *values,
            double  p)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  index = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, index);
}

long
server_peak_rss_kb (JgTestServer *server)
{
  const char *pid = g_subprocess_get_identifier (server->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid ? pid : "0");
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/* CPU seconds (user and system) @server has used so far. */
double
server_cpu_seconds (JgTestServer *server)
{
  const char *pid = g_subprocess_get_identifier (server->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid ? pid : "0");
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  /* Fields 14 and 15 (utime, stime), counted from the state, field 3. */
  fields = g_strsplit (after_name + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / sysconf (_SC_CLK_TCK);
}

/* CPU seconds (user and system) this process has used so far. */
double
self_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / (double) G_USEC_PER_SEC;
}

double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

char *
random_substring (GRand      *rand,
                  const char *text,
                  guint       n_chars)
{
  glong len = text ? g_utf8_strlen (text, -1) : 0;
  const char *begin, *end;

  if (len < (glong) n_chars)
    return NULL;

  begin = g_utf8_offset_to_pointer (text, g_rand_int_range (rand, 0, len - n_chars + 1));
  end = g_utf8_offset_to_pointer (begin, n_chars);
  return g_strndup (begin, end - begin);
}


void
emit_latencies (const char *prefix,
                const char *klass,
                GArray     *measured,
                GArray     *bare)
{
  double m50 = percentile (measured, 0.50);
  double m95 = percentile (measured, 0.95);
  double b50 = percentile (bare, 0.50);
  double b95 = percentile (bare, 0.95);
  const struct { const char *suffix; double value; const char *unit; } lines[] = {
    { "p50", m50, "ms" },
    { "p95", m95, "ms" },
    { "bare_sql_p50", b50, "ms" },
    { "bare_sql_p95", b95, "ms" },
    { "ratio_p50", b50 > 0 ? m50 / b50 : 0, "x" },
    { "ratio_p95", b95 > 0 ? m95 / b95 : 0, "x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%s_%s", prefix, klass, lines[i].suffix);
      emit (name, lines[i].value, lines[i].unit);
    }
}


void
remove_work_dir (const char *work)
{
  if (!g_getenv ("JIANGUAN_BENCH_KEEP"))
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", work);
      (void) !system (cmd);
    }
}


/* The issue's `jianguan-bench posts`: the three posts benchmarks in one
 * run (the editor's only where there is a display: run it under
 * xvfb-run, as `meson test --benchmark posts-editor` does). */
static int
bench_posts (int    argc,
             char **argv)
{
  int status = 0;

  status |= jg_bench_posts_text (argc, argv);
  status |= jg_bench_posts_store (argc, argv);
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    status |= jg_bench_posts_editor (argc, argv);
  else
    g_printerr ("posts-editor skipped: no display (run under xvfb-run)\n");
  return status;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  /* Run from the build tree, the bench finds the server built beside it. */
  if (g_getenv ("JIANGUAN_SERVER_BIN") == NULL)
    g_setenv ("JIANGUAN_SERVER_BIN", JIANGUAN_SERVER_BUILD_PATH, TRUE);

  if (argc >= 2 && g_str_equal (argv[1], "catalogue"))
    return jg_bench_catalogue (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "catalogue-page"))
    return jg_bench_catalogue_page (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "records-import"))
    return jg_bench_import (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "records"))
    return jg_bench_records (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "sync"))
    return jg_bench_sync (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "posts-store"))
    return jg_bench_posts_store (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "posts-editor"))
    return jg_bench_posts_editor (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "posts-text"))
    return jg_bench_posts_text (argc - 1, argv + 1);

  if (argc >= 2 && g_str_equal (argv[1], "posts"))
    return bench_posts (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "search-all"))
    return jg_bench_search_all (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "fuzz"))
    return jg_bench_fuzz (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "startup"))
    return jg_bench_startup (argc - 1, argv + 1);

  g_printerr ("Usage: jianguan-bench catalogue|catalogue-page|records|records-import|sync|"
              "posts|posts-text|posts-store|posts-editor|search-all|startup|fuzz [options]\n");
  return 2;
}
