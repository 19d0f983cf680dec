/* jg-transfer.h — legacy data (存量数据): templates, import and export
 *
 * Files are CSV (UTF-8 with BOM on export; UTF-8 or GB18030 detected on
 * import) or XLSX, chosen by the file name's extension. The layout is the
 * template's: one file per record kind, a first row of national Chinese
 * column headers (jg-record-schema.h "header"), then — in templates — a
 * second row (CSV) or second sheet (XLSX) of notes on allowed codes. An
 * import recognises and skips that notes row.
 *
 * Import runs each row through jg_validate_record(): valid rows become ready
 * records in one transaction; invalid ones go to the report (row, column,
 * value, reason). The business key is record number + department: a row
 * whose record exists already is not imported again (counted as duplicate).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record-schema.h"
#include "jg-store.h"

G_BEGIN_DECLS

#define JG_TRANSFER_ERROR (jg_transfer_error_quark ())

typedef enum {
  JG_TRANSFER_ERROR_UNREADABLE,   /* cannot open, not CSV/XLSX, binary, empty */
  JG_TRANSFER_ERROR_ENCODING,     /* neither UTF-8 nor GB18030 */
  JG_TRANSFER_ERROR_LAYOUT,       /* headers missing, unknown or repeated */
  JG_TRANSFER_ERROR_FORMAT,       /* unsupported file name extension */
  JG_TRANSFER_ERROR_NO_DEPARTMENT,
} JgTransferError;

GQuark   jg_transfer_error_quark  (void);

gboolean jg_transfer_write_template (JgRecordKind   kind,
                                     const char    *path,
                                     GError       **error);
/* The same, with the allowed codes of each code column read from @store's
 * code tables ("01 日常检查；02 专项检查；99 其他"); without them (or when
 * @store is NULL) the notes name the code table. */
gboolean jg_transfer_write_template_with_codes (JgStore       *store,
                                                JgRecordKind   kind,
                                                const char    *path,
                                                GError       **error);

typedef struct {
  guint imported;     /* new ready records */
  guint duplicates;   /* rows whose record (number + department) exists */
  guint rejected;     /* rows with errors, listed in the report */
} JgImportResult;

/* One report line. */
typedef struct {
  guint  row;         /* 1-based line/row number in the file */
  char  *column;      /* national header, or NULL for the whole row */
  char  *value;
  char  *reason;      /* translated */
} JgImportProblem;

void     jg_import_problem_free   (JgImportProblem *problem);

/* The kind is read from the headers. @problems (JgImportProblem, may be NULL)
 * receives the report; @report_path, if not NULL, gets it as CSV. Returns
 * FALSE only when the file cannot be read at all (nothing imported). */
gboolean jg_transfer_import       (JgStore        *store,
                                   const char     *path,
                                   const char     *report_path,
                                   JgImportResult *result,
                                   GPtrArray      *problems,
                                   GCancellable   *cancellable,
                                   GError        **error);

/* Records of @kind whose main date is within [@from, @to] (YYYY-MM-DD,
 * either may be NULL), in the template layout, so that export → import
 * round-trips exactly. Returns the number written through @n_written. */
gboolean jg_transfer_export       (JgStore        *store,
                                   JgRecordKind    kind,
                                   const char     *from,
                                   const char     *to,
                                   const char     *path,
                                   guint          *n_written,
                                   GError        **error);

G_END_DECLS
