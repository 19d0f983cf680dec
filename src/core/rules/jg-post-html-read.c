/* jg-post-html-read.c — reading a 监管动态 post's body, and its checks
 *
 * Reading goes through libxml2's HTML parser (the same one whatever was
 * pasted: our own subset, Word, WPS or a web page); this file only walks
 * the tree it gives and keeps what the subset can say, normalising text
 * as the writer does (jg-post-html.c). The strict check compares a body
 * with its canonical form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "jg-post-html-private.h"
#include "jg-validate.h"

#define BODY_FIELD "body"

/* font-weight values from this one on are bold (CSS: 600 is semi-bold,
 * which Word and WPS write for 加粗 in some fonts). */
#define BOLD_WEIGHT_MIN 600

/* ---- reading ---- */

typedef struct {
  JgPostDoc       *doc;
  JgPostBlock     *cur;          /* the open text block, or NULL */
  JgPostBlockKind  ctx_kind;     /* what text opens when no block is open */
  JgPostBlockKind  list_kind;    /* the kind of <li> in the innermost list */
  guint            list_depth;
  gboolean         bold;
  xmlNode         *figure_caption; /* the <figcaption> of the <figure> being read */
  JgPostBlock     *figure_image;   /* its image, once read */
  gboolean         dropped;
} Reader;

/* Elements whose content is never shown as text of the post. */
static const char * const skipped_elements[] = {
  "script", "style", "noscript", "iframe", "frame", "frameset", "object",
  "embed", "applet", "svg", "math", "canvas", "video", "audio", "template",
  "select", "textarea", "button", "input", "map", "head", "xml", "meta",
  "link", "title",
};

/* Of those, the ones a reader never saw: dropping them drops nothing
 * (Word's <xml> settings; the <meta charset> a browser's clipboard starts
 * with). */
static const char * const unseen_elements[] = {
  "head", "xml", "meta", "link", "title",
};

/* Elements that end the open block (and start a new one for their text). */
static const char * const block_elements[] = {
  "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
  "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
  "caption", "blockquote", "pre", "section", "article", "header",
  "footer", "main", "nav", "aside", "address", "figure", "figcaption",
  "hr", "form", "fieldset", "center", "br", "body", "html",
};

/* Elements read without loss: the subset's own, and containers that
 * carry nothing a reader sees (Word's empty <o:p>, <span>, <div>). */
static const char * const silent_elements[] = {
  "html", "body", "p", "div", "span", "br", "h1", "h2", "h3", "h4", "h5",
  "h6", "b", "strong", "ul", "ol", "li", "figure", "figcaption", "img",
  "o:p", "section", "article", "main", "header", "footer", "head",
};

static gboolean
name_in (const char         *name,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp (name, list[i]) == 0)
      return TRUE;
  return FALSE;
}

#define NAME_IN(name, list) name_in ((name), (list), G_N_ELEMENTS (list))

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* The value of CSS property @property in the style attribute @style,
 * lowercased and trimmed, or NULL. Enough for Word's and WPS's inline
 * styles ("mso-list:l0 level1 lfo1;font-weight:bold"). */
static char *
css_value (const char *style,
           const char *property)
{
  g_auto(GStrv) decls = NULL;

  if (style == NULL)
    return NULL;
  decls = g_strsplit (style, ";", -1);
  for (guint i = 0; decls[i]; i++)
    {
      char *colon = strchr (decls[i], ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      if (g_ascii_strcasecmp (g_strstrip (decls[i]), property) == 0)
        return g_ascii_strdown (g_strstrip (colon + 1), -1);
    }
  return NULL;
}

static void
close_block (Reader *r)
{
  if (r->cur != NULL)
    {
      GPtrArray *runs = jg_post_html_normalize_runs (r->cur->runs);

      g_ptr_array_unref (r->cur->runs);
      r->cur->runs = runs;
      if (runs->len == 0)
        g_ptr_array_remove (r->doc->blocks, r->cur);
      r->cur = NULL;
    }
}

static void
add_text (Reader     *r,
          const char *text)
{
  if (r->cur == NULL)
    {
      gboolean blank = TRUE;

      for (const char *p = text; *p && blank; p++)
        blank = jg_post_html_is_space (*p);
      if (blank)
        return;
      r->cur = jg_post_doc_append_block (r->doc, r->ctx_kind);
    }
  jg_post_block_append_run (r->cur, text, r->bold);
}

/* The text content of @node, for captions and list markers (valid UTF-8:
 * libxml2 passes on some invalid input as it is). */
static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *copy = g_utf8_make_valid (content ? (const char *) content : "", -1);

  xmlFree (content);
  return copy;
}

/* Whether a Word/WPS list marker ("1.", "（一）", "a)", "iv.") is a
 * number rather than a bullet ("·", "§", "Ø", "-", "•"). */
static gboolean
marker_is_number (const char *marker)
{
  for (const char *p = marker; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) || g_ascii_isalpha (c) || g_utf8_strchr ("一二三四五六七八九十", -1, c))
        return TRUE;
    }
  return FALSE;
}

/* A Word/WPS list paragraph: the style names a list (mso-list:l0 level1
 * lfo1) rather than the marker inside it (mso-list:Ignore) or none. */
static gboolean
is_mso_list_paragraph (const char *mso_list)
{
  return mso_list != NULL && g_str_has_prefix (mso_list, "l")
         && strstr (mso_list, "level") != NULL;
}

/* The marker text of a Word list paragraph (its mso-list:Ignore span). */
static char *
find_mso_marker (xmlNode *node)
{
  for (xmlNode *child = node->children; child; child = child->next)
    {
      g_autofree char *style = NULL;
      g_autofree char *mso = NULL;
      char *found;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      style = get_attr (child, "style");
      mso = css_value (style, "mso-list");
      if (mso != NULL && g_str_equal (mso, "ignore"))
        return node_text (child);
      if ((found = find_mso_marker (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_image_hash (const char *hash)
{
  if (strlen (hash) != JG_POST_IMAGE_HASH_LENGTH)
    return FALSE;
  for (const char *p = hash; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static void read_children (Reader *r, xmlNode *node);

static void
read_image (Reader  *r,
            xmlNode *node)
{
  g_autofree char *src = get_attr (node, "src");
  g_autofree char *alt = get_attr (node, "alt");
  JgPostBlock *image;

  if (src == NULL || !g_str_has_prefix (src, JG_POST_IMAGE_SCHEME)
      || !is_image_hash (src + strlen (JG_POST_IMAGE_SCHEME)))
    {
      r->dropped = TRUE;   /* an image from elsewhere: not in the content store */
      return;
    }
  close_block (r);
  image = jg_post_doc_append_block (r->doc, JG_POST_BLOCK_IMAGE);
  image->image_sha256 = g_ascii_strdown (src + strlen (JG_POST_IMAGE_SCHEME), -1);
  image->image_alt = jg_post_html_normalize_text (alt);
  if (r->figure_caption != NULL && r->figure_image == NULL)
    {
      /* the first image of a figure gets its caption, before or after it */
      g_autofree char *caption = node_text (r->figure_caption);
      image->image_caption = jg_post_html_normalize_text (caption);
      r->figure_image = image;
    }
  else
    image->image_caption = g_strdup ("");
}

static xmlNode *
find_child (xmlNode    *node,
            const char *name)
{
  for (xmlNode *child = node->children; child; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, name))
      return child;
  return NULL;
}

/* Attributes that would run code, or link to a script: never kept
 * anyway, but their presence means something was dropped. */
static void
scan_attributes (Reader  *r,
                 xmlNode *node)
{
  for (xmlAttr *attr = node->properties; attr; attr = attr->next)
    {
      const char *name = (const char *) attr->name;

      if (g_ascii_strncasecmp (name, "on", 2) == 0)
        r->dropped = TRUE;
      else if (g_ascii_strcasecmp (name, "href") == 0
               || g_ascii_strcasecmp (name, "src") == 0
               || g_ascii_strcasecmp (name, "action") == 0)
        r->dropped = TRUE;   /* a link or a source we do not keep */
    }
}

static void
read_element (Reader  *r,
              xmlNode *node)
{
  const char *name = (const char *) node->name;
  g_autofree char *style = get_attr (node, "style");
  g_autofree char *weight = css_value (style, "font-weight");
  g_autofree char *mso_list = css_value (style, "mso-list");
  Reader saved = *r;
  gboolean block;

  if (NAME_IN (name, skipped_elements) || g_str_has_prefix (name, "v:"))
    {
      if (!NAME_IN (name, unseen_elements))
        r->dropped = TRUE;
      return;
    }
  /* Word's list marker ("1." or a Symbol bullet), written by Word itself */
  if (mso_list != NULL && g_str_equal (mso_list, "ignore"))
    return;
  if (g_ascii_strcasecmp (name, "img") == 0)
    {
      read_image (r, node);
      return;
    }
  if (!NAME_IN (name, silent_elements))
    r->dropped = TRUE;   /* a table, a link, italics…: the text stays, the markup goes */
  scan_attributes (r, node);

  block = NAME_IN (name, block_elements);
  if (block)
    close_block (r);

  if (g_str_equal (name, "ul") || g_str_equal (name, "ol"))
    {
      if (r->list_depth > 0)
        r->dropped = TRUE;   /* a nested list, flattened */
      r->list_depth++;
      r->list_kind = g_str_equal (name, "ol") ? JG_POST_BLOCK_NUMBER_ITEM
                                              : JG_POST_BLOCK_BULLET_ITEM;
    }
  else if (g_str_equal (name, "li"))
    r->ctx_kind = r->list_depth > 0 ? r->list_kind : JG_POST_BLOCK_BULLET_ITEM;
  else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
    {
      if (name[1] != '3')
        r->dropped = TRUE;   /* one level of headings */
      r->ctx_kind = JG_POST_BLOCK_HEADING;
    }
  else if (is_mso_list_paragraph (mso_list))
    {
      g_autofree char *marker = find_mso_marker (node);
      r->ctx_kind = marker && marker_is_number (marker) ? JG_POST_BLOCK_NUMBER_ITEM
                                                        : JG_POST_BLOCK_BULLET_ITEM;
    }
  else if (g_str_equal (name, "figure"))
    {
      r->figure_caption = find_child (node, "figcaption");
      r->figure_image = NULL;
    }
  else if (g_str_equal (name, "figcaption") && node == saved.figure_caption)
    return;   /* its image's caption (read_image), or a paragraph after the figure */
  else if (block && !jg_post_block_kind_is_item (r->ctx_kind))
    r->ctx_kind = JG_POST_BLOCK_PARAGRAPH;

  if (g_str_equal (name, "b") || g_str_equal (name, "strong"))
    r->bold = TRUE;
  if (weight != NULL)
    {
      gint64 number = g_ascii_strtoll (weight, NULL, 10);
      r->bold = g_str_equal (weight, "bold") || g_str_equal (weight, "bolder")
                || number >= BOLD_WEIGHT_MIN;
    }

  read_children (r, node);

  if (block)
    close_block (r);
  /* What the element set is its own; what it read (blocks, dropped) stays. */
  r->ctx_kind = saved.ctx_kind;
  r->list_kind = saved.list_kind;
  r->list_depth = saved.list_depth;
  r->bold = saved.bold;
  if (g_str_equal (name, "figure"))
    {
      if (r->figure_caption != NULL && r->figure_image == NULL)
        {
          /* no image took the caption: it stays as text */
          g_autofree char *caption = node_text (r->figure_caption);
          add_text (r, caption);
          close_block (r);
        }
      r->figure_caption = saved.figure_caption;
      r->figure_image = saved.figure_image;
    }
}

static void
read_children (Reader  *r,
               xmlNode *node)
{
  for (xmlNode *child = node->children; child; child = child->next)
    switch (child->type)
      {
      case XML_ELEMENT_NODE:
        read_element (r, child);
        break;
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (child->content)
          add_text (r, (const char *) child->content);
        break;
      default:   /* comments (Word's conditional ones too), processing instructions */
        break;
      }
}

/* Word's downlevel-revealed conditionals (<![if !supportLists]> …
 * <![endif]>) around its list markers: libxml2 reads them as text, so they
 * go before parsing. Only the raw markup can hold them: text in our
 * canonical form has its "<" escaped. */
static char *
strip_word_conditionals (const char *html)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("<!\\[(?:if\\s[^\\]>]*|endif)\\]>",
                                            G_REGEX_OPTIMIZE | G_REGEX_CASELESS | G_REGEX_RAW,
                                            0, NULL));
  return g_regex_replace_literal (regex, html, -1, 0, "", 0, NULL);
}

JgPostDoc *
jg_post_doc_from_html (const char *html,
                       gboolean   *dropped)
{
  Reader r = { .ctx_kind = JG_POST_BLOCK_PARAGRAPH };
  g_autofree char *cleaned = NULL;
  htmlDocPtr tree;
  gsize len;

  r.doc = jg_post_doc_new ();
  cleaned = html && strstr (html, "<![") ? strip_word_conditionals (html) : NULL;
  if (cleaned != NULL)
    html = cleaned;
  len = html ? strlen (html) : 0;
  if (len > 0 && len <= G_MAXINT)
    {
      tree = htmlReadMemory (html, (int) len, NULL, "UTF-8",
                             HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
      if (tree != NULL)
        {
          read_children (&r, (xmlNode *) tree);
          close_block (&r);
          xmlFreeDoc (tree);
        }
    }
  if (dropped)
    *dropped = r.dropped;
  return r.doc;
}

/* ---- checks ---- */

/* Alt texts that are a camera's or an app's file name. */
static const char * const file_name_prefixes[] = {
  "img", "dsc", "dscn", "dscf", "dcim", "pic", "pxl", "mmexport", "wx_camera",
  "screenshot", "微信图片", "屏幕截图", "截屏", "photo", "image", "wechatimg",
};

static const char * const image_extensions[] = {
  ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff",
};

/* Words that say "an image" and nothing about it (lowercased; digits and
 * punctuation after them are ignored: 图片1, image 2). */
static const char * const generic_alts[] = {
  "图", "图片", "照片", "图像", "相片", "截图", "屏幕截图", "插图", "配图", "附图",
  "示意图", "现场图片", "现场照片", "image", "img", "photo", "picture", "pic",
  "screenshot", "graphic", "figure",
};

static gboolean
looks_like_file_name (const char *alt)
{
  g_autofree char *lower = g_utf8_strdown (alt, -1);
  guint digits = 0;
  gboolean plain = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    if (g_str_has_suffix (lower, image_extensions[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (file_name_prefixes); i++)
    if (g_str_has_prefix (lower, file_name_prefixes[i]))
      {
        const char *rest = lower + strlen (file_name_prefixes[i]);
        while (*rest == '_' || *rest == '-' || *rest == ' ')
          rest++;
        if (g_ascii_isdigit (*rest))
          return TRUE;
      }
  /* "20230512_143022", "DSC_0001": no space, only ASCII letters, digits
   * and separators, and a run of digits a person would not write. */
  for (const char *p = lower; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!g_ascii_isalpha (*p) && *p != '_' && *p != '-' && *p != '.')
        plain = FALSE;
    }
  return plain && digits >= 4 && strchr (lower, '_') != NULL;
}

/* @text lowercased without its trailing digits, white space and punctuation. */
static char *
strip_tail (const char *text)
{
  char *lower = g_utf8_strdown (text, -1);
  char *end = lower + strlen (lower);

  while (end > lower)
    {
      char *prev = g_utf8_prev_char (end);
      gunichar c = g_utf8_get_char (prev);
      if (!g_unichar_isdigit (c) && !g_unichar_isspace (c) && !g_unichar_ispunct (c))
        break;
      end = prev;
    }
  *end = '\0';
  return lower;
}

static const char *
alt_text_problem_msgid (const char *alt,
                        const char *caption)
{
  g_autofree char *a = jg_post_html_normalize_text (alt);
  g_autofree char *stripped = NULL;

  if (*a == '\0')
    return NULL;
  if (looks_like_file_name (a))
    return N_("It looks like a file name: describe what the image shows instead.");
  stripped = strip_tail (a);
  for (guint i = 0; i < G_N_ELEMENTS (generic_alts); i++)
    if (g_str_equal (stripped, generic_alts[i]))
      return N_("It only says that this is an image: describe what it shows.");
  if (caption != NULL)
    {
      g_autofree char *c = jg_post_html_normalize_text (caption);
      g_autofree char *c_stripped = strip_tail (c);
      if (*c_stripped && g_str_equal (stripped, c_stripped))
        return N_("It repeats the caption: describe what the image shows, which the caption does not say.");
    }
  return NULL;
}

const char *
jg_post_alt_text_problem (const char *alt,
                          const char *caption)
{
  const char *msgid = alt_text_problem_msgid (alt, caption);

  return msgid ? _(msgid) : NULL;
}

gboolean
jg_post_html_check (const char *html,
                    GPtrArray  *issues)
{
  g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (html, NULL);
  g_autofree char *canonical = jg_post_doc_to_html (doc);
  gboolean ok = TRUE;
  guint n_image = 0;

  g_return_val_if_fail (issues != NULL, FALSE);

  if (!g_str_equal (html ? html : "", canonical))
    {
      jg_issues_add (issues, BODY_FIELD, JG_ISSUE_ERROR, 0,
                     N_("The body contains markup that posts do not allow; "
                        "open it in the editor and save it again to clean it up."),
                     NULL);
      ok = FALSE;
    }
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      JgPostBlock *block = doc->blocks->pdata[i];
      g_autofree char *number = NULL;
      const char *problem;

      if (block->kind != JG_POST_BLOCK_IMAGE)
        continue;
      number = g_strdup_printf ("%u", ++n_image);
      if (block->image_alt == NULL || *block->image_alt == '\0')
        {
          jg_issues_add (issues, BODY_FIELD, JG_ISSUE_ERROR, 0,
                         N_("Image %s has no alternative text: describe what it shows "
                            "for readers who cannot see it."),
                         number, NULL);
          ok = FALSE;
        }
      else if ((problem = alt_text_problem_msgid (block->image_alt, block->image_caption)))
        jg_issues_add (issues, BODY_FIELD, JG_ISSUE_WARNING, 1u << 1,
                       N_("The alternative text of image %s: %s"),
                       number, problem, NULL);
    }
  return ok;
}
