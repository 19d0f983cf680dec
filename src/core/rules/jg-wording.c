/* jg-wording.c — the wording check: Aho–Corasick over UTF-8 bytes
 *
 * The automaton is hand-written by necessity: no library in Debian 12 that
 * both the client and the server may link offers multi-pattern matching
 * (GRegex with 5,000 alternatives backtracks, SQLite FTS needs a database
 * and its own tokenisation of Chinese, and neither reports
 * leftmost-longest hits in one pass). It is the textbook construction
 * (trie, failure links by breadth-first search, output links), kept
 * small: edges sorted per node and searched, the root's 256 in a table.
 *
 * Leftmost-longest in the same pass: the longest entry starting at each
 * offset is kept in a small ring, and an offset is decided (reported, or
 * skipped when inside the previous hit) as soon as no match still in
 * progress can start at or before it, i.e. when the text read minus the
 * current state's depth has passed it. Every pattern is valid UTF-8, so in
 * valid text a hit starts and ends on character boundaries; hits that do
 * not (invalid text) are skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-validate.h"
#include "jg-wording.h"

#define ROOT      0
#define NO_ENTRY  G_MAXUINT32
#define LINEAR_SEARCH_MAX 8     /* edges per node searched linearly up to this */
#define DENSE_MIN_EDGES   16    /* nodes with this many edges get a 256-entry row:
                                 * CJK lead and second bytes branch widely */
#define NO_ROW            G_MAXUINT32
#define CONTEXT_CHARS     6     /* characters shown either side of a hit */

typedef struct {
  guint32 first_edge;
  guint32 n_edges;
  guint32 entry;        /* the entry ending here, or NO_ENTRY */
  guint32 fail;
  guint32 output;       /* nearest node on the fail chain with an entry, or ROOT */
  guint32 depth;        /* bytes from the root */
  guint32 row;          /* index of its dense row, or NO_ROW */
} Node;

typedef struct {
  guint8  byte;
  guint32 target;
} Edge;

struct _JgWordingList {
  GPtrArray  *wrong;          /* char*, by entry */
  GPtrArray  *suggestion;     /* char*, by entry */
  GHashTable *by_wrong;       /* wrong → entry + 1 */
  gboolean    compiled;
  GArray     *nodes;          /* Node */
  GArray     *edges;          /* Edge, grouped by node, sorted by byte */
  guint32     root_next[256]; /* the root's transitions (ROOT when none) */
  GArray     *rows;           /* guint32[256] per dense node: the child or ROOT */
  gsize       max_length;     /* bytes of the longest entry */
};

JgWordingList *
jg_wording_list_new (void)
{
  JgWordingList *self = g_new0 (JgWordingList, 1);

  self->wrong = g_ptr_array_new_with_free_func (g_free);
  self->suggestion = g_ptr_array_new_with_free_func (g_free);
  self->by_wrong = g_hash_table_new (g_str_hash, g_str_equal);
  self->nodes = g_array_new (FALSE, TRUE, sizeof (Node));
  self->edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  self->rows = g_array_new (FALSE, TRUE, sizeof (guint32));
  return self;
}

void
jg_wording_list_free (JgWordingList *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_wrong);
  g_ptr_array_unref (self->wrong);
  g_ptr_array_unref (self->suggestion);
  g_array_unref (self->nodes);
  g_array_unref (self->edges);
  g_array_unref (self->rows);
  g_free (self);
}

void
jg_wording_list_add (JgWordingList *self,
                     const char    *wrong,
                     const char    *suggestion)
{
  gpointer found;

  g_return_if_fail (self != NULL && !self->compiled);
  g_return_if_fail (wrong != NULL && *wrong != '\0' && g_utf8_validate (wrong, -1, NULL));

  if (suggestion == NULL)
    suggestion = "";
  found = g_hash_table_lookup (self->by_wrong, wrong);
  if (found != NULL)
    {
      guint entry = GPOINTER_TO_UINT (found) - 1;
      g_free (self->suggestion->pdata[entry]);
      self->suggestion->pdata[entry] = g_strdup (suggestion);
      return;
    }
  g_ptr_array_add (self->wrong, g_strdup (wrong));
  g_ptr_array_add (self->suggestion, g_strdup (suggestion));
  g_hash_table_insert (self->by_wrong, self->wrong->pdata[self->wrong->len - 1],
                       GUINT_TO_POINTER (self->wrong->len));
}

gboolean
jg_wording_list_add_tsv (JgWordingList *self,
                         const char    *tsv,
                         GError       **error)
{
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (self != NULL && !self->compiled, FALSE);
  g_return_val_if_fail (tsv != NULL, FALSE);

  if (!g_utf8_validate (tsv, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The wording list is not valid UTF-8 text."));
      return FALSE;
    }
  lines = g_strsplit (tsv, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strchomp (lines[i]);   /* also a \r of Windows line ends */
      char *tab;

      if (*line == '\0' || *line == '#')
        continue;
      tab = strchr (line, '\t');
      if (tab != NULL)
        *tab = '\0';
      if (tab == NULL || *g_strstrip (line) == '\0' || *g_strstrip (tab + 1) == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Line %u of the wording list is not “wrong words”, a tab, and the suggestion."),
                       i + 1);
          return FALSE;
        }
      jg_wording_list_add (self, line, tab + 1);
    }
  return TRUE;
}

static inline Node *
node_at (JgWordingList *self,
         guint32        index)
{
  return &g_array_index (self->nodes, Node, index);
}

/* The child of @state on @byte, or ROOT when it has none. */
static inline guint32
child (JgWordingList *self,
       guint32        state,
       guint8         byte)
{
  const Node *node;
  const Edge *edges;
  guint32 lo, hi;

  if (state == ROOT)
    return self->root_next[byte];
  node = node_at (self, state);
  if (node->row != NO_ROW)
    return g_array_index (self->rows, guint32, node->row * 256 + byte);
  edges = &g_array_index (self->edges, Edge, node->first_edge);
  if (node->n_edges <= LINEAR_SEARCH_MAX)
    {
      for (guint32 i = 0; i < node->n_edges; i++)
        if (edges[i].byte == byte)
          return edges[i].target;
      return ROOT;
    }
  lo = 0;
  hi = node->n_edges;
  while (lo < hi)
    {
      guint32 mid = (lo + hi) / 2;
      if (edges[mid].byte < byte)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < node->n_edges && edges[lo].byte == byte ? edges[lo].target : ROOT;
}

typedef struct {
  guint32 parent;
  guint8  byte;
  guint32 target;
} BuildEdge;

static int
compare_build_edges (gconstpointer a,
                     gconstpointer b)
{
  const BuildEdge *x = a, *y = b;

  if (x->parent != y->parent)
    return x->parent < y->parent ? -1 : 1;
  return (int) x->byte - (int) y->byte;
}

void
jg_wording_list_compile (JgWordingList *self)
{
  g_autoptr(GHashTable) trie = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) build = g_array_new (FALSE, FALSE, sizeof (BuildEdge));
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint32));
  Node root = { .entry = NO_ENTRY };

  g_return_if_fail (self != NULL && !self->compiled);

  /* The trie, its edges first kept in a hash of (parent, byte). The keys
   * live in @keys, which is sized first so that it never moves. */
  {
    gsize total = 0;
    for (guint e = 0; e < self->wrong->len; e++)
      total += strlen (self->wrong->pdata[e]);
    g_array_set_size (keys, total);
  }
  g_array_append_val (self->nodes, root);
  for (guint e = 0, k = 0; e < self->wrong->len; e++)
    {
      const guint8 *p = self->wrong->pdata[e];
      guint32 state = ROOT;

      for (; *p; p++)
        {
          gint64 key = ((gint64) state << 8) | *p;
          gpointer found = g_hash_table_lookup (trie, &key);

          if (found != NULL)
            state = GPOINTER_TO_UINT (found);
          else
            {
              Node node = { .entry = NO_ENTRY, .depth = node_at (self, state)->depth + 1 };
              BuildEdge edge = { state, *p, self->nodes->len };
              gint64 *stored = &g_array_index (keys, gint64, k++);

              *stored = key;
              g_array_append_val (self->nodes, node);
              g_array_append_val (build, edge);
              g_hash_table_insert (trie, stored, GUINT_TO_POINTER (edge.target));
              state = edge.target;
            }
        }
      node_at (self, state)->entry = e;
      self->max_length = MAX (self->max_length, strlen (self->wrong->pdata[e]));
    }

  /* Edges grouped by node, sorted by byte. */
  g_array_sort (build, compare_build_edges);
  g_array_set_size (self->edges, build->len);
  for (guint i = 0; i < build->len; i++)
    {
      BuildEdge *b = &g_array_index (build, BuildEdge, i);
      Node *parent = node_at (self, b->parent);

      if (parent->n_edges == 0)
        parent->first_edge = i;
      parent->n_edges++;
      g_array_index (self->edges, Edge, i) = (Edge) { b->byte, b->target };
      if (b->parent == ROOT)
        self->root_next[b->byte] = b->target;
    }

  /* Dense rows for the nodes that branch widely (ROOT is 0: cleared rows
   * mean "no child"). */
  for (guint32 n = 1; n < self->nodes->len; n++)
    {
      Node *node = node_at (self, n);

      node->row = NO_ROW;
      if (node->n_edges >= DENSE_MIN_EDGES)
        {
          guint32 row = self->rows->len / 256;

          g_array_set_size (self->rows, self->rows->len + 256);
          for (guint32 i = 0; i < node->n_edges; i++)
            {
              Edge *edge = &g_array_index (self->edges, Edge, node->first_edge + i);
              g_array_index (self->rows, guint32, row * 256 + edge->byte) = edge->target;
            }
          node->row = row;
        }
    }

  /* Failure and output links, breadth first. */
  for (guint b = 0; b < 256; b++)
    if (self->root_next[b] != ROOT)
      g_array_append_val (queue, self->root_next[b]);
  for (guint q = 0; q < queue->len; q++)
    {
      guint32 u = g_array_index (queue, guint32, q);
      Node node_u = *node_at (self, u);

      for (guint32 i = 0; i < node_u.n_edges; i++)
        {
          Edge edge = g_array_index (self->edges, Edge, node_u.first_edge + i);
          guint32 f = node_u.fail;
          guint32 next;
          Node *v;

          while (f != ROOT && child (self, f, edge.byte) == ROOT)
            f = node_at (self, f)->fail;
          next = child (self, f, edge.byte);
          v = node_at (self, edge.target);
          v->fail = next != edge.target ? next : ROOT;
          v->output = node_at (self, v->fail)->entry != NO_ENTRY ? v->fail
                                                                 : node_at (self, v->fail)->output;
          g_array_append_val (queue, edge.target);
        }
    }
  self->compiled = TRUE;
}

static inline gboolean
is_boundary (const char *text,
             gsize       at)
{
  return ((guint8) text[at] & 0xC0) != 0x80;
}

/* The longest entry starting at each of the last max_length + 1 bytes,
 * in a ring indexed by start offset: a start is decided once no match in
 * progress can begin at or before it, which is at most max_length bytes
 * later, so the ring never needs more. */
typedef struct {
  gsize   end;       /* 0: none */
  guint32 entry;
} Pending;

/* Emits the decided starts [*next, limit) in order, leftmost-longest. */
static void
decide (GArray  *hits,
        Pending *ring,
        gsize    window,   /* a power of two */
        gsize   *next,
        gsize    limit,
        gsize   *floor)
{
  for (; *next < limit; (*next)++)
    {
      Pending *slot = &ring[*next & (window - 1)];

      if (slot->end != 0 && *next >= *floor)
        {
          JgWordingHit hit = { *next, slot->end, slot->entry };
          g_array_append_val (hits, hit);
          *floor = slot->end;
        }
      slot->end = 0;
    }
}

GArray *
jg_wording_list_scan (JgWordingList *self,
                      const char    *text)
{
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (JgWordingHit));
  g_autofree Pending *ring = NULL;
  gsize window, next = 0, floor = 0, i;
  guint32 state = ROOT;

  g_return_val_if_fail (self != NULL && self->compiled, hits);

  if (text == NULL || self->wrong->len == 0)
    return hits;

  /* a power of two above the longest entry, so that a mask indexes it */
  for (window = 1; window <= self->max_length; window <<= 1)
    ;
  ring = g_new0 (Pending, window);
  for (i = 0; text[i]; i++)
    {
      guint8 byte = text[i];
      guint32 next_state;

      while ((next_state = child (self, state, byte)) == ROOT && state != ROOT)
        state = node_at (self, state)->fail;
      state = next_state;

      /* No match in progress starts before i + 1 - depth: those are decided. */
      decide (hits, ring, window, &next, i + 1 - node_at (self, state)->depth, &floor);

      /* Every entry ending here, longest first: the first one that sits on
       * character boundaries is the longest for its start. */
      for (guint32 m = node_at (self, state)->entry != NO_ENTRY ? state : node_at (self, state)->output;
           m != ROOT; m = node_at (self, m)->output)
        {
          const Node *match = node_at (self, m);
          gsize start = i + 1 - match->depth;
          Pending *slot = &ring[start & (window - 1)];

          if (!is_boundary (text, start) || !is_boundary (text, i + 1))
            continue;
          if (slot->end < i + 1)
            *slot = (Pending) { i + 1, match->entry };
        }
    }
  decide (hits, ring, window, &next, i, &floor);
  return hits;
}

const char *
jg_wording_list_get_wrong (JgWordingList *self,
                           guint          entry)
{
  g_return_val_if_fail (self != NULL && entry < self->wrong->len, NULL);
  return self->wrong->pdata[entry];
}

const char *
jg_wording_list_get_suggestion (JgWordingList *self,
                                guint          entry)
{
  g_return_val_if_fail (self != NULL && entry < self->suggestion->len, NULL);
  return self->suggestion->pdata[entry];
}

guint
jg_wording_list_get_size (JgWordingList *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->wrong->len;
}

/* The hit with up to CONTEXT_CHARS characters either side (stopping at a
 * line end), "…" where the text goes on, so the author finds the place. */
static char *
hit_context (const char         *text,
             const JgWordingHit *hit)
{
  const char *start = text + hit->start, *end = text + hit->end;
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint n = 0; n < CONTEXT_CHARS && start > text && start[-1] != '\n'; n++)
    start = g_utf8_find_prev_char (text, start);
  for (guint n = 0; n < CONTEXT_CHARS && *end && *end != '\n'; n++)
    end = g_utf8_next_char (end);
  if (start > text && start[-1] != '\n')
    g_string_append (out, "…");
  g_string_append_len (out, start, end - start);
  if (*end && *end != '\n')
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
jg_wording_issues (JgWordingList *self,
                   const char    *field,
                   const char    *text,
                   GPtrArray     *issues)
{
  g_autoptr(GArray) hits = NULL;

  g_return_if_fail (self != NULL && issues != NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;
  hits = jg_wording_list_scan (self, text);
  for (guint i = 0; i < hits->len; i++)
    {
      const JgWordingHit *hit = &g_array_index (hits, JgWordingHit, i);
      g_autofree char *context = hit_context (text, hit);

      jg_issues_add (issues, field, JG_ISSUE_WARNING, 0,
                     N_("At “%s”: “%s” should be “%s”."),
                     context, jg_wording_list_get_wrong (self, hit->entry),
                     jg_wording_list_get_suggestion (self, hit->entry), NULL);
    }
}
