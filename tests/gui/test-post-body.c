/* test-post-body.c — writing a 监管动态 body in JgPostBodyView
 *
 * The body editor under a private Xvfb, driven the way a person drives it:
 * text typed through the view's own insert path (what a key press calls),
 * Enter, the "body." actions the toolbar buttons and shortcuts activate,
 * the clipboard. What a user would notice is asserted: the HTML the post
 * will carry (exactly), the bullets and numbers on screen, the toolbar's
 * buttons following the cursor, what a pasted Word document keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "jg-post-body-toolbar.h"
#include "jg-post-body-view.h"
#include "jg-post-body-view-private.h"
#include "jg-post-preview.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define WAIT_US (10 * G_USEC_PER_SEC)

typedef struct {
  GtkWidget *window;
  JgPostBodyView *view;
  JgPostBodyToolbar *toolbar;
  guint changed;
  guint cleaned;
  GdkTexture *pasted;
  GFile *requested;
} Fixture;

static void
changed_cb (JgPostBodyView *view,
            Fixture        *f)
{
  f->changed++;
}

static void
cleaned_cb (JgPostBodyView *view,
            Fixture        *f)
{
  f->cleaned++;
}

static void
pasted_cb (JgPostBodyView *view,
           GdkTexture     *texture,
           Fixture        *f)
{
  g_set_object (&f->pasted, texture);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_until (gboolean (*done) (Fixture *),
            Fixture   *f)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  while (!done (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box, *scrolled;

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 700, 600);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  f->toolbar = JG_POST_BODY_TOOLBAR (jg_post_body_toolbar_new ());
  f->view = JG_POST_BODY_VIEW (jg_post_body_view_new ());
  jg_post_body_toolbar_set_view (f->toolbar, f->view);
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->toolbar));
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_signal_connect (f->view, "changed", G_CALLBACK (changed_cb), f);
  g_signal_connect (f->view, "paste-cleaned", G_CALLBACK (cleaned_cb), f);
  g_signal_connect (f->view, "image-pasted", G_CALLBACK (pasted_cb), f);
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->pasted);
  g_clear_object (&f->requested);
  iterate ();
}

/* What a key press does: the view inserts at the cursor. */
static void
type (Fixture    *f,
      const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      char c[8] = { 0, };

      memcpy (c, p, g_utf8_next_char (p) - p);
      g_signal_emit_by_name (f->view, "insert-at-cursor", c);
    }
  iterate ();
}

static void
enter (Fixture *f)
{
  type (f, "\n");
}

static void
action (Fixture    *f,
        const char *name,
        const char *target)
{
  gtk_widget_activate_action (GTK_WIDGET (f->view), name, target != NULL ? "s" : NULL, target);
  iterate ();
}

static GtkTextBuffer *
buffer (Fixture *f)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));
}

/* Selects the first occurrence of @text. */
static void
select_text (Fixture    *f,
             const char *text)
{
  GtkTextIter start, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer (f), &start);
  g_assert_true (gtk_text_iter_forward_search (&start, text, 0, &match_start, &match_end, NULL));
  gtk_text_buffer_select_range (buffer (f), &match_start, &match_end);
  iterate ();
}

static void
cursor_to_end (Fixture *f)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer (f), &end);
  gtk_text_buffer_place_cursor (buffer (f), &end);
  iterate ();
}

static char *
body_html (Fixture *f)
{
  g_autoptr(JgPostDoc) doc = jg_post_body_view_get_doc (f->view);
  return jg_post_doc_to_html (doc);
}

static void
assert_html (Fixture    *f,
             const char *expected)
{
  g_autofree char *html = body_html (f);
  g_assert_cmpstr (html, ==, expected);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action_name,
             const char *target)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    {
      GVariant *value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

      if (target == NULL || (value != NULL && g_str_equal (g_variant_get_string (value, NULL), target)))
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action_name, target);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
button_active (Fixture    *f,
               const char *action_name,
               const char *target)
{
  GtkWidget *button = find_button (GTK_WIDGET (f->toolbar), action_name, target);

  g_assert_nonnull (button);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));
}

/* A body written from the keyboard: a subheading, a paragraph with a bold
 * word, both kinds of list, each Enter doing what an office suite's does. */
static void
test_typing (Fixture       *f,
             gconstpointer  data)
{
  guint changed;

  type (f, "检查通报");
  action (f, "body.block", "heading");
  enter (f);
  type (f, "本月开展食品安全检查");
  select_text (f, "食品安全");
  changed = f->changed;
  action (f, "body.bold", NULL);
  g_assert_cmpuint (f->changed, >, changed);
  /* The cursor inside bold text: the Bold button is pressed. */
  g_assert_true (button_active (f, "body.bold", NULL));
  cursor_to_end (f);
  g_assert_false (button_active (f, "body.bold", NULL));
  type (f, "。");
  enter (f);
  /* Ctrl+B with no selection: what is typed next is bold. */
  action (f, "body.bold", NULL);
  type (f, "重点");
  action (f, "body.bold", NULL);
  type (f, "如下：");
  enter (f);

  action (f, "body.block", "bullet");
  g_assert_true (button_active (f, "body.block", "bullet"));
  g_assert_false (button_active (f, "body.block", "number"));
  type (f, "冷链食品");
  enter (f);
  /* Enter at the end of an item continues the list. */
  g_assert_true (button_active (f, "body.block", "bullet"));
  type (f, "校园食堂");
  enter (f);
  /* Enter on an empty item ends it. */
  enter (f);
  g_assert_false (button_active (f, "body.block", "bullet"));
  type (f, "下一步：");
  enter (f);
  action (f, "body.block", "number");
  type (f, "复查");
  enter (f);
  type (f, "通报");

  assert_html (f, "<h3>检查通报</h3>"
                  "<p>本月开展<strong>食品安全</strong>检查。</p>"
                  "<p><strong>重点</strong>如下：</p>"
                  "<ul><li>冷链食品</li><li>校园食堂</li></ul>"
                  "<p>下一步：</p>"
                  "<ol><li>复查</li><li>通报</li></ol>");

  /* The list button pressed on its list gives paragraphs back; bold
   * pressed on bold text takes it off. */
  select_text (f, "复查");
  action (f, "body.block", "number");
  select_text (f, "食品安全");
  action (f, "body.bold", NULL);
  assert_html (f, "<h3>检查通报</h3>"
                  "<p>本月开展食品安全检查。</p>"
                  "<p><strong>重点</strong>如下：</p>"
                  "<ul><li>冷链食品</li><li>校园食堂</li></ul>"
                  "<p>下一步：</p>"
                  "<p>复查</p>"
                  "<ol><li>通报</li></ol>");
}

/* Enter splits a heading in two headings; at its end, a paragraph follows. */
static void
test_heading_enter (Fixture       *f,
                    gconstpointer  data)
{
  type (f, "一、总体情况");
  action (f, "body.block", "heading");
  enter (f);
  g_assert_false (button_active (f, "body.block", "bullet"));
  type (f, "正文");
  assert_html (f, "<h3>一、总体情况</h3><p>正文</p>");
}

static void
test_image (Fixture       *f,
            gconstpointer  data)
{
  GtkTextIter iter;
  GList *toplevels;
  AdwMessageDialog *dialog = NULL;
  GAction *edit;

  type (f, "现场检查照片如下");
  jg_post_body_view_insert_image (f->view, SHA_A, NULL, "执法人员检查冷库", "图1 冷库检查");
  /* Typing goes on after the image, in a new paragraph. */
  type (f, "检查发现问题3处");
  assert_html (f, "<p>现场检查照片如下</p>"
                  "<figure><img src=\"jg-image:" SHA_A "\" alt=\"执法人员检查冷库\">"
                  "<figcaption>图1 冷库检查</figcaption></figure>"
                  "<p>检查发现问题3处</p>");

  /* The image's description, through its dialog. */
  edit = g_action_map_lookup_action (G_ACTION_MAP (jg_post_body_view_get_actions (f->view)), "edit-image");
  g_assert_false (g_action_get_enabled (edit));
  gtk_text_buffer_get_iter_at_line (buffer (f), &iter, 1);
  gtk_text_buffer_place_cursor (buffer (f), &iter);
  iterate ();
  g_assert_true (g_action_get_enabled (edit));
  action (f, "body.edit-image", NULL);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  {
    GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
    GtkWidget *list = gtk_widget_get_first_child (extra);
    GtkWidget *alt_row = gtk_widget_get_first_child (list);
    GtkWidget *caption_row = gtk_widget_get_next_sibling (alt_row);

    g_assert_true (ADW_IS_ENTRY_ROW (alt_row));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (alt_row)), ==, "执法人员检查冷库");
    gtk_editable_set_text (GTK_EDITABLE (alt_row), "执法人员检查冷库温度记录");
    gtk_editable_set_text (GTK_EDITABLE (caption_row), "");
  }
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  assert_html (f, "<p>现场检查照片如下</p>"
                  "<figure><img src=\"jg-image:" SHA_A "\" alt=\"执法人员检查冷库温度记录\"></figure>"
                  "<p>检查发现问题3处</p>");

  /* Typed at the image: the text goes on a line of its own. */
  type (f, "前");
  assert_html (f, "<p>现场检查照片如下</p><p>前</p>"
                  "<figure><img src=\"jg-image:" SHA_A "\" alt=\"执法人员检查冷库温度记录\"></figure>"
                  "<p>检查发现问题3处</p>");

  /* Backspace at the start of the next line removes the image, whole. */
  gtk_text_buffer_get_iter_at_line (buffer (f), &iter, 3);
  gtk_text_buffer_place_cursor (buffer (f), &iter);
  g_signal_emit_by_name (f->view, "backspace");
  iterate ();
  assert_html (f, "<p>现场检查照片如下</p><p>前</p><p>检查发现问题3处</p>");

  /* Undo brings it back, described as it was; redo takes it again. */
  action (f, "text.undo", NULL);
  assert_html (f, "<p>现场检查照片如下</p><p>前</p>"
                  "<figure><img src=\"jg-image:" SHA_A "\" alt=\"执法人员检查冷库温度记录\"></figure>"
                  "<p>检查发现问题3处</p>");
  action (f, "text.redo", NULL);
  assert_html (f, "<p>现场检查照片如下</p><p>前</p><p>检查发现问题3处</p>");
  action (f, "text.undo", NULL);
  assert_html (f, "<p>现场检查照片如下</p><p>前</p>"
                  "<figure><img src=\"jg-image:" SHA_A "\" alt=\"执法人员检查冷库温度记录\"></figure>"
                  "<p>检查发现问题3处</p>");
}

/* Typed right after the last image: one new paragraph, no empty line
 * before it. */
static void
test_type_after_image (Fixture       *f,
                       gconstpointer  data)
{
  GtkTextIter iter;

  type (f, "前");
  jg_post_body_view_insert_image (f->view, SHA_A, NULL, "冷库", NULL);
  gtk_text_buffer_get_iter_at_line_offset (buffer (f), &iter, 1, 1);
  gtk_text_buffer_place_cursor (buffer (f), &iter);
  type (f, "后");
  assert_html (f, "<p>前</p><figure><img src=\"jg-image:" SHA_A "\" alt=\"冷库\"></figure><p>后</p>");
  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer (f)), ==, 3);
}

/* Every construct, loaded and read back unchanged. */
static const char every_construct[] =
  "<h3>一、检查情况</h3>"
  "<p>本月共检查<strong>食品生产企业</strong>12家，其中<strong>2家</strong>限期整改。</p>"
  "<ul><li>冷链&amp;仓储</li><li><strong>校园</strong>食堂</li></ul>"
  "<figure><img src=\"jg-image:" SHA_A "\" alt=\"检查现场\"><figcaption>图1 检查现场</figcaption></figure>"
  "<figure><img src=\"jg-image:" SHA_B "\" alt=\"整改后的仓库\"></figure>"
  "<h3>二、下一步</h3>"
  "<ol><li>复查</li><li>通报&lt;结果&gt;</li></ol>"
  "<p>特此通报。</p>";

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (every_construct, NULL);
  guint changed = f->changed;

  jg_post_body_view_set_doc (f->view, doc);
  iterate ();
  g_assert_cmpuint (f->changed, ==, changed);
  assert_html (f, every_construct);

  /* And again, through what the view shows. */
  {
    g_autoptr(JgPostDoc) again = jg_post_body_view_get_doc (f->view);
    jg_post_body_view_set_doc (f->view, again);
    assert_html (f, every_construct);
  }

  /* Copying it all and pasting it into an empty body keeps it. */
  {
    GtkTextIter start, end;
    guint before;

    gtk_text_buffer_get_bounds (buffer (f), &start, &end);
    gtk_text_buffer_select_range (buffer (f), &start, &end);
    g_signal_emit_by_name (f->view, "copy-clipboard");
    jg_post_body_view_set_doc (f->view, NULL);
    before = f->changed;
    g_signal_emit_by_name (f->view, "paste-clipboard");
    while (f->changed == before)
      g_main_context_iteration (NULL, TRUE);
    assert_html (f, every_construct);
  }
}

static gboolean
changed_once (Fixture *f)
{
  return f->changed > 0;
}

static void
paste_html (Fixture    *f,
            const char *html,
            const char *text)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->view));
  g_autoptr(GBytes) bytes = g_bytes_new (html, strlen (html));
  GdkContentProvider *providers[2];
  g_autoptr(GdkContentProvider) provider = NULL;

  providers[0] = gdk_content_provider_new_for_bytes ("text/html", bytes);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  provider = gdk_content_provider_new_union (providers, 2);
  gdk_clipboard_set_content (clipboard, provider);
  f->changed = 0;
  g_signal_emit_by_name (f->view, "paste-clipboard");
  wait_until (changed_once, f);
  iterate ();
}

/* What Word and WPS put on the clipboard: styles, a script, mso-list
 * paragraphs, a table. */
static const char word_html[] =
  "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>"
  "<meta charset=\"utf-8\"><style>p.MsoNormal{margin:0cm;font-family:宋体}</style>"
  "<script>alert('x')</script></head><body lang=ZH-CN>"
  "<p class=MsoNormal><b><span style='font-family:黑体'>检查</span></b><span>结果</span><o:p></o:p></p>"
  "<ul><li>第一项</li><li><span style='font-weight:bold'>第二项</span></li></ul>"
  "<table border=1><tr><td><p>单元格甲</p></td><td><p>单元格乙</p></td></tr></table>"
  "<p class=MsoNormal onclick=\"alert(1)\">完</p>"
  "</body></html>";

static void
test_paste_word (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *html = NULL;

  type (f, "前言");
  enter (f);
  paste_html (f, word_html, "检查结果\n第一项\n第二项\n单元格甲 单元格乙\n完");
  html = body_html (f);
  g_test_message ("pasted: %s", html);
  /* Bold and the list kept. */
  g_assert_nonnull (strstr (html, "<p>前言</p><p><strong>检查</strong>结果</p>"
                                  "<ul><li>第一项</li><li><strong>第二项</strong></li></ul>"));
  /* The table's text stays, its markup goes; the script and the event
   * attribute go. */
  g_assert_nonnull (strstr (html, "单元格甲"));
  g_assert_nonnull (strstr (html, "单元格乙"));
  g_assert_null (strstr (html, "<table"));
  g_assert_null (strstr (html, "<td"));
  g_assert_null (strstr (html, "alert"));
  g_assert_null (strstr (html, "onclick"));
  g_assert_true (g_str_has_suffix (html, "<p>完</p>"));
  /* The person is told something was removed. */
  g_assert_cmpuint (f->cleaned, ==, 1);
}

/* A phrase pasted inside a paragraph joins it, in its weight. */
static void
test_paste_phrase (Fixture       *f,
                   gconstpointer  data)
{
  GtkTextIter iter;

  type (f, "开展检查");
  gtk_text_buffer_get_iter_at_offset (buffer (f), &iter, 2);
  gtk_text_buffer_place_cursor (buffer (f), &iter);
  paste_html (f, "<meta charset=utf-8><b>专项</b>", "专项");
  assert_html (f, "<p>开展<strong>专项</strong>检查</p>");
  g_assert_cmpuint (f->cleaned, ==, 0);
}

static gboolean
texture_pasted (Fixture *f)
{
  return f->pasted != NULL;
}

/* A pasted image goes to the editor, which stores it. */
static void
test_paste_image (Fixture       *f,
                  gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->view));
  g_autoptr(GBytes) pixels = g_bytes_new_take (g_malloc0 (4 * 4 * 4), 4 * 4 * 4);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, pixels, 16);

  gdk_clipboard_set_texture (clipboard, texture);
  g_signal_emit_by_name (f->view, "paste-clipboard");
  wait_until (texture_pasted, f);
  g_assert_cmpint (gdk_texture_get_width (f->pasted), ==, 4);
  assert_html (f, "");
}

static void
requested_cb (JgPostBodyView *view,
              GFile          *file,
              Fixture        *f)
{
  g_set_object (&f->requested, file);
}

/* Files dropped on the body: the images are asked for, at the drop point;
 * anything else is left alone. (The drop itself is GTK's: this calls what
 * the view's drop target calls.) */
static void
test_drop_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GFile) photo = g_file_new_for_path ("/tmp/现场照片.jpg");
  g_autoptr(GFile) notes = g_file_new_for_path ("/tmp/notes.txt");
  GSList *files = NULL;
  GtkTextIter cursor;

  g_signal_connect (f->view, "image-requested", G_CALLBACK (requested_cb), f);
  type (f, "第一段");
  enter (f);
  type (f, "第二段");
  files = g_slist_append (files, notes);
  g_assert_false (jg_post_body_view_drop_files (f->view, files, 20, 20));
  g_assert_null (f->requested);
  files = g_slist_append (files, photo);
  g_assert_true (jg_post_body_view_drop_files (f->view, files, 1, 1));
  g_slist_free (files);
  g_assert_nonnull (f->requested);
  g_assert_true (g_file_equal (f->requested, photo));
  /* Dropped at the top: the editor inserts the image there. */
  gtk_text_buffer_get_iter_at_mark (buffer (f), &cursor, gtk_text_buffer_get_insert (buffer (f)));
  g_assert_cmpint (gtk_text_iter_get_line (&cursor), ==, 0);
}

/* The dark pixels of @texture in columns [x0, x1) and rows [y0, y1). */
static guint
dark_pixels (GdkTexture *texture,
             int         x0,
             int         x1,
             int         y0,
             int         y1)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc (width * height * 4);
  guint n = 0;

  gdk_texture_download (texture, data, width * 4);
  for (int y = MAX (y0, 0); y < MIN (y1, height); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, width); x++)
      {
        const guchar *p = data + y * width * 4 + x * 4;
        /* Cairo's ARGB32 in memory: B G R A; dark text on a light view. */
        if (p[3] > 128 && p[0] + p[1] + p[2] < 3 * 128)
          n++;
      }
  return n;
}

/* Bullets and numbers are on screen, in the list's margin, and not in
 * front of a paragraph. */
static void
test_markers_drawn (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JgPostDoc) doc = jg_post_doc_from_html ("<p>段落</p><ul><li>甲</li></ul><ol><li>乙</li></ol>", NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  GtkTextIter iter;
  GdkRectangle rect;
  int width, height, wx, wy;

  jg_post_body_view_set_doc (f->view, doc);
  iterate ();
  /* Let a frame lay it out. */
  for (int i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  paintable = gtk_widget_paintable_new (GTK_WIDGET (f->view));
  width = gtk_widget_get_width (GTK_WIDGET (f->view));
  height = gtk_widget_get_height (GTK_WIDGET (f->view));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (int line = 0; line < 3; line++)
    {
      guint marker;

      gtk_text_buffer_get_iter_at_line (buffer (f), &iter, line);
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (f->view), &iter, &rect);
      gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (f->view), GTK_TEXT_WINDOW_WIDGET,
                                             rect.x, rect.y, &wx, &wy);
      /* The margin before the text, on its line. */
      marker = dark_pixels (texture, 0, wx - 2, wy, wy + rect.height);
      g_test_message ("line %d: text at x=%d, %u dark pixels before it", line, wx, marker);
      if (line == 0)
        g_assert_cmpuint (marker, ==, 0);
      else
        g_assert_cmpuint (marker, >, 0);
    }
}

/* The toolbar's style button says the style at the cursor. */
static void
test_style_button (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (f->toolbar));

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  type (f, "标题");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Paragraph");
  action (f, "body.block", "heading");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Subheading");
  enter (f);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Paragraph");
}

static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "[%s]", gtk_label_get_text (GTK_LABEL (widget)));
  if (JG_IS_POST_FIGURE (widget))
    g_string_append_printf (out, "[img %s]", jg_post_figure_get_alt (JG_POST_FIGURE (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static GdkPaintable *
load_picture (const char *sha256,
              gpointer    data)
{
  g_autoptr(GBytes) pixels = g_bytes_new_take (g_malloc0 (1000 * 500 * 4), 1000 * 500 * 4);

  g_assert_cmpstr (sha256, ==, SHA_A);
  return GDK_PAINTABLE (gdk_memory_texture_new (1000, 500, GDK_MEMORY_R8G8B8A8, pixels, 1000 * 4));
}

/* The preview reads as the column will: title, source and date, summary,
 * the body in order with its numbers and its images. */
static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (
    "<h3>检查情况</h3><p>共检查<strong>12</strong>家。</p><ol><li>复查</li><li>通报</li></ol>"
    "<figure><img src=\"jg-image:" SHA_A "\" alt=\"检查现场\"><figcaption>图1</figcaption></figure>", NULL);
  GtkWidget *preview = jg_post_preview_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_window_set_child (GTK_WINDOW (f->window), preview);
  jg_post_preview_set_image_loader (JG_POST_PREVIEW (preview), load_picture, NULL, NULL);
  jg_post_preview_show (JG_POST_PREVIEW (preview), "市场监管局开展冷链食品检查", "食品安全监管科",
                        "2026-12-04", "本月检查情况", doc);
  iterate ();
  collect_text (preview, text);
  g_assert_cmpstr (text->str, ==,
                   "[市场监管局开展冷链食品检查][Source: 食品安全监管科    Published: 2026-12-04]"
                   "[Summary: 本月检查情况][检查情况][共检查12家。][1.][复查][2.][通报]"
                   "[img 检查现场][图1]");
}

static GtkWidget *
find_figure (GtkWidget *widget)
{
  if (JG_IS_POST_FIGURE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_figure (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* An image without a (good) alternative text says so under it, until it
 * has one. */
static void
test_alt_warning (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *expected = NULL;
  GtkWidget *figure;

  jg_post_body_view_insert_image (f->view, SHA_A, NULL, "", "图1 冷库");
  iterate ();
  figure = find_figure (GTK_WIDGET (f->view));
  g_assert_nonnull (figure);
  collect_text (figure, text);
  g_assert_cmpstr (text->str, ==,
                   "[img ][图1 冷库][No alternative text: double-click the image to describe it.]");

  /* A file name is no description either (the rules' own warning). */
  {
    g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (
      "<figure><img src=\"jg-image:" SHA_A "\" alt=\"IMG_0001.jpg\"></figure>", NULL);
    jg_post_body_view_set_doc (f->view, doc);
  }
  iterate ();
  figure = find_figure (GTK_WIDGET (f->view));
  g_string_truncate (text, 0);
  collect_text (figure, text);
  expected = g_strdup_printf ("[img IMG_0001.jpg][%s]", jg_post_alt_text_problem ("IMG_0001.jpg", NULL));
  g_assert_cmpstr (text->str, ==, expected);

  /* Described: nothing to say. */
  {
    g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (
      "<figure><img src=\"jg-image:" SHA_A "\" alt=\"执法人员检查冷库温度记录\"></figure>", NULL);
    jg_post_body_view_set_doc (f->view, doc);
  }
  iterate ();
  g_string_truncate (text, 0);
  collect_text (find_figure (GTK_WIDGET (f->view)), text);
  g_assert_cmpstr (text->str, ==, "[img 执法人员检查冷库温度记录]");
}

static const char *expected_html;

static gboolean
html_is_expected (Fixture *f)
{
  g_autofree char *html = body_html (f);
  return g_strcmp0 (html, expected_html) == 0;
}

/* Real key presses through the X server (xdotool): the shortcuts the
 * tooltips advertise. */
static void
press_keys (Fixture    *f,
            const char *keys,
            const char *expected)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "xdotool", "mousemove", "200", "200", "key", "--delay", "50", keys, NULL };

  int status = 0;
  gint64 until;

  /* The keys wait in our X connection until the main loop reads them. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  expected_html = expected;
  wait_until (html_is_expected, f);
}

static void
test_shortcuts (Fixture       *f,
                gconstpointer  data)
{
  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("no xdotool");
      return;
    }
  type (f, "一项");
  press_keys (f, "ctrl+shift+7", "<ol><li>一项</li></ol>");
  press_keys (f, "Return", "<ol><li>一项</li></ol>");
  press_keys (f, "ctrl+b", "<ol><li>一项</li></ol>");
  type (f, "二");
  assert_html (f, "<ol><li>一项</li><li><strong>二</strong></li></ol>");
  press_keys (f, "ctrl+shift+8", "<ol><li>一项</li></ol><ul><li><strong>二</strong></li></ul>");
  press_keys (f, "ctrl+alt+2", "<ol><li>一项</li></ol><h3><strong>二</strong></h3>");
  press_keys (f, "ctrl+alt+0", "<ol><li>一项</li></ol><p><strong>二</strong></p>");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/post-body/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("typing", test_typing);
  ADD ("heading-enter", test_heading_enter);
  ADD ("image", test_image);
  ADD ("type-after-image", test_type_after_image);
  ADD ("round-trip", test_round_trip);
  ADD ("paste-word", test_paste_word);
  ADD ("paste-phrase", test_paste_phrase);
  ADD ("paste-image", test_paste_image);
  ADD ("drop-files", test_drop_files);
  ADD ("markers-drawn", test_markers_drawn);
  ADD ("style-button", test_style_button);
  ADD ("preview", test_preview);
  ADD ("shortcuts", test_shortcuts);
  ADD ("alt-warning", test_alt_warning);
#undef ADD

  return g_test_run ();
}
