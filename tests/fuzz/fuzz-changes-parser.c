/* fuzz-changes-parser.c — libFuzzer target for the feed-page reader
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"), or
 * `jianguan-bench fuzz --target changes-parser`.
 * The meson build links the same target with fuzz-main.c, which replays the
 * corpus as a regular test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <stdint.h>
#include <string.h>

#include "jg-changes-parser.h"

static gboolean
touch_change (const JgChange  *change,
              gpointer         user_data,
              GError         **error)
{
  const char *fields[] = { "code", "name", "random_check", "sort", "missing" };
  gsize *total = user_data;

  *total += jg_change_get_seq (change) & 1;
  if (jg_change_get_type (change))
    *total += strlen (jg_change_get_type (change));
  if (jg_change_get_key (change))
    *total += strlen (jg_change_get_key (change));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JgValueKind kind;
      const char *value = jg_change_get_field (change, fields[i], &kind);
      if (value)
        *total += strlen (value) + kind;
    }
  return TRUE;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  JgChangesPage page;
  GError *error = NULL;
  gsize total = 0;

  if (!jg_changes_parse ((const char *) data, size, &page, touch_change, &total, &error))
    {
      g_assert (error != NULL);
      g_error_free (error);
    }
  else
    g_assert (error == NULL);

  jg_changes_page_clear (&page);
  return 0;
}
