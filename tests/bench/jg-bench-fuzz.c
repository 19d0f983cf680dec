/* jg-bench-fuzz.c — `jianguan-bench fuzz`: every libFuzzer target for N seconds
 *
 *   jianguan-bench fuzz [--seconds N] [--fuzz-build DIR] [--target NAME …]
 *
 * Runs each target of tests/fuzz/ (as the fuzz build lists them in
 * DIR/tests/fuzz/fuzz-targets.tsv) for N seconds (default 60) over a copy of
 * its corpus, with its dictionary and options, and prints
 *   fuzz_<target>_execs N execs
 *   fuzz_<target>_crashes N crashes
 * (the executions from libFuzzer's -print_final_stats=1). libFuzzer stops at
 * the first crash: the target is started again for the time left, so that
 * every crash in N seconds is counted. Each crash input (crash-*, leak-*,
 * timeout-*, oom-*: what libFuzzer writes) is kept in
 * DIR/fuzz-crashes/<target>/ and named on stderr; replay one with
 * `DIR/tests/fuzz/fuzz-<target> FILE` (HACKING.md, "Fuzzing"). libFuzzer's
 * own output goes to DIR/fuzz-logs/<target>.log.
 *
 * DIR is the libFuzzer build, by default `build-fuzz` at the top of the
 * source tree. When it has no build.ninja it is set up first:
 *   CC=clang-14 meson setup DIR -Dfuzzing=true -Db_sanitize=address,undefined
 * and the targets are (re)built with ninja before they run, so a newcomer
 * needs clang-14 and libclang-rt-14-dev only.
 *
 * The copy of the corpus lives in a temporary folder removed at the end:
 * what libFuzzer adds to it is not kept (the corpus in the tree is chosen
 * by hand; add an input there with a test that needs it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>

#include "jg-bench.h"

#define DEFAULT_SECONDS 60
#define FUZZ_BUILD_NAME "build-fuzz"
#define TARGETS_FILE "tests/fuzz/fuzz-targets.tsv"
#define CRASHES_DIR "fuzz-crashes"
#define LOGS_DIR "fuzz-logs"
#define STAT_EXECS "stat::number_of_executed_units:"
/* libFuzzer's per-input time limit: one slow input is a finding, but the
 * server's inputs take milliseconds, not seconds. */
#define INPUT_TIMEOUT_S 25
/* The prefixes of libFuzzer's artifacts (-artifact_prefix). */
static const char * const artifact_kinds[] = { "crash-", "leak-", "timeout-", "oom-", "slow-unit-", NULL };

typedef struct {
  char *name;
  char *exe;
  char *corpus;
  char *dict;       /* NULL without one */
  char **options;   /* libFuzzer's, of tests/fuzz/meson.build */
} Target;

static void
target_free (Target *target)
{
  g_free (target->name);
  g_free (target->exe);
  g_free (target->corpus);
  g_free (target->dict);
  g_strfreev (target->options);
  g_free (target);
}

/* The source tree's top, from the demo data folder config.h names. */
static char *
source_root (void)
{
  return g_path_get_dirname (SOURCE_DATADIR);
}

/* Runs @argv in @cwd (may be NULL) with stdout and stderr as ours. */
static gboolean
run_tool (const char * const *argv,
          const char         *cwd,
          const char         *cc)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  if (cc != NULL)
    g_subprocess_launcher_setenv (launcher, "CC", cc, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
    {
      g_printerr ("jianguan-bench: %s failed: %s\n", argv[0], error->message);
      return FALSE;
    }
  return TRUE;
}

/* Sets up @dir as the libFuzzer build when it is not one yet. */
static gboolean
ensure_fuzz_build (const char *dir)
{
  g_autofree char *ninja_file = g_build_filename (dir, "build.ninja", NULL);
  g_autofree char *root = source_root ();
  const char *argv[] = { "meson", "setup", dir, "-Dfuzzing=true", "-Db_sanitize=address,undefined",
                         "--buildtype=debugoptimized", NULL };

  if (g_file_test (ninja_file, G_FILE_TEST_EXISTS))
    return TRUE;
  g_printerr ("jianguan-bench: setting up the libFuzzer build in %s (clang-14)\n", dir);
  return run_tool (argv, root, "clang-14");
}

/* The targets of @dir's list, those of @only (NULL: all). */
static GPtrArray *
read_targets (const char  *dir,
              char       **only)
{
  g_autofree char *path = g_build_filename (dir, TARGETS_FILE, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      g_printerr ("jianguan-bench: %s\n", error->message);
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      Target *target;

      if (g_strv_length (cols) != 5)
        continue;
      if (only != NULL && !g_strv_contains ((const char * const *) only, cols[0]))
        continue;
      target = g_new0 (Target, 1);
      target->name = g_strdup (cols[0]);
      target->exe = g_strdup (cols[1]);
      target->corpus = g_strdup (cols[2]);
      target->dict = *cols[3] != '\0' ? g_strdup (cols[3]) : NULL;
      target->options = g_strsplit_set (cols[4], " ", -1);
      g_ptr_array_add (targets, target);
    }
  return g_steal_pointer (&targets);
}

/* Builds every target of @targets in @dir. */
static gboolean
build_targets (const char *dir,
               GPtrArray  *targets)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup ("ninja"));
  g_ptr_array_add (argv, g_strdup ("-C"));
  g_ptr_array_add (argv, g_strdup (dir));
  for (guint i = 0; i < targets->len; i++)
    {
      Target *target = targets->pdata[i];
      g_autofree char *base = g_path_get_basename (target->exe);

      g_ptr_array_add (argv, g_build_filename ("tests", "fuzz", base, NULL));
    }
  g_ptr_array_add (argv, NULL);
  return run_tool ((const char * const *) argv->pdata, NULL, NULL);
}

static gboolean
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  if (dir == NULL || g_mkdir_with_parents (to, 0700) != 0)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *data = NULL;
      gsize length;

      if (!g_file_test (src, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (src, &data, &length, NULL) ||
          !g_file_set_contents (dst, data, length, NULL))
        return FALSE;
    }
  return TRUE;
}

/* The artifacts in @dir, as a set of names. */
static GHashTable *
list_artifacts (const char *dir)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    for (guint i = 0; artifact_kinds[i] != NULL; i++)
      if (g_str_has_prefix (name, artifact_kinds[i]))
        g_hash_table_add (names, g_strdup (name));
  return names;
}

/* The sum of libFuzzer's final execution counts in @log. */
static guint64
parse_execs (const char *log)
{
  guint64 execs = 0;

  for (const char *p = strstr (log, STAT_EXECS); p != NULL; p = strstr (p + 1, STAT_EXECS))
    execs += g_ascii_strtoull (p + strlen (STAT_EXECS), NULL, 10);
  return execs;
}

/* One run of @target's libFuzzer for @seconds; appends its output to
 * @log. Returns FALSE when it could not be started. */
static gboolean
run_libfuzzer (const Target *target,
               const char   *corpus,
               const char   *crashes,
               guint         seconds,
               GString      *log,
               gboolean     *crashed)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, g_strdup (target->exe));
  g_ptr_array_add (argv, g_strdup_printf ("-max_total_time=%u", seconds));
  g_ptr_array_add (argv, g_strdup ("-print_final_stats=1"));
  g_ptr_array_add (argv, g_strdup_printf ("-timeout=%d", INPUT_TIMEOUT_S));
  g_ptr_array_add (argv, g_strdup_printf ("-artifact_prefix=%s/", crashes));
  if (target->dict != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("-dict=%s", target->dict));
  for (guint i = 0; target->options[i] != NULL; i++)
    if (*target->options[i] != '\0')
      g_ptr_array_add (argv, g_strdup (target->options[i]));
  g_ptr_array_add (argv, g_strdup (corpus));
  g_ptr_array_add (argv, NULL);

  /* As the tests run them (tests/meson.build's test_env), and every
   * sanitizer report fatal, so that libFuzzer keeps its input. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  g_subprocess_launcher_setenv (launcher, "JIANGUAN_DATA_DIR", SOURCE_DATADIR, TRUE);
  g_subprocess_launcher_setenv (launcher, "UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1", TRUE);
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "abort_on_error=1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &out, &error))
    {
      g_printerr ("jianguan-bench: %s: %s\n", target->exe, error->message);
      return FALSE;
    }
  g_string_append (log, out != NULL ? out : "");
  *crashed = !g_subprocess_get_successful (process);
  return TRUE;
}

/* Fuzzes @target for @seconds; prints its two lines. */
static gboolean
fuzz_target (const Target *target,
             const char   *fuzz_dir,
             const char   *work,
             guint         seconds)
{
  g_autofree char *corpus = g_build_filename (work, target->name, NULL);
  g_autofree char *crashes = g_build_filename (fuzz_dir, CRASHES_DIR, target->name, NULL);
  g_autofree char *logs = g_build_filename (fuzz_dir, LOGS_DIR, NULL);
  g_autofree char *log_path = g_strdup_printf ("%s/%s.log", logs, target->name);
  g_autofree char *metric = g_strdelimit (g_strdup (target->name), "-", '_');
  g_autofree char *execs_name = g_strdup_printf ("fuzz_%s_execs", metric);
  g_autofree char *crashes_name = g_strdup_printf ("fuzz_%s_crashes", metric);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GHashTable) before = NULL;
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  guint n_crashes = 0;
  GHashTableIter iter;
  const char *name;

  if (!copy_dir (target->corpus, corpus) || g_mkdir_with_parents (crashes, 0755) != 0 ||
      g_mkdir_with_parents (logs, 0755) != 0)
    {
      g_printerr ("jianguan-bench: cannot copy %s's corpus\n", target->name);
      return FALSE;
    }
  before = list_artifacts (crashes);
  g_printerr ("jianguan-bench: fuzzing %s for %u s\n", target->name, seconds);

  for (;;)
    {
      gint64 left = (end - g_get_monotonic_time ()) / G_USEC_PER_SEC;
      gboolean crashed = FALSE;

      if (left < 1)
        break;
      if (!run_libfuzzer (target, corpus, crashes, (guint) left, log, &crashed))
        return FALSE;
      if (!crashed)
        break;
      n_crashes++;
    }

  g_print ("%s %" G_GUINT64_FORMAT " execs\n", execs_name, parse_execs (log->str));
  g_print ("%s %u crashes\n", crashes_name, n_crashes);
  g_file_set_contents (log_path, log->str, log->len, NULL);

  {
    g_autoptr(GHashTable) after = list_artifacts (crashes);

    g_hash_table_iter_init (&iter, after);
    while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
      if (!g_hash_table_contains (before, name))
        g_printerr ("jianguan-bench: %s: kept %s/%s (replay: %s %s/%s)\n", target->name, crashes, name,
                    target->exe, crashes, name);
  }
  if (n_crashes > 0)
    g_printerr ("jianguan-bench: %s: libFuzzer's output is in %s\n", target->name, log_path);
  return TRUE;
}

int
jg_bench_fuzz (int    argc,
               char **argv)
{
  int seconds = DEFAULT_SECONDS;
  g_autofree char *fuzz_build = NULL;
  g_auto(GStrv) only = NULL;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Seconds per target (default 60)", "N" },
    { "fuzz-build", 0, 0, G_OPTION_ARG_FILENAME, &fuzz_build,
      "The libFuzzer build (default: build-fuzz at the top of the source tree; set up when missing)", "DIR" },
    { "target", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only, "Only this target (repeatable)", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- run every fuzz target for N seconds");
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *root = source_root ();
  g_autofree char *fuzz_dir = NULL;
  gboolean ok = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("jianguan-bench: %s\n", error->message);
      return 2;
    }
  if (seconds < 1)
    {
      g_printerr ("jianguan-bench: --seconds must be at least 1\n");
      return 2;
    }
  if (fuzz_build == NULL)
    fuzz_dir = g_build_filename (root, FUZZ_BUILD_NAME, NULL);
  else if (!g_path_is_absolute (fuzz_build))
    {
      g_autofree char *cwd = g_get_current_dir ();
      fuzz_dir = g_build_filename (cwd, fuzz_build, NULL);
    }
  else
    fuzz_dir = g_strdup (fuzz_build);

  if (!ensure_fuzz_build (fuzz_dir))
    return 1;
  targets = read_targets (fuzz_dir, only);
  if (targets == NULL || targets->len == 0)
    {
      g_printerr ("jianguan-bench: no fuzz targets in %s/%s\n", fuzz_dir, TARGETS_FILE);
      return 1;
    }
  if (!build_targets (fuzz_dir, targets))
    return 1;

  work = g_dir_make_tmp ("jg-bench-fuzz-XXXXXX", &error);
  if (work == NULL)
    {
      g_printerr ("jianguan-bench: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < targets->len && ok; i++)
    ok = fuzz_target (targets->pdata[i], fuzz_dir, work, (guint) seconds);
  jg_test_remove_tree (work);
  return ok ? 0 : 1;
}
