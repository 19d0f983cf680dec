/* fuzz-csv.c — libFuzzer target for the CSV reader of the import
 *
 * Any bytes go through jg_csv_parse() (libcsv, strict quotes) as the
 * import hands it a file's text: it either fails with a transfer error
 * or hands over rows numbered 1, 2, 3… whose cells are strings; every
 * cell then goes through the cell rule and the forgiving normalisation of
 * its column's field (fuzz-cells.c), whose results must be canonical.
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"); the
 * default build links it with fuzz-main.c and replays corpus-csv/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-cells.h"
#include "jg-csv.h"
#include "jg-transfer.h"

typedef struct {
  guint rows;
} State;

static gboolean
on_row (guint       row,
        GPtrArray  *cells,
        gpointer    user_data,
        GError    **error)
{
  State *state = user_data;

  if (row != state->rows + 1)
    abort ();
  state->rows = row;
  fuzz_cells_check (row, cells, FALSE);
  return TRUE;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  State state = { 0, };

  /* The import hands over text without NULs (it refuses binary files). */
  if (memchr (data, '\0', size) != NULL)
    return 0;
  if (!jg_csv_parse (text, size, on_row, &state, &error))
    {
      if (error == NULL || error->domain != JG_TRANSFER_ERROR)
        abort ();
    }
  else if (error != NULL)
    abort ();
  return 0;
}
