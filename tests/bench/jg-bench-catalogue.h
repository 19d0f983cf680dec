/* jg-bench-catalogue.h — what the catalogue benchmark shares with the
 * catalogue page's (jg-bench-catalogue.c, jg-bench-catalogue-page.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-store.h"

typedef enum {
  CLASS_3PLUS,
  CLASS_1,
  CLASS_2,
  CLASS_CODE,
  N_CLASSES
} QueryClass;

/* The classes' names in the "search_<class>_p95" lines. */
extern const char * const class_names[N_CLASSES];

/* @n queries of @klass drawn from the catalogue in @store, as people type
 * them. */
GPtrArray *make_queries (JgStore    *store,
                         QueryClass  klass,
                         guint       n,
                         guint32     seed);
/* Milliseconds the ranked search's statements for @text take, stepped
 * bare as far as the search runs them. */
double     time_bare    (JgStore    *store,
                         const char *text);
