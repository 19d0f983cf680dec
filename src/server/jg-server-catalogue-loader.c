/* jg-server-catalogue-loader.c — applying catalogue files to the change log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-catalogue-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define CHUNK_SIZE (256 * 1024)
#define WRITE_FAILED "Could not write the change log"

/*
 * Read with yajl's event parser, a chunk at a time, never as a tree: a
 * benchmark file holds ~450,000 entities (hundreds of MB). Each entity is
 * re-emitted compactly with yajl_gen as it is read and stored when it
 * closes. yajl_gen writes equal values as equal text (numbers verbatim,
 * strings with the fewest escapes), so an entity reloaded unchanged gets
 * no new seq however the file is formatted.
 *
 * Seqs follow the kind order (codes, departments, items, …) within each
 * feed, not the file's order. A file whose arrays come in that order (the
 * generator's, the demo's) is read once. Otherwise, at the first array out
 * of order, what was written is rolled back, the rest of the file is only
 * checked, and each array is then read again from its offset in kind
 * order. Deletions are collected and applied last. All of it is one
 * transaction: a file that fails anywhere changes nothing.
 */

static void
bind_insert (JgServerDb      *self,
             JgCatalogueKind  kind,
             const char      *key,
             const char      *data,
             gsize            data_len)
{
  sqlite3_bind_text (self->stmt_insert, 1, kinds[kind].feed, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->stmt_insert, 2, kinds[kind].type, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->stmt_insert, 3, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->stmt_insert, 4, data != NULL ? "put" : "delete", -1,
                     SQLITE_STATIC);
  if (data != NULL)
    sqlite3_bind_text (self->stmt_insert, 5, data, data_len, SQLITE_STATIC);
  else
    sqlite3_bind_null (self->stmt_insert, 5);
}

/* @fresh: the feed was empty when the load began, so a put is almost
 * surely new: try the INSERT first and look up only on a conflict (the
 * same key twice in one file). Saves a lookup per entity on first loads. */
gboolean
jg_server_catalogue_apply (JgServerDb         *self,
                           JgCatalogueKind     kind,
                           const char         *key,
                           const char         *data,
                           gsize               data_len,
                           gboolean            fresh,
                           JgServerLoadStats  *stats,
                           GError            **error)
{
  sqlite3_stmt *find = self->stmt_find;
  gboolean exists = FALSE;
  gint64 old_seq = 0;
  gboolean same = FALSE;
  gboolean was_put = FALSE;
  int rc;

  if (fresh && data != NULL)
    {
      bind_insert (self, kind, key, data, data_len);
      rc = sqlite3_step (self->stmt_insert);
      sqlite3_reset (self->stmt_insert);
      if (rc == SQLITE_DONE)
        {
          stats->added++;
          return TRUE;
        }
      if (rc != SQLITE_CONSTRAINT)
        return jg_server_db_fail (self, error, WRITE_FAILED);
    }

  sqlite3_bind_text (find, 1, kinds[kind].feed, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 2, kinds[kind].type, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 3, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (find, 1);

      exists = TRUE;
      old_seq = sqlite3_column_int64 (find, 0);
      was_put = g_strcmp0 (op, "put") == 0;
      if (data == NULL)
        same = !was_put;
      else if (was_put)
        {
          const void *old = sqlite3_column_text (find, 2);
          gsize old_len = sqlite3_column_bytes (find, 2);

          same = old != NULL && old_len == data_len &&
                 memcmp (old, data, data_len) == 0;
        }
    }
  if (!jg_server_db_stepped (self, find, rc, "Could not read the change log", error))
    return FALSE;

  if (data == NULL && (!exists || !was_put))
    {
      /* Nothing to delete: no tombstone, no new seq. */
      if (!exists)
        stats->delete_unknown++;
      else
        stats->unchanged++;
      return TRUE;
    }
  if (same)
    {
      stats->unchanged++;
      return TRUE;
    }

  if (exists)
    {
      sqlite3_bind_int64 (self->stmt_delete, 1, old_seq);
      if (!jg_server_db_step_done (self, self->stmt_delete, WRITE_FAILED, error))
        return FALSE;
    }

  bind_insert (self, kind, key, data, data_len);
  if (!jg_server_db_step_done (self, self->stmt_insert, WRITE_FAILED, error))
    return FALSE;

  if (data == NULL)
    stats->deleted++;
  else if (exists && was_put)
    stats->changed++;
  else
    stats->added++;
  return TRUE;
}

/* Where the bytes come from: memory, or a file read a chunk at a time. */
typedef struct {
  const char *data;     /* NULL for a file */
  gsize length;
  int fd;
  char *buf;            /* CHUNK_SIZE bytes, for a file */
  guint64 pos;          /* offset of the next chunk */
} Source;

static gboolean
source_failed (const char  *name,
               int          saved_errno,
               GError     **error)
{
  g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_FILE,
               "Could not read %s: %s", name, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
source_seek (Source      *src,
             guint64      offset,
             const char  *name,
             GError     **error)
{
  if (src->data == NULL && lseek (src->fd, offset, SEEK_SET) < 0)
    return source_failed (name, errno, error);
  src->pos = offset;
  return TRUE;
}

/* The chunk at src->pos; an empty one at the end. */
static gboolean
source_read (Source       *src,
             const char   *name,
             const char  **chunk,
             gsize        *len,
             GError      **error)
{
  gssize n;

  if (src->data != NULL)
    {
      *chunk = src->data + src->pos;
      *len = src->length - src->pos;
      src->pos = src->length;
      return TRUE;
    }
  do
    n = read (src->fd, src->buf, CHUNK_SIZE);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return source_failed (name, errno, error);
  *chunk = src->buf;
  *len = n;
  src->pos += n;
  return TRUE;
}

/* Line number of byte @offset, for error messages. */
static guint
source_line_at (Source  *src,
                guint64  offset)
{
  guint line = 1;

  if (!source_seek (src, 0, NULL, NULL))
    return 0;
  while (src->pos < offset)
    {
      const char *chunk;
      const char *nl;
      gsize len;

      if (!source_read (src, NULL, &chunk, &len, NULL) || len == 0)
        return 0;
      len = MIN (len, offset - (src->pos - len));
      for (const char *end = chunk + len;
           (nl = memchr (chunk, '\n', end - chunk)) != NULL;
           chunk = nl + 1)
        line++;
    }
  return line;
}

static void
deletion_clear (gpointer p)
{
  g_free (((JgCatalogueDeletion *) p)->key);
}

static gboolean
parse_failed (JgCatalogueReader  *r,
              Source             *src,
              yajl_status         status,
              gboolean            at_end,
              GError            **error)
{
  g_autofree char *msg = g_steal_pointer (&r->syntax);
  guint64 at;

  if (status == yajl_status_client_canceled && msg == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }

  if (at_end)
    at = src->pos;
  else if (status == yajl_status_ok)  /* stopped before a bad escape */
    at = r->chunk_offset + r->bad_escape;
  else
    at = r->chunk_offset + yajl_get_bytes_consumed (r->parser);
  if (msg == NULL && at_end)
    msg = g_strdup (r->started ? "unexpected end of file (the file is cut short)"
                               : "the file is empty (a catalogue file is one JSON object)");
  if (msg == NULL)
    {
      unsigned char *yajl_msg = yajl_get_error (r->parser, 0, NULL, 0);

      msg = g_strstrip (g_strdup ((const char *) yajl_msg));
      yajl_free_error (r->parser, yajl_msg);
    }

  g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_PARSE,
               "%s:%u: invalid JSON: %s", r->name, source_line_at (src, at), msg);
  return FALSE;
}

/* Parses @src from its position to the end, or when reading one array
 * again, to the end of that array. */
static gboolean
read_source (JgCatalogueReader  *r,
             Source             *src,
             GError            **error)
{
  for (;;)
    {
      const char *chunk;
      gsize len;
      yajl_status status;

      r->chunk_offset = src->pos;
      if (!source_read (src, r->name, &chunk, &len, error))
        return FALSE;
      if (r->chunk_offset == 0 && len >= 3 && memcmp (chunk, "\xef\xbb\xbf", 3) == 0)
        {
          chunk += 3;
          len -= 3;
          r->chunk_offset = 3;
        }

      /* The second reading of an array was checked by the first. */
      r->bad_escape = len > 0 && !r->one_array
                      ? jg_server_catalogue_find_bad_escape (r, chunk, len) : -1;
      if (r->bad_escape >= 0)
        {
          /* What comes before it may hold an earlier error. */
          status = yajl_parse (r->parser, (const unsigned char *) chunk, r->bad_escape);
          if (status == yajl_status_ok)
            r->syntax = g_strdup ("unpaired surrogate in \\u escape");
          return parse_failed (r, src, status, FALSE, error);
        }

      if (len > 0)
        status = yajl_parse (r->parser, (const unsigned char *) chunk, len);
      else
        status = yajl_complete_parse (r->parser);
      if (status == yajl_status_client_canceled && r->array_done)
        return TRUE;
      if (status != yajl_status_ok)
        return parse_failed (r, src, status, len == 0, error);
      if (len == 0)
        break;
    }

  if (r->one_array)
    {
      g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_PARSE,
                   "%s: the file changed while it was read", r->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_deletions (JgCatalogueReader  *r,
                 GError            **error)
{
  /* Referring entities first: officers, implementations, …, codes. */
  for (int k = N_KINDS - 1; k >= 0; k--)
    for (guint i = 0; i < r->deletions->len; i++)
      {
        JgCatalogueDeletion *d = &g_array_index (r->deletions, JgCatalogueDeletion, i);

        if ((int) d->kind == k &&
            !jg_server_catalogue_apply (r->self, d->kind, d->key, NULL, 0, FALSE,
                                        r->stats, error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
load_source (JgServerDb         *self,
             Source             *src,
             const char         *name,
             JgServerLoadStats  *stats,
             GError            **error)
{
  JgCatalogueReader r = { 0 };
  gboolean ok = FALSE;

  r.self = self;
  r.name = name;
  r.stats = stats;
  r.parser = jg_server_catalogue_parser_new (&r);
  r.json = g_string_sized_new (4096);
  r.gen = yajl_gen_alloc (NULL);
  yajl_gen_config (r.gen, yajl_gen_print_callback,
                   jg_server_catalogue_gen_print, r.json);
  r.member = MEMBER_OTHER;
  r.pending = -1;
  r.key = g_string_sized_new (64);
  for (guint i = 0; i < G_N_ELEMENTS (r.caps); i++)
    r.caps[i].value = g_string_sized_new (64);
  for (guint k = 0; k < N_KINDS; k++)
    r.array_at[k] = -1;
  for (guint f = 0; f < G_N_ELEMENTS (r.last_kind); f++)
    r.last_kind[f] = -1;
  r.deletions = g_array_new (FALSE, FALSE, sizeof (JgCatalogueDeletion));
  g_array_set_clear_func (r.deletions, deletion_clear);

  if (!jg_server_db_exec (self, "BEGIN IMMEDIATE", error))
    goto out;
  for (guint f = 0; f < JG_SERVER_N_FEEDS; f++)
    {
      gint64 latest;

      if (!jg_server_db_get_latest (self, jg_server_db_get_feeds ()[f], &latest, error))
        goto fail;
      r.fresh[f] = latest == 0;
    }
  if (!jg_server_db_exec (self, "SAVEPOINT entities", error))
    goto fail;

  r.writing = TRUE;
  if (!read_source (&r, src, error))
    goto fail;

  if (r.reordered)
    for (guint k = 0; k < N_KINDS; k++)
      {
        if (r.array_at[k] < 0)
          continue;
        yajl_free (r.parser);
        r.parser = jg_server_catalogue_parser_new (&r);
        r.one_array = TRUE;
        r.array_done = FALSE;
        r.writing = TRUE;
        r.depth = 1;
        r.member = k;
        if (!source_seek (src, r.array_at[k], name, error) ||
            !read_source (&r, src, error))
          goto fail;
      }

  if (!apply_deletions (&r, error) ||
      !jg_server_db_exec (self, "COMMIT", error))
    goto fail;
  ok = TRUE;
  goto out;

fail:
  jg_server_db_rollback (self);
  memset (stats, 0, sizeof *stats);
out:
  yajl_free (r.parser);
  yajl_gen_free (r.gen);
  g_string_free (r.json, TRUE);
  g_string_free (r.key, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (r.caps); i++)
    g_string_free (r.caps[i].value, TRUE);
  g_array_unref (r.deletions);
  g_free (r.syntax);
  g_clear_error (&r.error);
  return ok;
}

gboolean
jg_server_db_load_data (JgServerDb         *self,
                        const char         *data,
                        gsize               length,
                        const char         *name,
                        JgServerLoadStats  *stats,
                        GError            **error)
{
  JgServerLoadStats local_stats = { 0 };
  Source src = { data != NULL ? data : "", length, -1, NULL, 0 };

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (name == NULL)
    name = "catalogue";
  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  return load_source (self, &src, name, stats, error);
}

gboolean
jg_server_db_load_file (JgServerDb         *self,
                        const char         *filename,
                        JgServerLoadStats  *stats,
                        GError            **error)
{
  JgServerLoadStats local_stats = { 0 };
  Source src = { NULL, 0, -1, NULL, 0 };
  gboolean ok;

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  src.fd = g_open (filename, O_RDONLY | O_CLOEXEC, 0);
  if (src.fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_FILE,
                   "Could not open %s: %s", filename, g_strerror (saved_errno));
      return FALSE;
    }
  src.buf = g_malloc (CHUNK_SIZE);
  ok = load_source (self, &src, filename, stats, error);
  g_free (src.buf);
  close (src.fd);
  return ok;
}
