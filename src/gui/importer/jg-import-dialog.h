/* jg-import-dialog.h — import legacy records (存量数据) from CSV or XLSX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JG_TYPE_IMPORT_DIALOG (jg_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (JgImportDialog, jg_import_dialog, JG, IMPORT_DIALOG, AdwWindow)

JgImportDialog *jg_import_dialog_new         (GtkWindow      *parent,
                                              const char     *db_path);
/* Asks for the file to import (and imports it). */
void            jg_import_dialog_choose_file (JgImportDialog *self);

/* Signal "imported" () — records were added, or an import was undone. */

G_END_DECLS
