/* jg-post-html.h — the body of a 监管动态 post: a whitelisted HTML subset
 *
 * A body is stored and sent as a small HTML subset that the client and the
 * server both validate with the same code:
 *
 *   <p>…</p>                          paragraph
 *   <h3>…</h3>                        subheading (one level)
 *   <strong>…</strong>                bold, inside the text blocks above and list items
 *   <ul><li>…</li></ul>, <ol><li>…</li></ol>   bulleted and numbered lists (one level)
 *   <figure><img src="jg-image:SHA" alt="…"><figcaption>…</figcaption></figure>
 *
 * JgPostDoc is its document tree: a flat list of blocks, each made of runs
 * of plain text, bold or not. The editor builds it from its GtkTextBuffer,
 * the reader (jg_post_doc_from_html) from anything pasted, and
 * jg_post_doc_to_html gives the one canonical spelling of a document, so
 * that "is this body acceptable" is "is it its own canonical form".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The scheme of an image's src: the image is named by the SHA-256 of its
 * stored (re-encoded) bytes, never by a local path. */
#define JG_POST_IMAGE_SCHEME "jg-image:"
#define JG_POST_IMAGE_HASH_LENGTH 64

typedef enum {
  JG_POST_BLOCK_PARAGRAPH,
  JG_POST_BLOCK_HEADING,       /* one level: <h3> */
  JG_POST_BLOCK_BULLET_ITEM,
  JG_POST_BLOCK_NUMBER_ITEM,
  JG_POST_BLOCK_IMAGE,
} JgPostBlockKind;

typedef struct {
  char     *text;              /* UTF-8, no markup */
  gboolean  bold;
} JgPostRun;

typedef struct {
  JgPostBlockKind  kind;
  GPtrArray       *runs;           /* JgPostRun*, text blocks only (empty for images) */
  char            *image_sha256;   /* JG_POST_BLOCK_IMAGE: 64 lowercase hex */
  char            *image_alt;
  char            *image_caption;
} JgPostBlock;

typedef struct {
  GPtrArray *blocks;               /* JgPostBlock* */
} JgPostDoc;

JgPostDoc   *jg_post_doc_new          (void);
void         jg_post_doc_free         (JgPostDoc       *doc);
JgPostBlock *jg_post_doc_append_block (JgPostDoc       *doc,
                                       JgPostBlockKind  kind);
/* Appends @text (not empty) to @block, merged with the previous run when
 * it has the same weight. */
void         jg_post_block_append_run (JgPostBlock     *block,
                                       const char      *text,
                                       gboolean         bold);

/* Lenient reader for anything: our own subset, pasted text/html from WPS,
 * Word (mso-list paragraphs become list items, <b>/<strong>/
 * font-weight:bold|600+ become bold) or a web page. Keeps paragraphs, one
 * level of headings (h1–h6 → heading), bold, lists (nested lists
 * flattened), images whose src is "jg-image:<sha256>" with alt and
 * figcaption; drops everything else (script, style, comments, event
 * attributes, javascript: URLs, tables flattened to paragraphs, other
 * images). *@dropped (may be NULL) is set TRUE when something that was
 * visible content or markup was dropped, FALSE otherwise. Never fails:
 * NULL or "" gives an empty doc. */
JgPostDoc   *jg_post_doc_from_html    (const char      *html,
                                       gboolean        *dropped);

/* Canonical HTML of the subset (see the top of this file): text escaped;
 * consecutive items of one kind in one list; no attributes but img src/alt;
 * no white space between tags. Empty text blocks are left out. */
char        *jg_post_doc_to_html      (const JgPostDoc *doc);

/* Plain text, one line per block (an image: its caption, or nothing), for
 * the wording and privacy checks and for the word count. */
char        *jg_post_doc_to_text      (const JgPostDoc *doc);

/* The distinct image hashes, in order of first appearance. */
GStrv        jg_post_doc_image_hashes (const JgPostDoc *doc);

/* Strict check the client and the server both run before a post is
 * accepted: appends JgIssue* (jg-validate.h; field "body") to @issues:
 * an error when @html is not exactly canonical
 * (to_html (from_html (html)) differs) and when an image lacks alt text;
 * a warning when an alt text looks like a file name (IMG_0001.jpg,
 * 微信图片_2023…), is a generic word (图片, 照片, image, photo, 截图…) or
 * repeats the caption. Returns FALSE when it added an error. */
gboolean     jg_post_html_check       (const char      *html,
                                       GPtrArray       *issues);

/* The alt-text warning alone, for the editor: NULL when fine, else a
 * translated sentence. (An empty alt is an error the check reports; here
 * it gives NULL too.) */
const char  *jg_post_alt_text_problem (const char      *alt,
                                       const char      *caption);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgPostDoc, jg_post_doc_free)

G_END_DECLS
