/* jg-bench-common.c — the set-up the benchmarks over a served catalogue
 * share: a work folder, a jianguan-server in it and the catalogue
 * downloaded for an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-bench.h"
#include "jg-paths.h"

static const char *demo_args[] = { "--demo", NULL };

void
bench_setup (JgBenchSetup *setup,
             const char   *name,
             int           items,
             int           seed,
             const char   *user)
{
  bench_setup_folder (setup, name);
  bench_setup_serve (setup, items, seed, user);
}

void
bench_setup_folder (JgBenchSetup *setup,
                    const char   *name)
{
  memset (setup, 0, sizeof *setup);
  setup->work = make_work_dir (name, &setup->server_dir);
}

void
bench_setup_serve (JgBenchSetup *setup,
                   int           items,
                   int           seed,
                   const char   *user)
{
  g_autoptr(GError) error = NULL;

  if (items > 0)
    {
      g_assert (user == NULL);
      setup->server = serve_catalogue (setup->work, setup->server_dir, items, seed,
                                       &setup->db_path, &setup->sync,
                                       &setup->download_seconds, &setup->download_cpu);
      return;
    }

  setup->server = jg_test_server_start (setup->server_dir, demo_args);
  setup->db_path = jg_paths_database_for_server (setup->server->url, user, &error);
  g_assert_no_error (error);
  setup->sync = jg_catalogue_sync_new (setup->db_path, setup->server->url);
  if (!jg_catalogue_sync_run (setup->sync, NULL, NULL, &error))
    g_error ("%s", error->message);
}

void
bench_setup_stop_server (JgBenchSetup *setup)
{
  g_clear_pointer (&setup->server, jg_test_server_stop);
}

void
bench_setup_clear (JgBenchSetup *setup)
{
  bench_setup_stop_server (setup);
  g_clear_object (&setup->sync);
  if (setup->work != NULL)
    remove_work_dir (setup->work);
  g_clear_pointer (&setup->work, g_free);
  g_clear_pointer (&setup->server_dir, g_free);
  g_clear_pointer (&setup->db_path, g_free);
}
