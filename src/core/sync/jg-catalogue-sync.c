/* jg-catalogue-sync.c — downloads code tables and catalogue from the server
 *
 * See jg-catalogue-sync.h for the contract and src/server/PROTOCOL.md for
 * the wire format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "jg-catalogue-sync.h"
#include "jg-changes-parser.h"
#include "jg-http.h"
#include "jg-progress.h"
#include "jg-store.h"
#include "jg-store-private.h"

#define DEFAULT_PAGE_SIZE 2000
#define SYNC_CACHE_KIB 131072

G_DEFINE_QUARK (jg-sync-error-quark, jg_sync_error)

struct _JgCatalogueSync
{
  GObject       parent_instance;
  char         *db_path;
  char         *server_url;
  char         *ca_file;
  guint         page_size;
  GMainContext *progress_context;  /* where "progress" is emitted; NULL: directly */
};

G_DEFINE_FINAL_TYPE (JgCatalogueSync, jg_catalogue_sync, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
jg_catalogue_sync_finalize (GObject *object)
{
  JgCatalogueSync *self = JG_CATALOGUE_SYNC (object);

  g_free (self->db_path);
  g_free (self->server_url);
  g_free (self->ca_file);
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  G_OBJECT_CLASS (jg_catalogue_sync_parent_class)->finalize (object);
}

static void
jg_catalogue_sync_class_init (JgCatalogueSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_catalogue_sync_finalize;

  /**
   * JgCatalogueSync::progress:
   * @done: changes received so far in this run
   * @total: changes announced by the server for this run
   */
  signals[PROGRESS] = jg_progress_signal_new (G_TYPE_FROM_CLASS (klass));
}

static void
jg_catalogue_sync_init (JgCatalogueSync *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
}

JgCatalogueSync *
jg_catalogue_sync_new (const char *db_path,
                       const char *server_url)
{
  JgCatalogueSync *self = g_object_new (JG_TYPE_CATALOGUE_SYNC, NULL);

  self->db_path = g_strdup (db_path);
  self->server_url = g_strdup (server_url);
  return self;
}

void
jg_catalogue_sync_set_ca_file (JgCatalogueSync *self,
                               const char      *ca_file)
{
  g_return_if_fail (JG_IS_CATALOGUE_SYNC (self));

  g_free (self->ca_file);
  self->ca_file = (ca_file && *ca_file) ? g_strdup (ca_file) : NULL;
}

void
jg_catalogue_sync_set_page_size (JgCatalogueSync *self,
                                 guint            page_size)
{
  g_return_if_fail (JG_IS_CATALOGUE_SYNC (self));

  self->page_size = CLAMP (page_size, 1, 10000);
}

/* --- progress ------------------------------------------------------------- */

static void
report_progress (JgCatalogueSync *self,
                 guint64          done,
                 guint64          total)
{
  jg_progress_report (self, signals[PROGRESS], self->progress_context, done, total);
}

/* --- HTTP ----------------------------------------------------------------- */

typedef struct {
  JgCatalogueSync *self;
  JgStore         *store;
  SoupSession     *session;
  GUri            *base;
  GCancellable    *cancellable;
  guint64          done;
  guint64          total;
  guint            pages;
  gboolean         all_not_modified;
  gboolean         bulk;
} Run;

static gboolean
set_transport_error (Run       *run,
                     GError    *soup_error,
                     GError   **error)
{
  g_autofree char *url = g_uri_to_string (run->base);

  if (g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, soup_error);
      return FALSE;
    }

  if (soup_error->domain == G_TLS_ERROR)
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_TLS,
                 _("The certificate of %s is not trusted (%s). If your network uses its own "
                   "certificate authority, choose its certificate file in Preferences."),
                 url, soup_error->message);
  else
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_UNREACHABLE,
                 _("Could not reach the server at %s (%s). The local catalogue was not changed."),
                 url, soup_error->message);

  g_error_free (soup_error);
  return FALSE;
}

static gboolean
set_status_error (Run         *run,
                  SoupMessage *msg,
                  GError     **error)
{
  g_autofree char *url = g_uri_to_string (run->base);
  guint status = soup_message_get_status (msg);

  if (status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BUSY,
                 _("The server is busy (HTTP %u). The local catalogue was not changed; "
                   "try again in a few minutes."), status);
  else if (status >= 500)
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_SERVER,
                 _("The server had an internal error (HTTP %u). The local catalogue was not "
                   "changed; try again later."), status);
  else
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_NOT_A_SERVER,
                 _("The address %s does not answer as a Jianguan server (HTTP %u %s). "
                   "Check the server address in Preferences."),
                 url, status, soup_message_get_reason_phrase (msg) ?: "");
  return FALSE;
}

static gboolean
set_malformed (GError     **error,
               const char  *detail)
{
  g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED,
               _("The server sent a malformed answer (%s). The local catalogue was not changed."),
               detail);
  return FALSE;
}

/* GETs @path_and_query relative to the server URL. Returns the body of a
 * 200 answer, or NULL with @error set; on 304 returns NULL with no error and
 * *not_modified set. */
static GBytes *
get_body (Run         *run,
          const char  *path_and_query,
          const char  *if_none_match,
          char       **etag_out,
          gboolean    *not_modified,
          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  guint status;

  if (not_modified)
    *not_modified = FALSE;

  uri = g_uri_parse_relative (run->base, path_and_query, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BAD_URL,
                   _("“%s” is not a server address. Use an address such as http://127.0.0.1:8437/."),
                   run->self->server_url);
      return NULL;
    }

  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json");
  if (if_none_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "If-None-Match", if_none_match);

  body = soup_session_send_and_read (run->session, msg, run->cancellable, &local_error);
  if (body == NULL)
    {
      set_transport_error (run, g_steal_pointer (&local_error), error);
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NOT_MODIFIED && not_modified != NULL)
    {
      *not_modified = TRUE;
      return NULL;
    }
  if (status != SOUP_STATUS_OK)
    {
      set_status_error (run, msg, error);
      return NULL;
    }

  if (etag_out != NULL)
    *etag_out = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "ETag"));

  return g_steal_pointer (&body);
}

/* GETs a small JSON document (server info) and parses it with json-glib. */
static JsonNode *
get_json (Run         *run,
          const char  *path_and_query,
          GError     **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize size;
  const char *data;

  body = get_body (run, path_and_query, NULL, NULL, NULL, error);
  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      set_malformed (error, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_malformed (error, _("the answer is not a JSON object"));
      return NULL;
    }

  return json_node_ref (root);
}

/* A GET in a thread of its own, so that the next page downloads while this
 * one is applied (libsoup ≥ 3.2 sends messages from any thread). */
typedef struct {
  Run       *run;
  char      *path;
  GThread   *thread;
  GBytes    *body;
  char      *etag;
  gboolean   not_modified;
  GError    *error;
} Fetch;

static gpointer
fetch_thread (gpointer data)
{
  Fetch *fetch = data;

  fetch->body = get_body (fetch->run, fetch->path, NULL, &fetch->etag,
                          &fetch->not_modified, &fetch->error);
  return NULL;
}

static Fetch *
fetch_start (Run        *run,
             const char *path)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->run = run;
  fetch->path = g_strdup (path);
  fetch->thread = g_thread_new ("jg-prefetch", fetch_thread, fetch);
  return fetch;
}

/* Waits for the GET and frees it; its results move to the out arguments. */
static GBytes *
fetch_finish (Fetch     *fetch,
              char     **etag,
              gboolean  *not_modified,
              GError   **error)
{
  GBytes *body;

  g_thread_join (fetch->thread);
  body = fetch->body;
  *etag = fetch->etag;
  *not_modified = fetch->not_modified;
  if (fetch->error != NULL)
    g_propagate_error (error, fetch->error);
  g_free (fetch->path);
  g_free (fetch);
  return body;
}

static void
fetch_discard (Fetch *fetch)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  gboolean not_modified;

  if (fetch != NULL)
    body = fetch_finish (fetch, &etag, &not_modified, &error);
}

/* --- applying changes ----------------------------------------------------- */

/* A text member of a change's data: NULL when absent or null; an error for
 * any other type. */
static gboolean
get_string (const JgChange  *change,
            const char      *name,
            const char     **out,
            GError         **error)
{
  JgValueKind kind;

  *out = jg_change_get_field (change, name, &kind);
  if (kind == JG_VALUE_ABSENT || kind == JG_VALUE_NULL || kind == JG_VALUE_STRING)
    return TRUE;

  {
    g_autofree char *detail = g_strdup_printf (_("the field “%s” is not text"), name);
    return set_malformed (error, detail);
  }
}

static gboolean
get_required_string (const JgChange  *change,
                     const char      *name,
                     const char     **out,
                     GError         **error)
{
  if (!get_string (change, name, out, error))
    return FALSE;

  if (*out == NULL || **out == '\0')
    {
      g_autofree char *detail = g_strdup_printf (_("the field “%s” is missing"), name);
      return set_malformed (error, detail);
    }

  return TRUE;
}

typedef struct {
  const char  *type;            /* entity type on the wire */
  const char  *upsert_sql;      /* parameters ?1.. in the order of fields[] */
  const char  *delete_sql;      /* ?1 = key */
  const char  *fields[16];      /* JSON members; the first is the key */
  guint        n_required;      /* the first n fields must be present */
  int          bool_field;      /* index of a boolean member stored as 0/1, or -1 */
} EntityKind;

static const EntityKind entity_kinds[] = {
  {
    "department",
    "INSERT INTO department (code, name, short_name, region) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,"
    " region = excluded.region",
    "DELETE FROM department WHERE code = ?1",
    { "code", "name", "short_name", "region", NULL }, 2, -1,
  },
  {
    "item",
    "INSERT INTO main_item (code, name, department, status, version) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, department = excluded.department,"
    " status = excluded.status, version = excluded.version",
    "DELETE FROM main_item WHERE code = ?1",
    { "code", "name", "department", "status", "version", NULL }, 2, -1,
  },
  {
    "subitem",
    "INSERT INTO sub_item (code, name, main_code, department, objects, form, action_type,"
    " legal_basis, method, process, result, level, status, effective_date, cancel_date)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, main_code = excluded.main_code,"
    " department = excluded.department, objects = excluded.objects, form = excluded.form,"
    " action_type = excluded.action_type, legal_basis = excluded.legal_basis,"
    " method = excluded.method, process = excluded.process, result = excluded.result,"
    " level = excluded.level, status = excluded.status,"
    " effective_date = excluded.effective_date, cancel_date = excluded.cancel_date",
    "DELETE FROM sub_item WHERE code = ?1",
    { "code", "name", "main_code", "department", "objects", "form", "action_type",
      "legal_basis", "method", "process", "result", "level", "status",
      "effective_date", "cancel_date", NULL }, 2, -1,
  },
  {
    "implementation",
    "INSERT INTO impl_entry (code, sub_item, region, body_name, body_code, body_nature,"
    " delegated_name, delegated_code, level, objects, check_category, random_check,"
    " proportion, frequency, content)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    " ON CONFLICT (code) DO UPDATE SET sub_item = excluded.sub_item, region = excluded.region,"
    " body_name = excluded.body_name, body_code = excluded.body_code,"
    " body_nature = excluded.body_nature, delegated_name = excluded.delegated_name,"
    " delegated_code = excluded.delegated_code, level = excluded.level,"
    " objects = excluded.objects, check_category = excluded.check_category,"
    " random_check = excluded.random_check, proportion = excluded.proportion,"
    " frequency = excluded.frequency, content = excluded.content",
    "DELETE FROM impl_entry WHERE code = ?1",
    { "code", "subitem", "region", "body_name", "body_code", "body_nature",
      "delegated_name", "delegated_code", "level", "objects", "check_category",
      "random_check", "proportion", "frequency", "content", NULL }, 2, 11,
  },
  {
    "officer",
    "INSERT INTO officer (id, name, department, cert_no, issuer, cert_valid_from,"
    " cert_valid_to, area, category, nature, region)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, department = excluded.department,"
    " cert_no = excluded.cert_no, issuer = excluded.issuer,"
    " cert_valid_from = excluded.cert_valid_from, cert_valid_to = excluded.cert_valid_to,"
    " area = excluded.area, category = excluded.category, nature = excluded.nature,"
    " region = excluded.region",
    "DELETE FROM officer WHERE id = ?1",
    { "id", "name", "department", "cert_no", "issuer", "cert_valid_from", "cert_valid_to",
      "area", "category", "nature", "region", NULL }, 2, -1,
  },
};

static gboolean
step_done (JgStore       *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autoptr(GError) store_error = NULL;

      jg_store_set_error (store, &store_error, rc);
      g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_STORE, "%s", store_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
apply_code (Run             *run,
            const char      *op,
            const char      *key,
            const JgChange  *data,
            GError         **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (op, "delete"))
    {
      const char *slash = strchr (key, '/');
      g_autofree char *table = NULL;

      if (slash == NULL)
        return set_malformed (error, _("a code-table key has no “/”"));

      table = g_strndup (key, slash - key);
      stmt = jg_store_prepare (run->store, "DELETE FROM code_entry WHERE tbl = ?1 AND code = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, slash + 1, -1, SQLITE_STATIC);
    }
  else
    {
      const char *table, *code, *name, *sort;

      if (!get_required_string (data, "table", &table, error) ||
          !get_required_string (data, "code", &code, error) ||
          !get_required_string (data, "name", &name, error))
        return FALSE;

      stmt = jg_store_prepare (run->store,
                               "INSERT INTO code_entry (tbl, code, name, sort) VALUES (?1, ?2, ?3, ?4)"
                               " ON CONFLICT (tbl, code) DO UPDATE SET name = excluded.name,"
                               " sort = excluded.sort",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
      sort = jg_change_get_field (data, "sort", NULL);
      sqlite3_bind_int64 (stmt, 4, sort ? g_ascii_strtoll (sort, NULL, 10) : 0);
    }

  return step_done (run->store, stmt, error);
}

static gboolean
apply_entity (Run               *run,
              const EntityKind  *kind,
              const char        *op,
              const char        *key,
              const JgChange    *data,
              GError           **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (op, "delete"))
    {
      stmt = jg_store_prepare (run->store, kind->delete_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      return step_done (run->store, stmt, error);
    }

  stmt = jg_store_prepare (run->store, kind->upsert_sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; kind->fields[i] != NULL; i++)
    {
      const char *value;

      if ((int) i == kind->bool_field)
        {
          JgValueKind value_kind;
          const char *b = jg_change_get_field (data, kind->fields[i], &value_kind);

          sqlite3_bind_int (stmt, i + 1,
                            (value_kind == JG_VALUE_BOOL || value_kind == JG_VALUE_INT) &&
                            strcmp (b, "0") != 0);
          continue;
        }

      if (i < kind->n_required)
        {
          if (!get_required_string (data, kind->fields[i], &value, error))
            return FALSE;
        }
      else if (!get_string (data, kind->fields[i], &value, error))
        return FALSE;

      sqlite3_bind_text (stmt, i + 1, value, -1, SQLITE_STATIC);
    }

  return step_done (run->store, stmt, error);
}

static gboolean
apply_change (Run             *run,
              const char      *feed,
              const JgChange  *change,
              GError         **error)
{
  const char *type = jg_change_get_type (change);
  const char *op = jg_change_get_op (change);
  const char *key = jg_change_get_key (change);

  if (type == NULL || op == NULL || key == NULL || *key == '\0')
    return set_malformed (error, _("a change has no type, operation or key"));

  if (!g_str_equal (op, "put") && !g_str_equal (op, "delete"))
    return set_malformed (error, _("a change has an unknown operation"));

  if (g_str_equal (op, "put") && !jg_change_has_data (change))
    return set_malformed (error, _("a change has no data"));

  if (g_str_equal (type, "code"))
    return apply_code (run, op, key, change, error);

  for (guint i = 0; i < G_N_ELEMENTS (entity_kinds); i++)
    if (g_str_equal (type, entity_kinds[i].type))
      return apply_entity (run, &entity_kinds[i], op, key, change, error);

  /* A newer server may publish types this version does not know: skip them
   * rather than refuse the whole catalogue. */
  g_debug ("Skipping unknown entity type “%s” in feed %s", type, feed);
  return TRUE;
}

/* --- feeds ---------------------------------------------------------------- */

static gboolean
load_cursor (Run         *run,
             const char  *feed,
             gint64      *cursor,
             char       **etag,
             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (run->store, "SELECT cursor, etag FROM sync_cursor WHERE feed = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, feed, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *cursor = 0;
  *etag = NULL;
  if (rc == SQLITE_ROW)
    {
      *cursor = sqlite3_column_int64 (stmt, 0);
      *etag = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
save_cursor (Run         *run,
             const char  *feed,
             gint64       cursor,
             const char  *etag,
             GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (run->store,
                           "INSERT INTO sync_cursor (feed, cursor, etag) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor,"
                           " etag = excluded.etag",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, feed, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, cursor);
  sqlite3_bind_text (stmt, 3, etag, -1, SQLITE_STATIC);
  return step_done (run->store, stmt, error);
}

typedef struct {
  Run        *run;
  const char *feed;
  gint64      last_seq;
} PageState;

static gboolean
on_change (const JgChange  *change,
           gpointer         user_data,
           GError         **error)
{
  PageState *state = user_data;
  gint64 seq = jg_change_get_seq (change);

  if (seq <= state->last_seq)
    return set_malformed (error, _("the changes are out of order"));
  state->last_seq = seq;

  return apply_change (state->run, state->feed, change, error);
}

/* What is wrong with a parsed page (a translated detail), or NULL. */
static const char *
check_page (const JgChangesPage *page,
            const char          *feed,
            gint64               since,
            gint64               last_seq)
{
  if (!page->has_feed || !page->has_since || !page->has_cursor || !page->has_latest ||
      !page->has_more || !page->has_changes)
    return _("a member of the page is missing");
  if (g_strcmp0 (page->feed, feed) != 0)
    return _("the answer is for another feed");
  if (page->since != since || page->cursor < page->since || page->latest < page->cursor)
    return _("the cursors do not fit together");
  if (page->n_changes > 0 && last_seq != page->cursor)
    return _("the page cursor does not match its last change");
  if (page->more && page->n_changes == 0)
    return _("the server announced more changes but sent none");
  return NULL;
}

static char *
page_path (Run        *run,
           const char *feed,
           gint64      since)
{
  return g_strdup_printf ("api/v1/changes/%s?since=%" G_GINT64_FORMAT "&limit=%u",
                          feed, since, run->self->page_size);
}

static gboolean
sync_feed (Run         *run,
           const char  *feed,
           gint64      *cursor_out,
           GError     **error)
{
  g_autofree char *etag = NULL;
  gint64 cursor;
  gboolean first = TRUE;
  Fetch *next = NULL;

  if (!load_cursor (run, feed, &cursor, &etag, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) parse_error = NULL;
      g_autofree char *new_etag = NULL;
      JgChangesPage page;
      PageState state = { run, feed, cursor };
      gboolean not_modified = FALSE;
      gboolean parsed;
      gint64 peek_cursor = -1;
      gboolean peek_more = FALSE;
      const char *problem;
      gsize size;
      const char *data;

      if (next != NULL)
        body = fetch_finish (g_steal_pointer (&next), &new_etag, &not_modified, error);
      else
        {
          g_autofree char *path = page_path (run, feed, cursor);
          body = get_body (run, path, first ? etag : NULL, &new_etag, &not_modified, error);
        }
      if (not_modified)
        break;
      if (body == NULL)
        return FALSE;

      run->all_not_modified = FALSE;
      run->pages++;
      data = g_bytes_get_data (body, &size);

      /* Ask for the next page now; it downloads while this one is applied. */
      if (jg_changes_peek (data, size, &peek_cursor, &peek_more) && peek_more &&
          peek_cursor > cursor)
        {
          g_autofree char *next_path = page_path (run, feed, peek_cursor);
          next = fetch_start (run, next_path);
        }

      /* Changes are applied as they are read; on any error the caller rolls
       * the whole run back, so a bad page leaves nothing behind. */
      parsed = jg_changes_parse (data, size, &page, on_change, &state, &parse_error);
      if (!parsed)
        {
          jg_changes_page_clear (&page);
          g_clear_pointer (&next, fetch_discard);
          if (parse_error->domain == G_IO_ERROR)
            return set_malformed (error, parse_error->message);
          g_propagate_error (error, g_steal_pointer (&parse_error));
          return FALSE;
        }

      /* A page that contradicts what was peeked, or that ends the feed,
       * makes the prefetched page useless. */
      if (next != NULL && (page.cursor != peek_cursor || !page.more))
        g_clear_pointer (&next, fetch_discard);

      problem = check_page (&page, feed, cursor, state.last_seq);
      jg_changes_page_clear (&page);
      if (problem != NULL)
        {
          g_clear_pointer (&next, fetch_discard);
          return set_malformed (error, problem);
        }

      cursor = page.cursor;
      g_free (etag);
      etag = g_steal_pointer (&new_etag);
      first = FALSE;

      run->done += page.n_changes;
      if (page.remaining >= 0)
        run->total = MAX (run->total, run->done + page.remaining);
      else
        run->total = MAX (run->total, run->done + (page.latest - page.cursor));
      if (!page.more)
        run->total = run->done;
      report_progress (run->self, run->done, run->total);

      if (!page.more)
        break;
    }

  *cursor_out = cursor;
  return save_cursor (run, feed, cursor, etag, error);
}

/* A first download fills an empty catalogue: the search triggers are turned
 * off (search_bulk, see jg-migrations.c) and both indexes are built once at
 * the end, inside the same transaction. */
static gboolean
begin_bulk_if_empty (Run     *run,
                     GError **error)
{
  sqlite3_stmt *stmt;
  gboolean empty;

  stmt = jg_store_prepare (run->store, "SELECT NOT EXISTS (SELECT 1 FROM sub_item)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_step (stmt);
  empty = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  run->bulk = empty;
  if (!empty)
    return TRUE;

  return jg_store_exec (run->store, "INSERT INTO search_bulk (active) VALUES (1)", error);
}

static gboolean
end_bulk (Run     *run,
          GError **error)
{
  if (!run->bulk)
    return TRUE;

  /* 'optimize' merges the segments 'rebuild' leaves behind: without it every
   * later delta pays for the many segments (a 1,000-change delta took 1 s
   * instead of 0.4 s on 200,000 items). */
  return jg_store_exec (run->store,
                        "DELETE FROM search_bulk;"
                        "INSERT INTO sub_item_fts (sub_item_fts) VALUES ('rebuild');"
                        "INSERT INTO sub_item_gram (sub_item_gram) VALUES ('rebuild');"
                        "INSERT INTO sub_item_fts (sub_item_fts) VALUES ('optimize');"
                        "INSERT INTO sub_item_gram (sub_item_gram) VALUES ('optimize');",
                        error);
}

static gint64
log_run_start (JgStore *store)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store,
                           "INSERT INTO sync_run (kind, started) VALUES ('catalogue', ?1)",
                           NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return sqlite3_last_insert_rowid (jg_store_get_db (store));
}

static void
log_run_end (JgStore    *store,
             gint64      run_id,
             gboolean    ok,
             guint64     changes,
             const char *message)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store,
                           "UPDATE sync_run SET finished = ?2, ok = ?3, changes = ?4, message = ?5"
                           " WHERE id = ?1",
                           NULL);
  if (stmt == NULL)
    return;

  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 3, ok);
  sqlite3_bind_int64 (stmt, 4, changes);
  sqlite3_bind_text (stmt, 5, message, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

static gboolean
check_server (Run     *run,
              GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *info;

  root = get_json (run, "api/v1/info", &local_error);
  if (root == NULL)
    {
      /* Anything but a transport failure means: not our server. */
      if (g_error_matches (local_error, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED))
        {
          g_autofree char *url = g_uri_to_string (run->base);
          g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_NOT_A_SERVER,
                       _("The address %s does not answer as a Jianguan server. "
                         "Check the server address in Preferences."), url);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  info = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (info, "server", NULL),
                 "jianguan-server") != 0 ||
      json_object_get_int_member_with_default (info, "protocol", 0) != 1)
    {
      g_autofree char *url = g_uri_to_string (run->base);
      g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_NOT_A_SERVER,
                   _("The address %s does not answer as a Jianguan server of a version this "
                     "program understands. Check the server address in Preferences."), url);
      return FALSE;
    }

  return TRUE;
}

gboolean
jg_catalogue_sync_run (JgCatalogueSync  *self,
                       JgSyncResult     *result,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(JgStore) store = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GError) local_error = NULL;
  JgSyncResult res = { 0, };
  Run run = { 0, };
  gint64 run_id;

  g_return_val_if_fail (JG_IS_CATALOGUE_SYNC (self), FALSE);

  base = jg_http_parse_server_url (self->server_url, error);
  if (base == NULL)
    return FALSE;

  store = jg_store_open (self->db_path, error);
  if (store == NULL)
    return FALSE;

  /* One transaction may write the whole catalogue: a page cache large enough
   * to hold its B-tree pages avoids spilling (and rewriting) them to the WAL
   * again and again before the commit. */
  if (!jg_store_exec (store, "PRAGMA cache_size = -" G_STRINGIFY (SYNC_CACHE_KIB), error))
    return FALSE;

  session = jg_http_session_new (self->ca_file, error);
  if (session == NULL)
    return FALSE;

  run.self = self;
  run.store = store;
  run.session = session;
  run.base = base;
  run.cancellable = cancellable;
  run.all_not_modified = TRUE;

  run_id = log_run_start (store);

  if (!check_server (&run, &local_error))
    goto failed;

  if (!jg_store_begin (store, &local_error))
    goto failed;

  if (!begin_bulk_if_empty (&run, &local_error) ||
      !sync_feed (&run, "codes", &res.cursor_codes, &local_error) ||
      !sync_feed (&run, "catalogue", &res.cursor_catalogue, &local_error) ||
      !end_bulk (&run, &local_error))
    {
      jg_store_rollback (store);
      goto failed;
    }

  if (!jg_store_commit (store, &local_error))
    {
      jg_store_rollback (store);
      goto failed;
    }

  res.changes_applied = run.done;
  res.pages = run.pages;
  res.not_modified = run.all_not_modified;
  log_run_end (store, run_id, TRUE, run.done, NULL);

  if (result != NULL)
    *result = res;
  return TRUE;

failed:
  log_run_end (store, run_id, FALSE, 0, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  JgCatalogueSync *self = source_object;
  JgSyncResult *result = g_new0 (JgSyncResult, 1);
  GError *error = NULL;

  if (jg_catalogue_sync_run (self, result, cancellable, &error))
    g_task_return_pointer (task, result, g_free);
  else
    {
      g_free (result);
      g_task_return_error (task, error);
    }
}

void
jg_catalogue_sync_run_async (JgCatalogueSync     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JG_IS_CATALOGUE_SYNC (self));

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_catalogue_sync_run_async);
  g_task_run_in_thread (task, run_thread);
}

gboolean
jg_catalogue_sync_run_finish (JgCatalogueSync  *self,
                              GAsyncResult     *res,
                              JgSyncResult     *result,
                              GError          **error)
{
  g_autofree JgSyncResult *value = NULL;

  g_return_val_if_fail (g_task_is_valid (res, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (res), error);
  if (value == NULL)
    return FALSE;

  if (result != NULL)
    *result = *value;
  return TRUE;
}
