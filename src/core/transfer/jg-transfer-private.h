/* jg-transfer-private.h — what templates, import and export share
 *
 * The file formats (CSV or XLSX by the name's extension), one writer over
 * both, and the layout every file of a kind has: its sheet name and its row
 * of national headers, in the order of jg_record_fields().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-csv.h"
#include "jg-transfer-cells.h"
#include "jg-transfer.h"
#include "jg-validate.h"
#include "jg-xlsx.h"

G_BEGIN_DECLS

/* Every cell of a template's notes row starts with this: an import knows the
 * row by it, and no real value starts so. */
#define JG_TRANSFER_NOTE_PREFIX "说明："

typedef enum {
  JG_TRANSFER_FORMAT_CSV,
  JG_TRANSFER_FORMAT_XLSX,
} JgTransferFormat;

/* The format @path names by its extension; a translated error otherwise. */
gboolean     jg_transfer_format_of    (const char        *path,
                                       JgTransferFormat  *format,
                                       GError           **error);

/* One writer over both formats. */
typedef struct {
  JgCsvWriter  *csv;
  JgXlsxWriter *xlsx;
} JgTransferWriter;

/* An XLSX file starts with a sheet named @sheet_name; CSV ignores it. */
gboolean     jg_transfer_writer_open  (JgTransferWriter   *writer,
                                       const char         *path,
                                       const char         *sheet_name,
                                       GError            **error);
gboolean     jg_transfer_writer_row   (JgTransferWriter   *writer,
                                       const char * const *cells,
                                       guint               n_cells,
                                       GError            **error);
gboolean     jg_transfer_writer_close (JgTransferWriter   *writer,
                                       GError            **error);
void         jg_transfer_writer_abort (JgTransferWriter   *writer);

/* The national name of a kind, for sheet names (files are always Chinese). */
const char  *jg_transfer_sheet_name   (JgRecordKind        kind);
/* The header row of @kind's files (NULL-terminated; free the array only). */
const char **jg_transfer_headers      (JgRecordKind        kind,
                                       guint              *n_fields);

/* jg-transfer-report.c: the report (JgImportProblem) as CSV or XLSX,
 * by @path's extension. */
gboolean     jg_transfer_write_report (const char         *path,
                                       GPtrArray          *problems,
                                       GError            **error);

/* jg-transfer-cache.c: a validation context for one import. */
typedef struct _JgTransferCache JgTransferCache;

JgTransferCache     *jg_transfer_cache_new          (JgStore         *store);
void                 jg_transfer_cache_free         (JgTransferCache *cache);
JgValidationContext *jg_transfer_cache_get_context  (JgTransferCache *cache);
/* @number was found free for the record @uuid (the import asked the store
 * and its own earlier rows): the context does not ask the store about it
 * again while validating that record. */
void                 jg_transfer_cache_set_free_number (JgTransferCache *cache,
                                                        const char      *number,
                                                        const char      *uuid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgTransferCache, jg_transfer_cache_free)

G_END_DECLS
