/* jg-server-db-uuids.c — schema step 7: the UUIDs an older server kept upper-case
 *
 * The server lowers every UUID it reads (PROTOCOL.md, "Limits"), but did
 * not before, within the same schema 6: a database of schema 6 or earlier
 * can hold upper-case ones, and both spellings of one UUID as two records
 * or two posts. This step lowers every stored UUID (records, posts, and
 * the installations that are UUIDs) with the references between the
 * tables, and keeps one copy of each record and post, the one a resend
 * would have kept: the spellings are taken in the order the server first
 * received them, the first is held, and each later one replaces it only
 * where the push would have accepted it as a later revision of the held
 * one (jg-server-records.c, jg-server-posts.c); an equal revision, an
 * older one, another department's or a revision of a deleted record keeps
 * the held copy, as the push answers those with "accepted" (identical) or
 * 409 or 403 and stores nothing.
 *
 * The kept copy's rows are renamed; the others' head, revisions and feed
 * entry are dropped. A record the server never held (every push of it
 * rejected) has only its state in the feed: the newest state of its
 * spellings stands, unless the server holds the record under another.
 * A sign-off is never deleted (the schema's triggers): those of a copy
 * that was not kept stay under its spelling with ":lost" appended, which
 * no request can name. A record or post whose spelling changed is put in
 * its department's feed again with a new seq, so that the clients learn
 * its lower-case id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-db-private.h"
#include "jg-server-posts-private.h"

#include <string.h>

#define LOWER_FAILED "Could not lower the stored UUIDs"
#define LOST_SUFFIX ":lost"
#define POST_RETURNED "returned"
#define POST_DELETED "deleted"

/* One stored spelling of a UUID: its head row. */
typedef struct {
  char   *uuid;
  char   *department;
  gint64  revision;
  char   *state;        /* a record's op ("i", "u", "d"), a post's state */
} Spelling;

static void
spelling_clear (gpointer data)
{
  Spelling *s = data;

  g_free (s->uuid);
  g_free (s->department);
  g_free (s->state);
}

/* Runs @sql with its parameters bound to @args, in order (NULL-terminated). */
static gboolean
run (JgServerDb          *db,
     const char          *sql,
     const char * const  *args,
     GError             **error)
{
  sqlite3_stmt *stmt = jg_server_db_prepare_cached (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; args[i] != NULL; i++)
    sqlite3_bind_text (stmt, i + 1, args[i], -1, SQLITE_TRANSIENT);
  return jg_server_db_step_done (db, stmt, LOWER_FAILED, error);
}

/* The first column of every row of @sql (one statement, no parameter). */
static GPtrArray *
read_column (JgServerDb  *db,
             const char  *sql,
             GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = jg_server_db_prepare_cached (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (!jg_server_db_stepped (db, stmt, rc, LOWER_FAILED, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* Whether the push would accept record @later over the @held one
 * (PROTOCOL.md, "Pushing records"): a deletion of the revision held or a
 * later one, or a later revision, of a record not deleted. */
static gboolean
record_replaces (const Spelling *held,
                 const Spelling *later)
{
  if (strcmp (held->department, later->department) != 0 || strcmp (held->state, "d") == 0)
    return FALSE;
  if (strcmp (later->state, "d") == 0)
    return later->revision >= held->revision;
  return later->revision > held->revision;
}

/* Whether the push would accept post @later over the @held one
 * (PROTOCOL.md, "Pushing posts"): only a returned post takes a later
 * revision (or its deletion). */
static gboolean
post_replaces (const Spelling *held,
               const Spelling *later)
{
  return strcmp (held->department, later->department) == 0 &&
         strcmp (held->state, POST_RETURNED) == 0 &&
         later->revision > held->revision;
}

typedef gboolean (*Replaces) (const Spelling *held,
                              const Spelling *later);

/* The spellings of @lower (uuid, department, revision, state), as @sql
 * reads them in the order the server first received them, and in @kept
 * the one a resend would have kept: the first, unless a later one
 * @replaces the one held before it. */
static GArray *
read_spellings (JgServerDb      *db,
                const char      *sql,
                const char      *lower,
                Replaces         replaces,
                const Spelling **kept,
                GError         **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, TRUE, sizeof (Spelling));
  sqlite3_stmt *stmt = jg_server_db_prepare_cached (db, sql, error);
  int rc;

  g_array_set_clear_func (out, spelling_clear);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Spelling s = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        sqlite3_column_int64 (stmt, 2),
        g_strdup ((const char *) sqlite3_column_text (stmt, 3)),
      };

      g_array_append_val (out, s);
    }
  if (!jg_server_db_stepped (db, stmt, rc, LOWER_FAILED, error))
    return NULL;
  *kept = out->len > 0 ? &g_array_index (out, Spelling, 0) : NULL;
  for (guint i = 1; i < out->len; i++)
    if (replaces (*kept, &g_array_index (out, Spelling, i)))
      *kept = &g_array_index (out, Spelling, i);
  return g_steal_pointer (&out);
}

static gboolean
lower_record (JgServerDb  *db,
              const char  *lower,
              GError     **error)
{
  const Spelling *kept = NULL;
  g_autoptr(GArray) spellings = read_spellings (db,
    "SELECT uuid, department, revision, op FROM record r WHERE lower (uuid) = ?1"
    " ORDER BY (SELECT min (id) FROM record_revision rr WHERE rr.uuid = r.uuid), rowid",
    lower, record_replaces, &kept, error);
  g_autofree char *feed = NULL;

  if (spellings == NULL || kept == NULL)
    return spellings != NULL;
  for (guint i = 0; i < spellings->len; i++)
    {
      const Spelling *s = &g_array_index (spellings, Spelling, i);
      g_autofree char *its_feed = g_strconcat ("records/", s->department, NULL);
      const char *args[] = { s->uuid, NULL };
      const char *change_args[] = { its_feed, s->uuid, NULL };

      if (s == kept)
        continue;
      if (!run (db, "DELETE FROM record WHERE uuid = ?1", args, error) ||
          !run (db, "DELETE FROM record_revision WHERE uuid = ?1", args, error) ||
          !run (db, "DELETE FROM change WHERE feed = ?1 AND type = 'record' AND key = ?2",
                change_args, error))
        return FALSE;
    }
  if (strcmp (kept->uuid, lower) == 0)
    return TRUE;

  feed = g_strconcat ("records/", kept->department, NULL);
  {
    const char *rename_args[] = { lower, kept->uuid, NULL };
    const char *change_args[] = { lower, feed, kept->uuid, NULL };
    const char *old_args[] = { feed, kept->uuid, NULL };

    /* The state under its new key is a new row: a new seq (AUTOINCREMENT). */
    return run (db, "UPDATE record SET uuid = ?1 WHERE uuid = ?2", rename_args, error) &&
           run (db, "UPDATE record_revision SET uuid = ?1 WHERE uuid = ?2", rename_args, error) &&
           run (db, "INSERT OR REPLACE INTO change (feed, type, key, op, data)"
                " SELECT feed, type, ?1, op, json_set (data, '$.uuid', ?1) FROM change"
                " WHERE feed = ?2 AND type = 'record' AND key = ?3", change_args, error) &&
           run (db, "DELETE FROM change WHERE feed = ?1 AND type = 'record' AND key = ?2",
                old_args, error);
  }
}

/* A record state in the change log under an upper-case key. */
typedef struct {
  char   *feed;
  char   *key;
  gint64  seq;
} State;

static void
state_clear (gpointer data)
{
  State *state = data;

  g_free (state->feed);
  g_free (state->key);
}

/* The seq of the state of @key in @feed, 0 when it has none. */
static gboolean
state_seq (JgServerDb  *db,
           const char  *feed,
           const char  *key,
           gint64      *seq,
           GError     **error)
{
  sqlite3_stmt *stmt = jg_server_db_prepare_cached (db, "SELECT seq FROM change"
                                                    " WHERE feed = ?1 AND type = 'record'"
                                                    " AND key = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, feed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *seq = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return jg_server_db_stepped (db, stmt, rc, LOWER_FAILED, error);
}

/* The states left under an upper-case key once every record is lowered:
 * those of records the server never held (each of their pushes was
 * rejected). A record the server holds keeps its own state; otherwise
 * the newest state of any spelling stands, as the feed keeps a record's
 * latest state, under the lower-case key. */
static gboolean
lower_states (JgServerDb  *db,
              GError     **error)
{
  g_autoptr(GArray) states = g_array_new (FALSE, TRUE, sizeof (State));
  /* The lower-case keys this step wrote (feed\nkey): newer than any
   * state seen before them, as the states are taken oldest first. */
  g_autoptr(GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = jg_server_db_prepare_cached (db, "SELECT feed, key, seq FROM change"
                                                    " WHERE type = 'record' AND key <> lower (key)"
                                                    " ORDER BY seq", error);
  int rc;

  g_array_set_clear_func (states, state_clear);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      State state = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (states, state);
    }
  if (!jg_server_db_stepped (db, stmt, rc, LOWER_FAILED, error))
    return FALSE;

  for (guint i = 0; i < states->len; i++)
    {
      const State *state = &g_array_index (states, State, i);
      g_autofree char *lower = g_ascii_strdown (state->key, -1);
      g_autofree char *id = g_strconcat (state->feed, "\n", lower, NULL);
      const char *held_args[] = { lower, NULL };
      const char *put_args[] = { lower, state->feed, state->key, NULL };
      const char *drop_args[] = { state->feed, state->key, NULL };
      gboolean held = FALSE, newer;
      gint64 seq;

      stmt = jg_server_db_prepare_cached (db, "SELECT 1 FROM record WHERE uuid = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, held_args[0], -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      held = rc == SQLITE_ROW;
      if (!jg_server_db_stepped (db, stmt, rc, LOWER_FAILED, error) ||
          !state_seq (db, state->feed, lower, &seq, error))
        return FALSE;
      newer = !held && (g_hash_table_contains (written, id) || seq < state->seq);
      if (newer)
        {
          if (!run (db, "INSERT OR REPLACE INTO change (feed, type, key, op, data)"
                    " SELECT feed, type, ?1, op, json_set (data, '$.uuid', ?1) FROM change"
                    " WHERE feed = ?2 AND type = 'record' AND key = ?3", put_args, error))
            return FALSE;
          g_hash_table_add (written, g_steal_pointer (&id));
        }
      if (!run (db, "DELETE FROM change WHERE feed = ?1 AND type = 'record' AND key = ?2",
                drop_args, error))
        return FALSE;
    }
  return TRUE;
}

/* The tables of a post's rows, by its uuid (the sign-offs apart). */
static const char * const post_renames[] = {
  "UPDATE post SET uuid = ?1 WHERE uuid = ?2",
  "UPDATE post_revision SET uuid = ?1 WHERE uuid = ?2",
  "UPDATE post_check SET uuid = ?1 WHERE uuid = ?2",
  "UPDATE post_image SET uuid = ?1 WHERE uuid = ?2",
  "UPDATE post_signoff SET uuid = ?1 WHERE uuid = ?2",
};
static const char * const post_deletes[] = {
  "DELETE FROM post WHERE uuid = ?1",
  "DELETE FROM post_revision WHERE uuid = ?1",
  "DELETE FROM post_check WHERE uuid = ?1",
  "DELETE FROM post_image WHERE uuid = ?1",
};

static gboolean
lower_post (JgServerDb  *db,
            const char  *lower,
            GError     **error)
{
  const Spelling *kept = NULL;
  g_autoptr(GArray) spellings = read_spellings (db,
    "SELECT uuid, department, revision, state FROM post WHERE lower (uuid) = ?1"
    " ORDER BY created_at, rowid", lower, post_replaces, &kept, error);

  if (spellings == NULL || kept == NULL)
    return spellings != NULL;
  for (guint i = 0; i < spellings->len; i++)
    {
      const Spelling *s = &g_array_index (spellings, Spelling, i);
      g_autofree char *its_feed = g_strconcat ("posts/", s->department, NULL);
      g_autofree char *lost = g_strconcat (s->uuid, LOST_SUFFIX, NULL);
      const char *args[] = { s->uuid, NULL };
      const char *lost_args[] = { lost, s->uuid, NULL };
      const char *change_args[] = { its_feed, s->uuid, NULL };

      if (s == kept)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (post_deletes); j++)
        if (!run (db, post_deletes[j], args, error))
          return FALSE;
      if (!run (db, "UPDATE post_signoff SET uuid = ?1 WHERE uuid = ?2", lost_args, error) ||
          !run (db, "DELETE FROM change WHERE feed = ?1 AND type = 'post' AND key = ?2",
                change_args, error))
        return FALSE;
    }
  if (strcmp (kept->uuid, lower) == 0)
    return TRUE;

  {
    g_autofree char *feed = g_strconcat ("posts/", kept->department, NULL);
    const char *rename_args[] = { lower, kept->uuid, NULL };
    const char *change_args[] = { feed, kept->uuid, NULL };

    for (guint j = 0; j < G_N_ELEMENTS (post_renames); j++)
      if (!run (db, post_renames[j], rename_args, error))
        return FALSE;
    return run (db, "DELETE FROM change WHERE feed = ?1 AND type = 'post' AND key = ?2",
                change_args, error) &&
           jg_server_posts_put_feed (db, lower, error);
  }
}

/* An installation that is a UUID is registered lower-case (PROTOCOL.md,
 * "Limits"). One registered under both spellings keeps both rows: the
 * upper-case one is never found again, and its code stays taken (codes
 * are never given back: records carry them). */
static gboolean
lower_installations (JgServerDb  *db,
                     GError     **error)
{
  g_autoptr(GPtrArray) installations = read_column (db,
    "SELECT DISTINCT installation FROM workstation WHERE installation <> lower (installation)",
    error);

  if (installations == NULL)
    return FALSE;
  for (guint i = 0; i < installations->len; i++)
    {
      const char *installation = installations->pdata[i];
      g_autofree char *lower = g_ascii_strdown (installation, -1);
      const char *args[] = { lower, installation, NULL };

      if (g_uuid_string_is_valid (installation) &&
          !run (db, "UPDATE OR IGNORE workstation SET installation = ?1"
                " WHERE installation = ?2", args, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
jg_server_db_lower_uuids (JgServerDb  *self,
                          GError     **error)
{
  g_autoptr(GPtrArray) records = read_column (self,
    "SELECT DISTINCT lower (uuid) FROM record WHERE uuid <> lower (uuid)", error);
  g_autoptr(GPtrArray) posts = NULL;

  if (records == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    if (!lower_record (self, records->pdata[i], error))
      return FALSE;
  if (!lower_states (self, error))
    return FALSE;
  posts = read_column (self, "SELECT DISTINCT lower (uuid) FROM post WHERE uuid <> lower (uuid)",
                       error);
  if (posts == NULL)
    return FALSE;
  for (guint i = 0; i < posts->len; i++)
    if (!lower_post (self, posts->pdata[i], error))
      return FALSE;
  return lower_installations (self, error);
}
