/* jg-post-store.c — saving, loading and deleting posts; the post store's
 * own connection for the _async calls
 *
 * The module's other files are listed in jg-post-store-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-post-store-private.h"
#include "jg-record-store.h"

G_DEFINE_QUARK (jg-post-store-error-quark, jg_post_store_error)

struct _JgPostStore
{
  GObject        parent_instance;
  JgStore       *store;         /* the caller's connection */
  GThread       *owner;         /* the thread that made this object */
  GMainContext  *context;       /* its main context, for "changed" */
  GThreadPool   *pool;          /* one thread: the _async tasks in order */
  JgStore       *worker;        /* its connection, opened on first use */
  JgWordingList *wording;
};

G_DEFINE_FINAL_TYPE (JgPostStore, jg_post_store, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
jg_post_store_finalize (GObject *object)
{
  JgPostStore *self = JG_POST_STORE (object);

  /* Every task holds a reference to this object: none is left. Not
   * waiting, as the last reference may be dropped by the pool's thread. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, FALSE);
  g_clear_object (&self->worker);
  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (jg_post_store_parent_class)->finalize (object);
}

static void
jg_post_store_class_init (JgPostStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_post_store_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
jg_post_store_init (JgPostStore *self)
{
  self->owner = g_thread_self ();
  self->context = g_main_context_ref_thread_default ();
}

JgPostStore *
jg_post_store_new (JgStore *store)
{
  JgPostStore *self;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  self = g_object_new (JG_TYPE_POST_STORE, NULL);
  self->store = g_object_ref (store);
  return self;
}

JgStore *
jg_post_store_get_store (JgPostStore *self)
{
  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);
  return self->store;
}

void
jg_post_store_set_wording_list (JgPostStore   *self,
                                JgWordingList *list)
{
  g_return_if_fail (JG_IS_POST_STORE (self));
  self->wording = list;
}

JgWordingList *
jg_post_store_get_wording (JgPostStore *self)
{
  return self->wording;
}

gboolean
jg_post_store_not_found (GError **error)
{
  g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_FOUND,
                       _("The post was not found. It may have been deleted in the meantime."));
  return FALSE;
}

/* --- "changed" and the worker --------------------------------------------- */

typedef struct {
  JgPostStore *self;
  char        *uuid;
} Emission;

static void
emission_free (Emission *emission)
{
  g_object_unref (emission->self);
  g_free (emission->uuid);
  g_free (emission);
}

static gboolean
emit_idle_cb (gpointer user_data)
{
  Emission *emission = user_data;

  g_signal_emit (emission->self, signals[SIGNAL_CHANGED], 0, emission->uuid);
  return G_SOURCE_REMOVE;
}

void
jg_post_store_emit_changed (JgPostStore *self,
                            const char  *uuid)
{
  g_autoptr(GSource) source = NULL;
  Emission *emission;

  if (g_thread_self () == self->owner)
    {
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, uuid);
      return;
    }
  /* Default priority, as a GTask's return: the signal comes first. */
  emission = g_new0 (Emission, 1);
  emission->self = g_object_ref (self);
  emission->uuid = g_strdup (uuid);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_idle_cb, emission, (GDestroyNotify) emission_free);
  g_source_set_static_name (source, "[jianguan] post store changed");
  g_source_attach (source, self->context);
}

void
jg_post_store_notify_changed (JgPostStore *self)
{
  g_return_if_fail (JG_IS_POST_STORE (self));
  jg_post_store_emit_changed (self, NULL);
}

#define WORK_KEY "jg-post-store-work"

/* One thread, first in first out: two autosaves of the same post land in
 * the order they were asked (a thread pool of several could run the older
 * last and lose the newer text). */
static void
worker_func (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  JgPostStore *self = user_data;
  JgPostStoreWork work = (JgPostStoreWork) g_object_get_data (G_OBJECT (task), WORK_KEY);
  GError *error = NULL;

  if (self->worker == NULL)
    self->worker = jg_store_open (jg_store_get_path (self->store), &error);
  if (self->worker == NULL)
    g_task_return_error (task, error);
  else
    work (self, self->worker, task, g_task_get_task_data (task), g_task_get_cancellable (task));
}

void
jg_post_store_run_in_worker (JgPostStore     *self,
                             GTask           *task,
                             JgPostStoreWork  work)
{
  g_object_set_data (G_OBJECT (task), WORK_KEY, (gpointer) work);
  if (self->pool == NULL)
    self->pool = g_thread_pool_new (worker_func, self, 1, FALSE, NULL);
  g_thread_pool_push (self->pool, g_object_ref (task), NULL);
}

/* --- rows ----------------------------------------------------------------- */

void
jg_stored_post_clear (JgStoredPost *stored)
{
  g_free (stored->review_comment);
  g_free (stored->json);
  g_free (stored->server_fields);
}

gboolean
jg_post_store_read_stored (JgStore      *db,
                           const char   *uuid,
                           JgStoredPost *stored,
                           GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (stored, 0, sizeof *stored);
  stmt = jg_store_prepare (db,
                           "SELECT state, revision, ifnull (server_revision, 0), deleting, blank, fields,"
                           " server_fields, review_level, review_comment FROM post WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      stored->exists = TRUE;
      if (!jg_post_state_from_string (jg_store_column_text (stmt, 0), &stored->state))
        stored->state = JG_POST_STATE_DRAFT;
      stored->revision = sqlite3_column_int (stmt, 1);
      stored->server_revision = sqlite3_column_int (stmt, 2);
      stored->deleting = sqlite3_column_int (stmt, 3);
      stored->blank = sqlite3_column_int (stmt, 4);
      stored->json = g_strdup (jg_store_column_text (stmt, 5));
      stored->server_fields = g_strdup (jg_store_column_text (stmt, 6));
      stored->review_level = sqlite3_column_int (stmt, 7);
      stored->review_comment = g_strdup (jg_store_column_text (stmt, 8));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (db, error, rc);
  return TRUE;
}

JgPost *
jg_post_store_load_on (JgStore     *db,
                       const char  *uuid,
                       GError     **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  JgPost *post;

  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    return NULL;
  if (!stored.exists || stored.deleting)
    {
      jg_post_store_not_found (error);
      return NULL;
    }
  post = jg_post_new_from_json (stored.json, error);
  if (post != NULL)
    jg_post_set_identity (post, uuid, stored.revision, stored.state);
  return post;
}

char *
jg_post_store_month_of (gint64 unix_seconds)
{
  g_autoptr(GDateTime) shanghai = g_date_time_new_from_unix_utc (unix_seconds + JG_QUOTA_UTC_OFFSET_SECONDS);

  return shanghai != NULL ? g_date_time_format (shanghai, "%Y-%m") : NULL;
}

/* What the list shows as the post's title. */
static const char *
title_of (JgPost *post)
{
  JgPostColumn column = jg_post_get_column (post);

  if (jg_post_field_index (column, "title") >= 0 && jg_post_get (post, "title") != NULL)
    return jg_post_get (post, "title");
  if (jg_post_field_index (column, "party_name") >= 0)
    return jg_post_get (post, "party_name");
  return NULL;
}

static gboolean
post_is_empty (JgPost *post)
{
  const JgPostFieldSpec *fields;
  guint n;

  fields = jg_post_fields (jg_post_get_column (post), &n);
  for (guint i = 0; i < n; i++)
    if (jg_post_get (post, fields[i].key) != NULL)
      return FALSE;
  return TRUE;
}

/* The keys of the fields that differ between @post and @old (NULL: all
 * non-empty ones), comma-separated, or NULL when none. */
static char *
changed_fields (JgPost *post,
                JgPost *old)
{
  GString *keys = NULL;
  const JgPostFieldSpec *fields;
  guint n;

  fields = jg_post_fields (jg_post_get_column (post), &n);
  for (guint i = 0; i < n; i++)
    {
      const char *before = old != NULL && jg_post_get_column (old) == jg_post_get_column (post)
                           ? jg_post_get (old, fields[i].key) : NULL;

      if (g_strcmp0 (jg_post_get (post, fields[i].key), before) == 0)
        continue;
      if (keys == NULL)
        keys = g_string_new (fields[i].key);
      else
        g_string_append_printf (keys, ",%s", fields[i].key);
    }
  return keys ? g_string_free (keys, FALSE) : NULL;
}

/* Writes @post's row as it is (identity included); @insert for a new row.
 * The month follows the publication time, else the time of this write. */
static gboolean
write_row (JgStore     *db,
           JgPost      *post,
           const char  *department,
           gboolean     insert,
           gboolean     blank,
           GError     **error)
{
  g_autofree char *json = jg_post_to_json (post);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *month = jg_post_store_month_of (now);
  sqlite3_stmt *stmt;

  if (insert)
    stmt = jg_store_prepare (db,
                             "INSERT INTO post (uuid, column_key, department, revision, state, title, month,"
                             " fields, blank, created_at, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)", error);
  else
    stmt = jg_store_prepare (db,
                             "UPDATE post SET column_key = ?2, department = ?3, revision = ?4, state = ?5,"
                             " title = ?6, month = CASE WHEN published_at IS NULL THEN ?7 ELSE month END,"
                             " fields = ?8, blank = ?9, updated_at = ?10 WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, jg_post_get_uuid (post));
  jg_store_bind_text (stmt, 2, jg_post_column_to_string (jg_post_get_column (post)));
  jg_store_bind_text (stmt, 3, department);
  sqlite3_bind_int (stmt, 4, jg_post_get_revision (post));
  jg_store_bind_text (stmt, 5, jg_post_state_to_string (jg_post_get_state (post)));
  jg_store_bind_text (stmt, 6, title_of (post));
  jg_store_bind_text (stmt, 7, month);
  jg_store_bind_text (stmt, 8, json);
  sqlite3_bind_int (stmt, 9, blank);
  sqlite3_bind_int64 (stmt, 10, now);
  return jg_store_step_done (db, stmt, error);
}

/* Which stored images the post shows, in order. */
static gboolean
write_image_uses (JgStore     *db,
                  JgPost      *post,
                  GError     **error)
{
  g_auto(GStrv) hashes = jg_post_get_image_hashes (post);
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (db, "DELETE FROM post_image_use WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, jg_post_get_uuid (post));
  if (!jg_store_step_done (db, stmt, error))
    return FALSE;
  for (guint i = 0; hashes != NULL && hashes[i] != NULL; i++)
    {
      stmt = jg_store_prepare (db, "INSERT INTO post_image_use (uuid, pos, sha256) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, jg_post_get_uuid (post));
      sqlite3_bind_int (stmt, 2, i);
      jg_store_bind_text (stmt, 3, hashes[i]);
      if (!jg_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
jg_post_store_remove_row (JgStore     *db,
                          const char  *uuid,
                          GError     **error)
{
  static const char * const sql[] = {
    "DELETE FROM post WHERE uuid = ?1",
    "DELETE FROM post_check WHERE uuid = ?1",
    "DELETE FROM post_image_use WHERE uuid = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = jg_store_prepare (db, sql[i], error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      if (!jg_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* --- saving --------------------------------------------------------------- */

/* The state and revision an edit of a stored post gives it: a revision
 * the server holds is never changed, the edit becomes the next one. */
static gboolean
edited_identity (const JgStoredPost  *stored,
                 JgPostState         *state,
                 guint               *revision,
                 GError             **error)
{
  if (stored->state == JG_POST_STATE_WITHDRAWN)
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED,
                           _("A withdrawn post stays in the history as it was published. "
                             "Write a new post instead. Nothing was changed."));
      return FALSE;
    }
  *state = JG_POST_STATE_DRAFT;
  *revision = stored->revision;
  if (stored->server_revision >= stored->revision)
    (*revision)++;
  return TRUE;
}

/* @changed: whether anything was written. */
static gboolean
save_on (JgStore     *db,
         JgPost      *post,
         gboolean     blank,
         gboolean    *changed,
         GError     **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  g_autoptr(JgPost) old = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *department = NULL;
  const char *uuid = jg_post_get_uuid (post);
  JgPostState state = jg_post_get_state (post);
  guint revision = jg_post_get_revision (post);

  *changed = FALSE;
  department = g_strdup (jg_post_get_department (post));
  if (department == NULL)
    department = jg_record_store_get_department (db);
  if (department == NULL)
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NO_DEPARTMENT,
                           _("Choose your department on the Records page (or with jianguan-cli --department) "
                             "before writing posts. Nothing was saved."));
      return FALSE;
    }

  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;

  if (!stored.exists)
    {
      /* A draft nobody wrote anything in is not kept. */
      if (!blank && post_is_empty (post))
        {
          jg_store_rollback (db);
          return TRUE;
        }
      fields = changed_fields (post, NULL);
      if (!write_row (db, post, department, TRUE, blank, error)
          || !write_image_uses (db, post, error)
          || !jg_post_store_add_audit (db, uuid, NULL, "create", NULL, jg_post_state_to_string (state),
                                       revision, fields, error))
        goto fail;
    }
  else
    {
      if (stored.deleting)
        {
          jg_post_store_not_found (error);
          goto fail;
        }
      old = jg_post_new_from_json (stored.json, NULL);
      fields = changed_fields (post, old);
      if (fields == NULL)
        {
          /* Nothing changed: keep the stored identity. */
          jg_post_set_identity (post, NULL, stored.revision, stored.state);
          jg_store_rollback (db);
          return TRUE;
        }
      if (!edited_identity (&stored, &state, &revision, error))
        goto fail;
      jg_post_set_identity (post, NULL, revision, state);
      if (!write_row (db, post, department, FALSE, FALSE, error)
          || !write_image_uses (db, post, error)
          || !jg_post_store_add_audit (db, uuid, NULL, "edit", jg_post_state_to_string (stored.state),
                                       jg_post_state_to_string (state), revision, fields, error))
        {
          jg_post_set_identity (post, NULL, stored.revision, stored.state);
          goto fail;
        }
    }

  if (!jg_store_commit (db, error))
    goto fail;
  *changed = TRUE;
  return TRUE;

fail:
  jg_store_rollback (db);
  return FALSE;
}

gboolean
jg_post_store_save (JgPostStore  *self,
                    JgPost       *post,
                    GError      **error)
{
  gboolean changed;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (JG_IS_POST (post), FALSE);

  if (!save_on (self->store, post, FALSE, &changed, error))
    return FALSE;
  if (changed)
    jg_post_store_emit_changed (self, jg_post_get_uuid (post));
  return TRUE;
}

typedef struct {
  JgPost *post;     /* the caller's */
  JgPost *copy;     /* what is saved */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->post);
  g_clear_object (&data->copy);
  g_free (data);
}

static void
save_work (JgPostStore  *self,
           JgStore      *db,
           GTask        *task,
           gpointer      task_data,
           GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  gboolean changed;

  if (!save_on (db, data->copy, FALSE, &changed, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (changed)
    jg_post_store_emit_changed (self, jg_post_get_uuid (data->copy));
  g_task_return_boolean (task, TRUE);
}

void
jg_post_store_save_async (JgPostStore         *self,
                          JgPost              *post,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (JG_IS_POST_STORE (self));
  g_return_if_fail (JG_IS_POST (post));

  data = g_new0 (SaveData, 1);
  data->post = g_object_ref (post);
  data->copy = jg_post_copy (post);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_post_store_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  jg_post_store_run_in_worker (self, task, save_work);
}

gboolean
jg_post_store_save_finish (JgPostStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  SaveData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  jg_post_set_identity (data->post, NULL, jg_post_get_revision (data->copy),
                        jg_post_get_state (data->copy));
  return TRUE;
}

/* --- blank drafts --------------------------------------------------------- */

JgPost *
jg_post_store_create_blank (JgPostStore   *self,
                            JgPostColumn   column,
                            GError       **error)
{
  g_autofree char *department = NULL;
  g_autoptr(JgPost) post = NULL;
  gboolean changed;

  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);

  department = jg_record_store_get_department (self->store);
  post = jg_post_new (column, department);
  if (!save_on (self->store, post, TRUE, &changed, error))
    return NULL;
  jg_post_store_emit_changed (self, jg_post_get_uuid (post));
  return g_steal_pointer (&post);
}

gboolean
jg_post_store_is_blank (JgPostStore *self,
                        const char  *uuid)
{
  sqlite3_stmt *stmt;
  gboolean blank;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);

  /* Every save that changes a field and every change of state clears
   * blank; the other conditions guard against a row that was sent. */
  stmt = jg_store_prepare (self->store,
                           "SELECT 1 FROM post WHERE uuid = ? AND blank = 1 AND state = 'draft'"
                           " AND server_revision IS NULL AND deleting = 0", NULL);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  blank = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return blank;
}

gboolean
jg_post_store_discard_blank (JgPostStore  *self,
                             const char   *uuid,
                             gboolean     *discarded,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);

  if (discarded != NULL)
    *discarded = FALSE;
  if (!jg_store_begin (self->store, error))
    return FALSE;
  if (!jg_post_store_is_blank (self, uuid))
    {
      jg_store_rollback (self->store);
      return TRUE;
    }
  /* Its audit trail goes too: nobody did anything worth a trace. */
  stmt = jg_store_prepare (self->store, "DELETE FROM post_audit WHERE uuid = ?", error);
  if (stmt == NULL)
    goto fail;
  jg_store_bind_text (stmt, 1, uuid);
  if (!jg_store_step_done (self->store, stmt, error)
      || !jg_post_store_remove_row (self->store, uuid, error)
      || !jg_store_commit (self->store, error))
    goto fail;
  if (discarded != NULL)
    *discarded = TRUE;
  jg_post_store_emit_changed (self, uuid);
  return TRUE;

fail:
  jg_store_rollback (self->store);
  return FALSE;
}

/* --- loading -------------------------------------------------------------- */

JgPost *
jg_post_store_load (JgPostStore  *self,
                    const char   *uuid,
                    GError      **error)
{
  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return jg_post_store_load_on (self->store, uuid, error);
}

static void
load_work (JgPostStore  *self,
           JgStore      *db,
           GTask        *task,
           gpointer      task_data,
           GCancellable *cancellable)
{
  GError *error = NULL;
  JgPost *post = jg_post_store_load_on (db, task_data, &error);

  if (post == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, post, g_object_unref);
}

void
jg_post_store_load_async (JgPostStore         *self,
                          const char          *uuid,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JG_IS_POST_STORE (self));
  g_return_if_fail (uuid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_post_store_load_async);
  g_task_set_task_data (task, g_strdup (uuid), g_free);
  jg_post_store_run_in_worker (self, task, load_work);
}

JgPost *
jg_post_store_load_finish (JgPostStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- deleting ------------------------------------------------------------- */

gboolean
jg_post_store_delete (JgPostStore  *self,
                      const char   *uuid,
                      GError      **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  JgStore *db;
  sqlite3_stmt *stmt;
  gboolean never_sent;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);

  db = self->store;
  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;
  if (!stored.exists || stored.deleting)
    {
      jg_post_store_not_found (error);
      goto fail;
    }
  if (stored.state == JG_POST_STATE_PUBLISHED || stored.state == JG_POST_STATE_WITHDRAWN)
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED,
                           _("A published post is not deleted: withdraw it, with a reason, and it "
                             "leaves the public column. Nothing was deleted."));
      goto fail;
    }

  never_sent = stored.server_revision == 0 && stored.state != JG_POST_STATE_SENDING;
  if (never_sent)
    {
      if (!jg_post_store_remove_row (db, uuid, error))
        goto fail;
    }
  else
    {
      stmt = jg_store_prepare (db,
                               "UPDATE post SET deleting = 1, deleted_state = state, updated_at = ?2"
                               " WHERE uuid = ?1", error);
      if (stmt == NULL)
        goto fail;
      jg_store_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      if (!jg_store_step_done (db, stmt, error))
        goto fail;
    }
  if (!jg_post_store_add_audit (db, uuid, NULL, "delete", jg_post_state_to_string (stored.state), NULL,
                                stored.revision, NULL, error)
      || !jg_store_commit (db, error))
    goto fail;
  jg_post_store_emit_changed (self, uuid);
  return TRUE;

fail:
  jg_store_rollback (db);
  return FALSE;
}

/* Whether the last entry of @uuid's audit trail is its deletion: a
 * removed post whose deletion is the last word was never sent. */
static gboolean
last_audit_is_delete (JgStore     *db,
                      const char  *uuid,
                      gboolean    *is_delete,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (db, "SELECT action FROM post_audit WHERE uuid = ? ORDER BY id DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  *is_delete = rc == SQLITE_ROW && g_strcmp0 (jg_store_column_text (stmt, 0), "delete") == 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (db, error, rc);
  return TRUE;
}

gboolean
jg_post_store_undelete (JgPostStore  *self,
                        JgPost       *post,
                        GError      **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  g_autofree char *department = NULL;
  JgStore *db;
  const char *uuid;
  sqlite3_stmt *stmt;
  gboolean removed;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (JG_IS_POST (post), FALSE);

  db = self->store;
  uuid = jg_post_get_uuid (post);
  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;

  if (stored.exists)
    {
      /* A deletion on its way to the server cannot be called back. */
      if (!stored.deleting || stored.state == JG_POST_STATE_SENDING)
        goto gone;
      stmt = jg_store_prepare (db,
                               "UPDATE post SET deleting = 0, deleted_state = NULL, updated_at = ?2"
                               " WHERE uuid = ?1", error);
      if (stmt == NULL)
        goto fail;
      jg_store_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      if (!jg_store_step_done (db, stmt, error))
        goto fail;
    }
  else
    {
      if (!last_audit_is_delete (db, uuid, &removed, error))
        goto fail;
      if (!removed)
        goto gone;
      department = g_strdup (jg_post_get_department (post));
      if (department == NULL)
        department = jg_record_store_get_department (db);
      if (!write_row (db, post, department, TRUE, FALSE, error)
          || !write_image_uses (db, post, error))
        goto fail;
    }

  if (!jg_post_store_add_audit (db, uuid, NULL, "restore", NULL,
                                jg_post_state_to_string (jg_post_get_state (post)),
                                jg_post_get_revision (post), NULL, error)
      || !jg_store_commit (db, error))
    goto fail;
  jg_post_store_emit_changed (self, uuid);
  return TRUE;

gone:
  g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_FOUND,
                       _("The post cannot be restored: its deletion has already been sent to the server."));
fail:
  jg_store_rollback (db);
  return FALSE;
}
