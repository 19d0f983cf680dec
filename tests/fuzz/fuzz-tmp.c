/* fuzz-tmp.c — the temporary folder of a target that needs files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz-tmp.h"

static char *own_dir;

void
fuzz_tmp_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fuzz_tmp_remove (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_own (void)
{
  fuzz_tmp_remove (own_dir);
}

char *
fuzz_tmp_dir_new (const char *target)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_getenv ("TMPDIR") == NULL
                     ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *prefix = g_strdup_printf ("jg-fuzz-%s-", target);
  g_autoptr(GDir) dir = g_dir_open (base, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        char *end;
        long pid = strtol (name + strlen (prefix), &end, 10);

        if (*end == '\0' && pid > 0 && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
          {
            g_autofree char *stale = g_build_filename (base, name, NULL);
            fuzz_tmp_remove (stale);
          }
      }

  own_dir = g_strdup_printf ("%s/%s%d", base, prefix, (int) getpid ());
  fuzz_tmp_remove (own_dir);
  if (g_mkdir_with_parents (own_dir, 0700) != 0)
    {
      fprintf (stderr, "fuzz: cannot make %s\n", own_dir);
      abort ();
    }
  atexit (remove_own);
  return g_strdup (own_dir);
}
