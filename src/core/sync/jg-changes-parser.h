/* jg-changes-parser.h — streaming reader of one page of a sync feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  JG_VALUE_ABSENT,
  JG_VALUE_NULL,
  JG_VALUE_STRING,
  JG_VALUE_INT,
  JG_VALUE_BOOL,
  JG_VALUE_OTHER,    /* a number with a fraction, an object or an array */
} JgValueKind;

/* One change, valid only during the callback. */
typedef struct _JgChange JgChange;

gint64       jg_change_get_seq   (const JgChange *change);
const char  *jg_change_get_type  (const JgChange *change);  /* NULL if absent */
const char  *jg_change_get_op    (const JgChange *change);
const char  *jg_change_get_key   (const JgChange *change);
gboolean     jg_change_has_data  (const JgChange *change);  /* "data" is an object */
/* The text of the "data" object as it stands in the page (not
 * NUL-terminated), for data with nested members; NULL when absent. */
const char  *jg_change_get_data_json (const JgChange *change,
                                      gsize          *length);
/* A member of "data": its text (ints as decimal, booleans as "1"/"0"), or
 * NULL for absent, null or other values; @kind says which. */
const char  *jg_change_get_field (const JgChange *change,
                                  const char     *name,
                                  JgValueKind    *kind);

/* The page's own members. */
typedef struct {
  char     *feed;
  gint64    since;
  gint64    cursor;
  gint64    latest;
  gint64    remaining;      /* -1 when the server did not say */
  gboolean  more;
  guint     n_changes;
  /* which members were present and of the right type */
  guint     has_feed : 1;
  guint     has_since : 1;
  guint     has_cursor : 1;
  guint     has_latest : 1;
  guint     has_more : 1;
  guint     has_changes : 1;
} JgChangesPage;

void jg_changes_page_clear (JgChangesPage *page);

/* Called for each change in order; return FALSE (with @error set) to stop. */
typedef gboolean (*JgChangeFunc) (const JgChange  *change,
                                  gpointer         user_data,
                                  GError         **error);

/* Parses @data (a whole response body). Fails with G_IO_ERROR_INVALID_DATA
 * (and a short English detail) on invalid JSON or a wrong shape, or with the
 * callback's error. */
gboolean jg_changes_parse (const char     *data,
                           gsize           length,
                           JgChangesPage  *page,
                           JgChangeFunc    func,
                           gpointer        user_data,
                           GError        **error);

/* Reads "cursor" and "more" from the first bytes of a page when the server
 * puts them before "changes" (ours does), so the next page can be asked for
 * while this one is applied. FALSE when they are not found there: the caller
 * then waits for the full parse. */
gboolean jg_changes_peek  (const char     *data,
                           gsize           length,
                           gint64         *cursor,
                           gboolean       *more);

G_END_DECLS
