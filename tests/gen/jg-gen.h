/* jg-gen.h — synthetic supervision catalogues of any size
 *
 * Writes files in the "jianguan-catalogue/1" format of
 * src/server/PROTOCOL.md: code tables, departments, main items, sub-items,
 * implementation entries and officers, with Chinese names, objects and legal
 * bases combined from word lists, so searches of one, two and three or more
 * characters hit realistic numbers of rows (common words, and a few rare
 * character pairs that match almost nothing).
 *
 * Everything is a pure function of (seed, n_items, impl_per_item): the same
 * arguments give byte-identical files, and a delta file for (seed, base
 * items) changes exactly the catalogue written for that seed and size.
 *
 * Codes (as in the demo catalogue):
 *   department   11 + region + GB 11714 organisation code + GB 32100 check;
 *   main item    region (6) + department number (2) + item number (3) + 000;
 *   sub-item     first 11 digits of its main item + sequence (3);
 *   implementation  body credit code (18) + level (1) + 8-digit sequence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JG_GEN_ERROR (jg_gen_error_quark ())
GQuark jg_gen_error_quark (void);

typedef enum {
  JG_GEN_ERROR_TOO_LARGE,     /* more items than the code layout can number */
  JG_GEN_ERROR_INVALID,       /* bad arguments */
  JG_GEN_ERROR_WRITE,         /* the output file could not be written */
} JgGenError;

/* Upper bound of n_items (594 departments × 999 main items × 1–12 sub-items). */
#define JG_GEN_MAX_ITEMS 2000000

typedef struct {
  guint codes;
  guint departments;
  guint items;              /* main items written */
  guint sub_items;          /* sub-items written (delta: modified + cancelled + added) */
  guint implementations;
  guint officers;
  /* delta files only */
  guint modified;
  guint cancelled;
  guint added;
  guint deleted;            /* sub-items deleted (their implementation entries are deleted too) */
} JgGenCounts;

/* A full catalogue of @n_items sub-items, each with @impl_per_item (≥ 1)
 * implementation entries.  @counts may be NULL. */
gboolean jg_gen_write_catalogue (const char  *path,
                                 guint        n_items,
                                 guint        impl_per_item,
                                 guint32      seed,
                                 JgGenCounts *counts,
                                 GError     **error);

/* A change file against the catalogue jg_gen_write_catalogue() writes for
 * (@base_items, @impl_per_item, @seed): @n_changes sub-item changes, about
 * 40 % renamed (same code, new name), 20 % cancelled (status 02 and a
 * cancel_date), 30 % new (under existing and under new main items, with
 * their implementation entries) and 10 % deleted, listed in
 * "deletions": [{"type": "subitem", "key": CODE}, …] together with the
 * deleted sub-items' implementation entries ({"type": "implementation"}).
 * Modified, cancelled and deleted sub-items are distinct. */
gboolean jg_gen_write_delta     (const char  *path,
                                 guint        n_changes,
                                 guint        base_items,
                                 guint        impl_per_item,
                                 guint32      seed,
                                 JgGenCounts *counts,
                                 GError     **error);

/* The code of sub-item @index (0 ≤ @index < @n_items) of that catalogue, so
 * a benchmark can look up codes that exist.  Returns a newly allocated
 * 14-digit string, or NULL when @index is out of range. */
char    *jg_gen_subitem_code    (guint        n_items,
                                 guint32      seed,
                                 guint        index);

G_END_DECLS
