/* jg-bench.h — what jianguan-bench.c shares with the benchmarks in files
 * of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-catalogue-sync.h"
#include "jg-test-util.h"

/* Parses a subcommand's options; says what is wrong on stderr. */
gboolean      parse_options     (GOptionContext      *context,
                                 const GOptionEntry  *entries,
                                 int                 *argc,
                                 char              ***argv);
/* A "name value unit" line on stdout. */
void          emit              (const char       *name,
                                 double            value,
                                 const char       *unit);
/* Wall-clock time since @start (g_get_monotonic_time ()). */
double        seconds_since     (gint64            start);
double        ms_since          (gint64            start);
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
/* Removes it, unless JIANGUAN_BENCH_KEEP is set. */
void          remove_work_dir   (const char       *work);
/* The server's peak resident set, in KiB (-1 if unknown). */
long          server_peak_rss_kb (JgTestServer    *server);
/* @items synthetic sub-items served by a jianguan-server started here and
 * downloaded into this process's account database for it (*@db_path), in
 * *@download_seconds, using *@download_cpu CPU seconds of this process and
 * the server together (both may be NULL). */
JgTestServer *serve_catalogue   (const char       *work,
                                 const char       *server_dir,
                                 int               items,
                                 int               seed,
                                 char            **db_path,
                                 JgCatalogueSync **sync,
                                 double           *download_seconds,
                                 double           *download_cpu);

/* What a benchmark over a served catalogue starts with (jg-bench-common.c). */
typedef struct {
  char             *work;              /* a fresh folder, XDG_DATA_HOME */
  char             *server_dir;        /* its "server" folder */
  JgTestServer     *server;            /* a jianguan-server on it */
  char             *db_path;           /* the account's database for it */
  JgCatalogueSync  *sync;              /* the sync that downloaded the catalogue */
  double            download_seconds;  /* of a synthetic catalogue's download */
  double            download_cpu;      /* and its CPU seconds, both sides */
} JgBenchSetup;

/* A work folder named after @name, a jianguan-server in it serving @items
 * synthetic sub-items of @seed (serve_catalogue ()), or the demo data if
 * @items is 0, and its catalogue downloaded into the database of @user
 * (NULL: signed out; synthetic catalogues only signed out). */
void          bench_setup       (JgBenchSetup     *setup,
                                 const char       *name,
                                 int               items,
                                 int               seed,
                                 const char       *user);
/* bench_setup () in two steps, for a benchmark that starts something in
 * the folder before the server (its session bus: see jg-bench-startup.c). */
void          bench_setup_folder (JgBenchSetup    *setup,
                                  const char      *name);
void          bench_setup_serve (JgBenchSetup     *setup,
                                 int               items,
                                 int               seed,
                                 const char       *user);
/* Stops the server (once; the folder stays). */
void          bench_setup_stop_server (JgBenchSetup *setup);
/* Stops the server, removes the folder (see remove_work_dir ()), frees. */
void          bench_setup_clear (JgBenchSetup     *setup);

/* CPU seconds (user and system) used so far by @server, and by this
 * process: on a shared machine they show which side a rate waits for. */
double        server_cpu_seconds (JgTestServer    *server);
double        self_cpu_seconds  (void);
/* CPU milliseconds the calling thread has used so far. */
double        thread_cpu_ms     (void);

/* The subcommands, one file each (jianguan-bench.c lists them). */
int           jg_bench_catalogue      (int         argc,
                                       char      **argv);
int           jg_bench_catalogue_page (int         argc,
                                       char      **argv);
int           jg_bench_records        (int         argc,
                                       char      **argv);
int           jg_bench_import         (int         argc,
                                       char      **argv);
int           jg_bench_sync           (int         argc,
                                       char      **argv);
int           jg_bench_posts_store    (int         argc,
                                       char      **argv);
int           jg_bench_search_all     (int         argc,
                                       char      **argv);
int           jg_bench_fuzz           (int         argc,
                                       char      **argv);
int           jg_bench_startup        (int         argc,
                                       char      **argv);
