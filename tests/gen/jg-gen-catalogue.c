/* jg-gen-catalogue.c — write a synthetic catalogue or change file
 *
 *   jg-gen-catalogue --items N [--seed S] [--impl-per-item K] --out FILE
 *   jg-gen-catalogue --delta M --base-items N [--seed S] [--impl-per-item K] --out FILE
 *
 * The output is a "jianguan-catalogue/1" file (src/server/PROTOCOL.md) that
 * `jianguan-server --load FILE` serves.  A delta is meant to be loaded after
 * the base catalogue of the same seed, size and --impl-per-item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "jg-gen.h"

int
main (int argc, char *argv[])
{
  gint64 items = -1, delta = -1, base_items = -1, seed = 1, impl_per_item = 1;
  g_autofree char *out = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  JgGenCounts c = { 0 };
  gint64 start;
  gboolean ok;
  GOptionEntry entries[] = {
    { "items", 'n', 0, G_OPTION_ARG_INT64, &items, "Write a catalogue of N sub-items", "N" },
    { "delta", 'd', 0, G_OPTION_ARG_INT64, &delta, "Write a change file of M changes", "M" },
    { "base-items", 'b', 0, G_OPTION_ARG_INT64, &base_items, "Size of the catalogue the changes apply to", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "S" },
    { "impl-per-item", 'k', 0, G_OPTION_ARG_INT64, &impl_per_item,
      "Implementation entries per sub-item (default 1)", "K" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Output file", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("— write a synthetic Jianguan catalogue");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (out == NULL || (items < 0) == (delta < 0) || (delta >= 0 && base_items < 0) ||
      seed < 0 || seed > G_MAXUINT32 || impl_per_item < 1 || impl_per_item > 100 ||
      items > G_MAXUINT || delta > G_MAXUINT || base_items > G_MAXUINT)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("Give --out and either --items, or --delta with --base-items.\n\n%s", help);
      return 2;
    }

  start = g_get_monotonic_time ();
  if (items >= 0)
    ok = jg_gen_write_catalogue (out, (guint) items, (guint) impl_per_item, (guint32) seed, &c, &error);
  else
    ok = jg_gen_write_delta (out, (guint) delta, (guint) base_items, (guint) impl_per_item,
                             (guint32) seed, &c, &error);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (items >= 0)
    g_print ("%s: %u departments, %u items, %u sub-items, %u implementation entries, "
             "%u officers, %u codes in %.2f s\n",
             out, c.departments, c.items, c.sub_items, c.implementations, c.officers, c.codes,
             (g_get_monotonic_time () - start) / 1e6);
  else
    g_print ("%s: %u renamed, %u cancelled, %u new (%u new main items, %u implementation entries), "
             "%u deleted in %.2f s\n",
             out, c.modified, c.cancelled, c.added, c.items, c.implementations, c.deleted,
             (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
