/* fuzz-main.c — replays a fuzz target's corpus without libFuzzer
 *
 * Every file given (or every file in a directory given) is fed once to
 * LLVMFuzzerTestOneInput, then every prefix of it when it is short, unless
 * FUZZ_REPLAY_PREFIXES=0 (a target that costs milliseconds an input, as
 * the server's); a crash or a failed assertion fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean prefixes = TRUE;

static guint
run_path (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          n += run_path (child);
        }
      return n;
    }

  if (!g_file_get_contents (path, &contents, &len, NULL))
    g_error ("cannot read %s", path);

  /* The whole input, then every prefix of a short input. */
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  for (gsize cut = 0; prefixes && len < 4096 && cut < len; cut++)
    LLVMFuzzerTestOneInput ((const uint8_t *) contents, cut);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  prefixes = g_strcmp0 (g_getenv ("FUZZ_REPLAY_PREFIXES"), "0") != 0;
  for (int i = 1; i < argc; i++)
    n += run_path (argv[i]);

  g_print ("replayed %u inputs\n", n);
  return n > 0 ? 0 : 1;
}
