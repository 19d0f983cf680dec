/* jg-server-batch-parser.h — the body of POST /api/v1/records, read fast
 *
 * A batch of 1,000 records is about a megabyte of JSON. json-glib builds a
 * tree of it (a hash table per object, a node per value) only to have it
 * walked once and freed: that was more than half of the server's CPU time
 * per batch. jg_server_batch_parse() reads the same bytes with yajl's
 * events straight into a JgBatch whose strings all live in one buffer.
 *
 * It only vouches for bodies it fully understands. Whenever a body is not
 * plainly valid (bad JSON, a shape error, a duplicate member, a number
 * outside "revision", an escape json-glib might decode differently…) it
 * returns FALSE and the caller reads the body again with json-glib, whose
 * answer stays the reference: the same 400 message, or the same batch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "jg-record-schema.h"

G_BEGIN_DECLS

/* One member of a record's "fields", in document order. */
typedef struct {
  const char *key;
  const char *value;
} JgBatchField;

typedef struct {
  const char   *uuid;
  gint64        revision;       /* 1 ≤ revision ≤ G_MAXUINT */
  char          op;             /* 'i', 'u', 'd' */
  JgRecordKind  kind;
  const char   *department;     /* not empty */
  guint         first_field;    /* into JgBatch.fields */
  guint         n_fields;
} JgBatchRecord;

typedef struct {
  const char *name;             /* "batch": 1 to JG_BATCH_MAX_NAME bytes */
  GArray     *records;          /* JgBatchRecord */
  GArray     *fields;           /* JgBatchField */
  char       *arena;            /* the decoded strings, when parsed here */
} JgBatch;

#define JG_BATCH_MAX_NAME 64

void     jg_server_batch_init   (JgBatch    *batch);
void     jg_server_batch_clear  (JgBatch    *batch);

/* Fills @batch (initialised, empty) from @body and returns TRUE when the
 * body is a valid batch of at most @max_records records; FALSE (and @batch
 * emptied) when json-glib must judge it. */
gboolean jg_server_batch_parse  (const char *body,
                                 gsize       length,
                                 guint       max_records,
                                 JgBatch    *batch);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JgBatch, jg_server_batch_clear)

/* The reference reader: @body with json-glib, whose tree @parser keeps for
 * the strings @batch borrows. TRUE with @batch filled, or FALSE with the
 * 400 message in *@message (the first error wins, record by record). The
 * server uses it for what jg_server_batch_parse() declines; the fuzz target
 * checks the two agree. */
gboolean jg_server_batch_parse_reference (JsonParser  *parser,
                                          const char  *body,
                                          gsize        length,
                                          guint        max_records,
                                          JgBatch     *batch,
                                          char       **message);

G_END_DECLS
