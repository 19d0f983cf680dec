/* jg-transfer.h — legacy data (存量数据): templates, import and export
 *
 * Files are CSV (UTF-8 with BOM on export; UTF-8 or GB18030 detected on
 * import) or XLSX, chosen by the file name's extension. The layout is the
 * template's: one file per record kind, a first row of national Chinese
 * column headers (jg-record-schema.h "header"), then — in templates — a
 * second row (CSV) or second sheet (XLSX) of notes on allowed codes. An
 * import recognises and skips that notes row.
 *
 * An import first reads each cell forgivingly (jg-transfer-normalise.h:
 * spaces, full-width digits, 2026/11/15, 1,500.00, 是/否…), then runs the
 * row through jg_validate_record(): valid new rows become records (ready
 * or drafts, as asked; rows with warnings drafts if asked) in one
 * transaction; invalid ones go to the report. The report is the whole
 * truth about the file, in three groups, each line with row, column, value
 * and message: errors (rejected rows, conflicts), warnings (on imported
 * rows) and notices (every value normalised, before → after, and every
 * duplicate skipped). The business key is record number + department: a
 * row whose number exists already, stored or in an earlier row of the
 * file, is not imported again — a duplicate (a notice) when its content is
 * the same, a conflict (an error naming the other row, or the stored
 * record) when it differs.
 *
 * A check (jg_transfer_check) does all of that without writing anything:
 * the same counts and report, for the user to confirm. Each import that
 * adds records is a batch (jg-record-imports.h): the last one can be undone
 * while none of its records has been sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record.h"
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
  guint imported;     /* new records (a check: rows that would be) */
  guint duplicates;   /* rows whose record (number + department) exists, same content: notices */
  guint rejected;     /* rows with errors, listed in the report */
  guint conflicts;    /* rows whose number exists with other content: errors in the report */
  guint warnings;     /* warnings on imported rows, in the report */
  gint64 batch;       /* the import's id; 0 when nothing was imported, or a check */
  guint with_warnings; /* imported rows with at least one warning */
  guint notices;      /* notices in the report: values normalised, duplicates skipped */
} JgImportResult;

/* The report's three groups are errors (ERROR and CONFLICT: the row was
 * not imported), warnings and notices. */
typedef enum {
  JG_IMPORT_PROBLEM_ERROR,      /* the row was rejected */
  JG_IMPORT_PROBLEM_CONFLICT,   /* the row's number exists with other content: rejected */
  JG_IMPORT_PROBLEM_WARNING,    /* the row was imported; worth a look */
  JG_IMPORT_PROBLEM_NOTICE,     /* a value read in a forgiving way (before → after), or a
                                 * duplicate not imported again */
} JgImportProblemKind;

/* One report line. */
typedef struct {
  guint  row;         /* 1-based line/row number in the file */
  char  *column;      /* national header, or NULL for the whole row */
  char  *value;       /* as the file has it */
  char  *reason;      /* translated */
  JgImportProblemKind kind;
} JgImportProblem;

void     jg_import_problem_free   (JgImportProblem *problem);

typedef enum {
  JG_IMPORT_FLAGS_NONE         = 0,
  /* Rows with warnings become drafts whatever the import's state, so that
   * someone looks at them before they are sent. */
  JG_IMPORT_WARNINGS_AS_DRAFTS = 1 << 0,
} JgImportFlags;

/* The kind is read from the headers. @problems (JgImportProblem, may be NULL)
 * receives the report; @report_path, if not NULL, gets it as CSV. Returns
 * FALSE only when the file cannot be read at all (nothing imported).
 * Imported records are ready to send. */
gboolean jg_transfer_import       (JgStore        *store,
                                   const char     *path,
                                   const char     *report_path,
                                   JgImportResult *result,
                                   GPtrArray      *problems,
                                   GCancellable   *cancellable,
                                   GError        **error);
/* The same, imported records in @state: JG_RECORD_STATE_DRAFT or _READY. */
gboolean jg_transfer_import_as    (JgStore        *store,
                                   const char     *path,
                                   JgRecordState   state,
                                   const char     *report_path,
                                   JgImportResult *result,
                                   GPtrArray      *problems,
                                   GCancellable   *cancellable,
                                   GError        **error);
/* The same, with @flags. */
gboolean jg_transfer_import_full  (JgStore        *store,
                                   const char     *path,
                                   JgRecordState   state,
                                   JgImportFlags   flags,
                                   const char     *report_path,
                                   JgImportResult *result,
                                   GPtrArray      *problems,
                                   GCancellable   *cancellable,
                                   GError        **error);
/* What jg_transfer_import() would do, writing nothing to @store: the same
 * counts (imported: rows that would be) and report. */
gboolean jg_transfer_check        (JgStore        *store,
                                   const char     *path,
                                   const char     *report_path,
                                   JgImportResult *result,
                                   GPtrArray      *problems,
                                   GCancellable   *cancellable,
                                   GError        **error);

/* A report line as the app and the CLI show it (translated). */
char    *jg_import_problem_describe (const JgImportProblem *problem);
/* Whether @problem belongs to the report's errors (the row was not
 * imported): errors and conflicts. */
gboolean jg_import_problem_is_error (const JgImportProblem *problem);

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
