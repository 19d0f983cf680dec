/* fuzz-cells.c — what the CSV and XLSX targets do with every cell read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz-cells.h"
#include "jg-record-schema.h"
#include "jg-transfer-cells.h"
#include "jg-transfer-normalise.h"

/* libFuzzer saves the input on abort() (SIGABRT), not on g_error(). */
static void
fail (const char        *what,
      const JgFieldSpec *spec,
      const char        *value,
      const char        *normal)
{
  g_printerr ("%s: field %s, “%s” → “%s”\n", what, spec->key, value, normal);
  abort ();
}

static void
normalise (const JgFieldSpec *spec,
           const char        *value)
{
  JgNormalised what = 0;
  JgNormalised again_what = 0;
  g_autofree char *normal = NULL;
  g_autofree char *again = NULL;
  g_autofree char *described = NULL;

  normal = jg_transfer_normalise (spec, value, NULL, &what);
  if (normal == NULL)
    return;
  if (!g_utf8_validate (normal, -1, NULL))
    fail ("not UTF-8", spec, value, normal);
  if (what == 0)
    fail ("changed without saying how", spec, value, normal);
  described = jg_transfer_normalised_describe (what);
  if (described == NULL || *described == '\0')
    fail ("no description", spec, value, normal);
  again = jg_transfer_normalise (spec, normal, NULL, &again_what);
  if (again != NULL)
    {
      g_printerr ("normalised twice: “%s”\n", again);
      fail ("not canonical after normalising", spec, value, normal);
    }
}

void
fuzz_cells_check (guint      row,
                  GPtrArray *cells,
                  gboolean   from_xlsx)
{
  guint n_fields;
  const JgFieldSpec *fields = jg_record_fields (row % JG_RECORD_N_KINDS, &n_fields);

  for (guint c = 0; c < cells->len; c++)
    {
      const JgFieldSpec *spec = &fields[c % n_fields];
      g_autofree char *cell = g_strdup (cells->pdata[c]);

      if (cells->pdata[c] == NULL)
        abort ();
      if (!g_utf8_validate (cell, -1, NULL))
        continue;   /* the import refuses such a file before any cell */
      jg_transfer_cell_read (cell, from_xlsx, spec);
      if (!g_utf8_validate (cell, -1, NULL))
        fail ("the cell rule broke UTF-8", spec, cells->pdata[c], cell);
      normalise (spec, cell);
    }
}

void
fuzz_cells_normalise_all (const char *value)
{
  for (guint kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    {
      guint n_fields;
      const JgFieldSpec *fields = jg_record_fields (kind, &n_fields);

      for (guint i = 0; i < n_fields; i++)
        normalise (&fields[i], value);
    }
}
