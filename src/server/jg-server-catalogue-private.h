/* jg-server-catalogue-private.h — shared by the catalogue loader's files
 *
 * jg-server-catalogue-loader.c drives a load (the bytes, the transaction,
 * the writes to the change log); jg-server-catalogue-reader.c holds the
 * yajl callbacks that check a file's shape and re-emit each entity.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#include "jg-server-db-private.h"

G_BEGIN_DECLS

#define CATALOGUE_FORMAT "jianguan-catalogue/1"

/* The entity kinds, in the order a file is applied: referenced entities
 * (codes, departments, items, …) get lower seqs than the ones that refer to
 * them. Deletions go the other way round. */
typedef enum {
  KIND_CODE,
  KIND_DEPARTMENT,
  KIND_ITEM,
  KIND_SUBITEM,
  KIND_IMPLEMENTATION,
  KIND_OFFICER,
  N_KINDS
} JgCatalogueKind;

static const struct {
  const char *array;    /* member of a catalogue file */
  const char *type;     /* `type` in the change log */
  const char *feed;
} kinds[N_KINDS] = {
  [KIND_CODE] = { "codes", "code", "codes" },
  [KIND_DEPARTMENT] = { "departments", "department", "catalogue" },
  [KIND_ITEM] = { "items", "item", "catalogue" },
  [KIND_SUBITEM] = { "subitems", "subitem", "catalogue" },
  [KIND_IMPLEMENTATION] = { "implementations", "implementation", "catalogue" },
  [KIND_OFFICER] = { "officers", "officer", "catalogue" },
};
/* Top-level members of a catalogue file: the kinds' arrays (a Kind), then
 * these. */
enum {
  MEMBER_DELETIONS = N_KINDS,
  MEMBER_FORMAT,
  N_MEMBERS,
  MEMBER_OTHER = N_MEMBERS,
};

typedef struct {
  const char *name;     /* member whose string value is kept */
  gsize name_len;
  GString *value;
  gboolean found;
  gboolean is_string;
} JgCatalogueCapture;

typedef struct {
  JgCatalogueKind kind;
  char *key;
} JgCatalogueDeletion;

/* The state of one load, shared by the yajl callbacks. */
typedef struct {
  JgServerDb *self;
  const char *name;             /* of the file, for messages */
  JgServerLoadStats *stats;
  gboolean fresh[JG_SERVER_N_FEEDS];
  yajl_handle parser;
  yajl_gen gen;
  GString *json;                /* what gen writes: the entity's text */
  guint64 chunk_offset;         /* of the chunk being parsed */

  gboolean one_array;           /* reading one array again, from its '[' */
  gboolean array_done;
  gboolean writing;             /* storing entities as they are read */
  gint64 array_at[N_KINDS];     /* offset of each array's '[', or -1 */
  int last_kind[JG_SERVER_N_FEEDS]; /* highest kind stored, per feed */
  gboolean reordered;           /* an array came out of kind order */

  gboolean started;
  guint depth;                  /* containers open */
  int member;                   /* top-level member being read */
  gboolean seen[N_MEMBERS];

  /* The element of the array being read: an entity or a deletion. */
  guint index;
  gboolean array_fresh;
  JgCatalogueCapture caps[2];
  guint n_caps;
  int pending;                  /* capture whose value comes next, or -1 */
  GString *key;
  GArray *deletions;

  /* Why the parse was stopped: a syntax error (reported with its line),
   * or any other error. */
  char *syntax;
  GError *error;

  /* The start of a \u escape cut by the end of the last chunk. */
  char carry[16];
  gsize carry_len;
  gssize bad_escape;            /* offset in the chunk, or -1 */
} JgCatalogueReader;

/* Writes a put (@data != NULL) or a delete of one entity, unless the log
 * already says exactly that (jg-server-catalogue-loader.c). */
gboolean    jg_server_catalogue_apply            (JgServerDb         *self,
                                                  JgCatalogueKind     kind,
                                                  const char         *key,
                                                  const char         *data,
                                                  gsize               data_len,
                                                  gboolean            fresh,
                                                  JgServerLoadStats  *stats,
                                                  GError            **error);

/* A yajl parser whose events go to @r (jg-server-catalogue-reader.c). */
yajl_handle jg_server_catalogue_parser_new       (JgCatalogueReader  *r);
/* yajl_gen's print callback: appends to the GString @ctx. */
void        jg_server_catalogue_gen_print        (void               *ctx,
                                                  const char         *str,
                                                  size_t              len);
/* Offset in @chunk of the first unpaired surrogate escape, or -1. */
gssize      jg_server_catalogue_find_bad_escape  (JgCatalogueReader  *r,
                                                  const char         *chunk,
                                                  gsize               len);

G_END_DECLS
