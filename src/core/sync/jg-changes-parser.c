/* jg-changes-parser.c — streaming reader of one page of a sync feed
 *
 * A first download is hundreds of thousands of changes. json-glib builds a
 * tree with a hash table per object and took about two thirds of the whole
 * download's time; yajl's event parser (a well-known, strict, UTF-8
 * validating parser packaged by Debian) reads the same bytes several times
 * faster with almost no allocation. This file only keeps a small state
 * machine over yajl's events: the page's members, and each change's members
 * with the scalar members of its "data" object, handed to a callback as soon
 * as the change's object closes. Member order is free, as JSON allows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "jg-changes-parser.h"

#define MAX_FIELDS 40
#define MAX_NAME 32
#define MAX_DEPTH 64

typedef enum {
  CTX_TOP,       /* before the page object */
  CTX_PAGE,      /* in the page object */
  CTX_CHANGES,   /* in the "changes" array */
  CTX_CHANGE,    /* in one change object */
  CTX_DATA,      /* in a change's "data" object */
  CTX_SKIP,      /* in something we do not read */
} Ctx;

typedef struct {
  char        name[MAX_NAME];
  gsize       offset;   /* into arena */
  JgValueKind kind;
} Field;

struct _JgChange {
  gint64    seq;
  gboolean  has_seq;
  gssize    type, op, key;  /* offsets into arena, -1 absent */
  gboolean  has_data;
  const char *data_json;    /* the "data" object's text in the page, once closed */
  gsize     data_length;
  Field     fields[MAX_FIELDS];
  guint     n_fields;
  GString  *arena;
};

typedef struct {
  yajl_handle    handle;
  const char    *text;              /* the page being parsed */
  Ctx            stack[MAX_DEPTH];
  int            depth;
  char           key[MAX_NAME];     /* the member being read; "" if too long */
  gboolean       key_too_long;
  JgChangesPage *page;
  JgChange       change;
  JgChangeFunc   func;
  gpointer       user_data;
  GError        *error;             /* callback or shape error */
} Parser;

/* --- JgChange accessors --------------------------------------------------- */

static const char *
arena_str (const JgChange *change,
           gssize          offset)
{
  return offset < 0 ? NULL : change->arena->str + offset;
}

gint64
jg_change_get_seq (const JgChange *change)
{
  return change->seq;
}

const char *
jg_change_get_type (const JgChange *change)
{
  return arena_str (change, change->type);
}

const char *
jg_change_get_op (const JgChange *change)
{
  return arena_str (change, change->op);
}

const char *
jg_change_get_key (const JgChange *change)
{
  return arena_str (change, change->key);
}

gboolean
jg_change_has_data (const JgChange *change)
{
  return change->has_data;
}

const char *
jg_change_get_data_json (const JgChange *change,
                         gsize          *length)
{
  *length = change->data_length;
  return change->data_json;
}

const char *
jg_change_get_field (const JgChange *change,
                     const char     *name,
                     JgValueKind    *kind)
{
  for (guint i = 0; i < change->n_fields; i++)
    if (strcmp (change->fields[i].name, name) == 0)
      {
        const Field *f = &change->fields[i];

        if (kind)
          *kind = f->kind;
        if (f->kind == JG_VALUE_STRING || f->kind == JG_VALUE_INT || f->kind == JG_VALUE_BOOL)
          return change->arena->str + f->offset;
        return NULL;
      }

  if (kind)
    *kind = JG_VALUE_ABSENT;
  return NULL;
}

void
jg_changes_page_clear (JgChangesPage *page)
{
  g_clear_pointer (&page->feed, g_free);
}

/* --- the state machine ---------------------------------------------------- */

static int
shape_error (Parser     *p,
             const char *detail)
{
  if (p->error == NULL)
    g_set_error_literal (&p->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _(detail));
  return 0;
}

static Ctx
top (Parser *p)
{
  return p->stack[p->depth];
}

static int
push (Parser *p,
      Ctx     ctx)
{
  if (p->depth + 1 >= MAX_DEPTH)
    return shape_error (p, N_("nested too deeply"));
  p->stack[++p->depth] = ctx;
  return 1;
}

static void
reset_change (JgChange *change)
{
  change->seq = 0;
  change->has_seq = FALSE;
  change->type = change->op = change->key = -1;
  change->has_data = FALSE;
  change->data_json = NULL;
  change->data_length = 0;
  change->n_fields = 0;
  g_string_truncate (change->arena, 0);
}

static gssize
arena_add (JgChange   *change,
           const char *s,
           gsize       len)
{
  gsize offset = change->arena->len;

  g_string_append_len (change->arena, s, len);
  g_string_append_c (change->arena, '\0');
  return offset;
}

static gboolean
key_is (Parser     *p,
        const char *name)
{
  return !p->key_too_long && strcmp (p->key, name) == 0;
}

/* A scalar value: @kind with its text (for strings, ints and booleans). */
static int
on_scalar (Parser      *p,
           JgValueKind  kind,
           const char  *text,
           gsize        len,
           gint64       number)
{
  switch (top (p))
    {
    case CTX_TOP:
      return shape_error (p, N_("the answer is not a JSON object"));

    case CTX_SKIP:
      return 1;

    case CTX_PAGE:
      if (key_is (p, "feed"))
        {
          if (kind != JG_VALUE_STRING)
            return shape_error (p, N_("the field “feed” is not text"));
          g_free (p->page->feed);
          p->page->feed = g_strndup (text, len);
          p->page->has_feed = TRUE;
        }
      else if (key_is (p, "since") || key_is (p, "cursor") || key_is (p, "latest") ||
               key_is (p, "remaining"))
        {
          if (kind != JG_VALUE_INT)
            return shape_error (p, N_("a cursor is not a whole number"));
          if (key_is (p, "since"))
            p->page->since = number, p->page->has_since = TRUE;
          else if (key_is (p, "cursor"))
            p->page->cursor = number, p->page->has_cursor = TRUE;
          else if (key_is (p, "latest"))
            p->page->latest = number, p->page->has_latest = TRUE;
          else
            p->page->remaining = number;
        }
      else if (key_is (p, "more"))
        {
          if (kind != JG_VALUE_BOOL)
            return shape_error (p, N_("the field “more” is not true or false"));
          p->page->more = number != 0;
          p->page->has_more = TRUE;
        }
      else if (key_is (p, "changes"))
        return shape_error (p, N_("the field “changes” is not a list"));
      return 1;

    case CTX_CHANGES:
      return shape_error (p, N_("a change is not an object"));

    case CTX_CHANGE:
      if (key_is (p, "seq"))
        {
          if (kind != JG_VALUE_INT)
            return shape_error (p, N_("a change's “seq” is not a whole number"));
          p->change.seq = number;
          p->change.has_seq = TRUE;
        }
      else if (key_is (p, "type") || key_is (p, "op") || key_is (p, "key"))
        {
          gssize offset;

          if (kind != JG_VALUE_STRING)
            return shape_error (p, N_("a change's type, operation or key is not text"));
          offset = arena_add (&p->change, text, len);
          if (key_is (p, "type"))
            p->change.type = offset;
          else if (key_is (p, "op"))
            p->change.op = offset;
          else
            p->change.key = offset;
        }
      else if (key_is (p, "data") && kind != JG_VALUE_NULL)
        return shape_error (p, N_("a change's data is not an object"));
      return 1;

    case CTX_DATA:
      if (!p->key_too_long && p->change.n_fields < MAX_FIELDS)
        {
          Field *f = &p->change.fields[p->change.n_fields++];

          memcpy (f->name, p->key, sizeof f->name);
          f->kind = kind;
          f->offset = 0;
          if (kind == JG_VALUE_STRING || kind == JG_VALUE_INT || kind == JG_VALUE_BOOL)
            f->offset = arena_add (&p->change, text, len);
        }
      return 1;

    default:
      g_assert_not_reached ();
    }
}

static int
cb_null (void *ctx)
{
  return on_scalar (ctx, JG_VALUE_NULL, NULL, 0, 0);
}

static int
cb_boolean (void *ctx,
            int   value)
{
  return on_scalar (ctx, JG_VALUE_BOOL, value ? "1" : "0", 1, value);
}

static int
cb_number (void       *ctx,
           const char *text,
           size_t      len)
{
  char buf[32];
  char *end;
  gint64 value;

  /* Whole numbers only; anything else is "other". */
  if (len == 0 || len >= sizeof buf || memchr (text, '.', len) || memchr (text, 'e', len) ||
      memchr (text, 'E', len))
    return on_scalar (ctx, JG_VALUE_OTHER, NULL, 0, 0);

  memcpy (buf, text, len);
  buf[len] = '\0';
  errno = 0;
  value = g_ascii_strtoll (buf, &end, 10);
  if (errno != 0 || *end != '\0')
    return on_scalar (ctx, JG_VALUE_OTHER, NULL, 0, 0);

  return on_scalar (ctx, JG_VALUE_INT, buf, len, value);
}

static int
cb_string (void                *ctx,
           const unsigned char *text,
           size_t               len)
{
  return on_scalar (ctx, JG_VALUE_STRING, (const char *) text, len, 0);
}

static int
cb_map_key (void                *ctx,
            const unsigned char *text,
            size_t               len)
{
  Parser *p = ctx;

  p->key_too_long = len >= MAX_NAME;
  if (!p->key_too_long)
    {
      memcpy (p->key, text, len);
      p->key[len] = '\0';
    }
  return 1;
}

static int
cb_start_map (void *ctx)
{
  Parser *p = ctx;

  switch (top (p))
    {
    case CTX_TOP:
      return push (p, CTX_PAGE);
    case CTX_CHANGES:
      reset_change (&p->change);
      return push (p, CTX_CHANGE);
    case CTX_CHANGE:
      if (key_is (p, "data"))
        {
          /* yajl has consumed the brace: the object starts one byte back. */
          p->change.has_data = TRUE;
          p->change.data_json = p->text + yajl_get_bytes_consumed (p->handle) - 1;
          return push (p, CTX_DATA);
        }
      return push (p, CTX_SKIP);
    case CTX_PAGE:
      if (key_is (p, "changes"))
        return shape_error (p, N_("the field “changes” is not a list"));
      return push (p, CTX_SKIP);
    case CTX_DATA:
      on_scalar (p, JG_VALUE_OTHER, NULL, 0, 0);
      return push (p, CTX_SKIP);
    case CTX_SKIP:
    default:
      return push (p, CTX_SKIP);
    }
}

static int
cb_end_map (void *ctx)
{
  Parser *p = ctx;
  Ctx closing = top (p);

  p->depth--;
  if (closing == CTX_DATA)
    p->change.data_length = p->text + yajl_get_bytes_consumed (p->handle) - p->change.data_json;
  else if (closing == CTX_CHANGE)
    {
      p->page->n_changes++;
      if (!p->func (&p->change, p->user_data, &p->error))
        return 0;
    }
  return 1;
}

static int
cb_start_array (void *ctx)
{
  Parser *p = ctx;

  switch (top (p))
    {
    case CTX_TOP:
      return shape_error (p, N_("the answer is not a JSON object"));
    case CTX_PAGE:
      if (key_is (p, "changes"))
        {
          p->page->has_changes = TRUE;
          return push (p, CTX_CHANGES);
        }
      return push (p, CTX_SKIP);
    case CTX_CHANGES:
      return shape_error (p, N_("a change is not an object"));
    case CTX_CHANGE:
      if (key_is (p, "data"))
        return shape_error (p, N_("a change's data is not an object"));
      return push (p, CTX_SKIP);
    case CTX_DATA:
      on_scalar (p, JG_VALUE_OTHER, NULL, 0, 0);
      return push (p, CTX_SKIP);
    case CTX_SKIP:
    default:
      return push (p, CTX_SKIP);
    }
}

static int
cb_end_array (void *ctx)
{
  Parser *p = ctx;

  p->depth--;
  return 1;
}

static const yajl_callbacks callbacks = {
  cb_null,
  cb_boolean,
  NULL,          /* integers and doubles come through cb_number */
  NULL,
  cb_number,
  cb_string,
  cb_start_map,
  cb_map_key,
  cb_end_map,
  cb_start_array,
  cb_end_array,
};

gboolean
jg_changes_parse (const char     *data,
                  gsize           length,
                  JgChangesPage  *page,
                  JgChangeFunc    func,
                  gpointer        user_data,
                  GError        **error)
{
  Parser p = { 0, };
  yajl_handle handle;
  yajl_status status;
  gboolean ok = TRUE;

  memset (page, 0, sizeof *page);
  page->remaining = -1;

  p.stack[0] = CTX_TOP;
  p.page = page;
  p.func = func;
  p.user_data = user_data;
  p.change.arena = g_string_sized_new (1024);

  handle = yajl_alloc (&callbacks, NULL, &p);
  p.handle = handle;
  p.text = data;
  status = yajl_parse (handle, (const unsigned char *) data, length);
  if (status == yajl_status_ok)
    status = yajl_complete_parse (handle);

  if (status != yajl_status_ok)
    {
      ok = FALSE;
      if (p.error != NULL)
        g_propagate_error (error, g_steal_pointer (&p.error));
      else
        {
          unsigned char *message = yajl_get_error (handle, 0, NULL, 0);
          g_autofree char *detail = g_strstrip (g_strdup ((const char *) message));

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       /* TRANSLATORS: the second %s is the JSON parser's own (English) words */
                       _("invalid JSON at byte %zu: %s"),
                       yajl_get_bytes_consumed (handle), detail);
          yajl_free_error (handle, message);
        }
    }
  else if (p.stack[1] != CTX_PAGE)
    {
      ok = FALSE;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the answer is not a JSON object"));
    }

  g_clear_error (&p.error);
  yajl_free (handle);
  g_string_free (p.change.arena, TRUE);
  return ok;
}

/* --- peeking at the page's cursor ------------------------------------------ */

#define PEEK_BYTES 512

typedef struct {
  int      depth;
  gboolean key_cursor;
  gboolean key_more;
  gboolean has_cursor;
  gboolean has_more;
  gint64   cursor;
  gboolean more;
} Peek;

static int
peek_stop_if_done (Peek *p)
{
  /* Returning 0 cancels the parse: nothing more is needed. */
  return !(p->has_cursor && p->has_more);
}

static int
peek_number (void *ctx, const char *text, size_t len)
{
  Peek *p = ctx;
  char buf[32];

  if (p->depth == 1 && p->key_cursor && len < sizeof buf)
    {
      memcpy (buf, text, len);
      buf[len] = '\0';
      p->cursor = g_ascii_strtoll (buf, NULL, 10);
      p->has_cursor = TRUE;
    }
  return peek_stop_if_done (p);
}

static int
peek_boolean (void *ctx, int value)
{
  Peek *p = ctx;

  if (p->depth == 1 && p->key_more)
    {
      p->more = value != 0;
      p->has_more = TRUE;
    }
  return peek_stop_if_done (p);
}

static int
peek_scalar (void *ctx)
{
  return 1;
}

static int
peek_string (void *ctx, const unsigned char *text, size_t len)
{
  return 1;
}

static int
peek_key (void *ctx, const unsigned char *text, size_t len)
{
  Peek *p = ctx;

  if (p->depth == 1)
    {
      p->key_cursor = len == 6 && memcmp (text, "cursor", 6) == 0;
      p->key_more = len == 4 && memcmp (text, "more", 4) == 0;
      /* The changes come first: give up rather than read them twice. */
      if (len == 7 && memcmp (text, "changes", 7) == 0)
        return 0;
    }
  return 1;
}

static int
peek_open (void *ctx)
{
  ((Peek *) ctx)->depth++;
  return 1;
}

static int
peek_close (void *ctx)
{
  ((Peek *) ctx)->depth--;
  return 1;
}

static const yajl_callbacks peek_callbacks = {
  (int (*) (void *)) peek_scalar,
  peek_boolean,
  NULL,
  NULL,
  peek_number,
  peek_string,
  peek_open,
  peek_key,
  peek_close,
  peek_open,
  peek_close,
};

gboolean
jg_changes_peek (const char *data,
                 gsize       length,
                 gint64     *cursor,
                 gboolean   *more)
{
  Peek p = { 0, };
  yajl_handle handle = yajl_alloc (&peek_callbacks, NULL, &p);

  yajl_parse (handle, (const unsigned char *) data, MIN (length, PEEK_BYTES));
  yajl_free (handle);

  if (!(p.has_cursor && p.has_more))
    return FALSE;

  *cursor = p.cursor;
  *more = p.more;
  return TRUE;
}
