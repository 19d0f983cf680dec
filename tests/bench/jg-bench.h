/* jg-bench.h — what jianguan-bench.c shares with the benchmarks in files
 * of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-catalogue-sync.h"
#include "jg-test-util.h"

/* A "name value unit" line on stdout. */
void          emit              (const char       *name,
                                 double            value,
                                 const char       *unit);
/* The @p (0–1) percentile of @values (sorts them). */
double        percentile        (GArray           *values,
                                 double            p);
/* <prefix>_<klass>_p50, _p95, _bare_sql_p50, _bare_sql_p95, _ratio_p50,
 * _ratio_p95 of @measured against @bare, in milliseconds. */
void          emit_latencies    (const char       *prefix,
                                 const char       *klass,
                                 GArray           *measured,
                                 GArray           *bare);
/* @n_chars characters of @text from a random place, or NULL if shorter. */
char         *random_substring  (GRand            *rand,
                                 const char       *text,
                                 guint             n_chars);
/* A fresh working folder (and XDG_DATA_HOME) with a "server" folder in it. */
char         *make_work_dir     (const char       *name,
                                 char            **server_dir);
void          remove_work_dir   (const char       *work);
/* @items synthetic sub-items served by a jianguan-server started here and
 * downloaded into this process's account database for it (*@db_path). */
JgTestServer *serve_catalogue   (const char       *work,
                                 const char       *server_dir,
                                 int               items,
                                 int               seed,
                                 char            **db_path,
                                 JgCatalogueSync **sync);

/* jg-bench-search-all.c: `jianguan-bench search-all`. */
int           jg_bench_search_all (int             argc,
                                   char          **argv);

/* jg-bench-fuzz.c: `jianguan-bench fuzz`. */
int           jg_bench_fuzz       (int             argc,
                                   char          **argv);
