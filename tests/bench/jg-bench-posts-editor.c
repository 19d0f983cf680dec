/* jg-bench-posts-editor.c — typing into and opening a long post body
 *
 *   jianguan-bench posts-editor [--chars N] [--images N] [--keys N] [--opens N]
 *
 * The real JgPostBodyView (it needs a display: run it under Xvfb, as
 * `meson test --benchmark` does) holding a body of 20,000 characters with
 * 20 images (headings, bold, lists among its paragraphs), in a scrolled
 * window on screen. Prints "name value unit" lines:
 *
 *   - keystroke: one character inserted at the cursor in the middle of the
 *     body, through the view's own insert path (what a key press calls),
 *     until the next frame is painted (keystroke_*: with the renderer's
 *     drawing, which on Xvfb is software GL) and until that frame's layout
 *     is done (keystroke_layout_*); p50/p95 (goal p95 ≤ 8 ms), the time
 *     inside the view's handlers alone, and the same keystrokes into a bare
 *     GtkTextView holding the same plain text, with the ratio;
 *   - open: set_doc until the body is painted (goal ≤ 100 ms), beside a
 *     bare set_text of the same text, with the ratio.
 *
 * Between keystrokes the bench waits a little, as a typist does, so that
 * each keystroke meets an idle frame clock. Benchmarks never fail on a
 * goal: they measure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "jg-bench.h"
#include "jg-bench-posts-editor.h"
#include "jg-post-body-view.h"

#define DEFAULT_CHARS 20000
#define DEFAULT_IMAGES 20
#define DEFAULT_KEYS 200
#define DEFAULT_OPENS 10
/* Characters per paragraph, about a paragraph of a 监管动态 post. */
#define PARAGRAPH_CHARS 180
/* The pictures the editor's loader gives: decoded at the size they are
 * shown (jg-post-figure.h), twice JG_POST_FIGURE_MAX_WIDTH for a HiDPI
 * screen. */
#define IMAGE_WIDTH (2 * JG_POST_FIGURE_MAX_WIDTH)
#define IMAGE_HEIGHT (IMAGE_WIDTH * 3 / 4)
#define PAINT_TIMEOUT_US (10 * G_USEC_PER_SEC)
/* A brisk typist's pause between keys. */
#define KEY_PAUSE_MS 30
#define OPEN_PAUSE_MS 100

static const char sample[] =
  "市场监管局开展食品安全专项整治行动对辖区内生产经营单位进行双随机抽查发现问题"
  "已责令限期整改并依法立案调查下一步将持续加强日常监管督促企业落实主体责任";

typedef struct {
  gboolean painted;
  gint64 laid_out;  /* when the frame's layout phase ended */
} Probe;

static void
after_paint_cb (GdkFrameClock *clock,
                Probe         *probe)
{
  probe->painted = TRUE;
}

static void
layout_cb (GdkFrameClock *clock,
           Probe         *probe)
{
  if (probe->laid_out == 0)
    probe->laid_out = g_get_monotonic_time ();
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
}

/* Runs the main loop until the next frame is painted. */
static void
wait_painted (Probe *probe)
{
  gint64 deadline = g_get_monotonic_time () + PAINT_TIMEOUT_US;

  while (!probe->painted)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("No frame was painted");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
emit_pair (const char *name,
           GArray     *measured,
           GArray     *bare,
           double      p)
{
  g_autofree char *label = g_strdup_printf ("p%d", (int) (p * 100 + 0.5));
  g_autofree char *m = g_strdup_printf ("%s_%s", name, label);
  g_autofree char *b = g_strdup_printf ("%s_bare_%s", name, label);
  g_autofree char *r = g_strdup_printf ("%s_ratio_%s", name, label);
  double mv = percentile (measured, p), bv = percentile (bare, p);

  emit (m, mv, "ms");
  emit (b, bv, "ms");
  emit (r, bv > 0 ? mv / bv : 0, "x");
}

/* A body of about @chars characters of text and @images images, an image
 * after every few paragraphs, a subheading and a list now and then. */
static JgPostDoc *
make_doc (int chars,
          int images)
{
  JgPostDoc *doc = jg_post_doc_new ();
  glong sample_len = g_utf8_strlen (sample, -1);
  /* Headings are short: a few more paragraphs make up the length. */
  int paragraphs = MAX (1, chars / PARAGRAPH_CHARS + chars / PARAGRAPH_CHARS / 10 + 1);
  int every = images > 0 ? MAX (1, paragraphs / images) : 0;
  int written = 0, placed = 0;
  glong at = 0;

  for (int i = 0; i < paragraphs && written < chars; i++)
    {
      JgPostBlockKind kind = i % 10 == 0 ? JG_POST_BLOCK_HEADING
                             : i % 7 == 3 ? JG_POST_BLOCK_BULLET_ITEM
                             : i % 7 == 4 ? JG_POST_BLOCK_NUMBER_ITEM
                             : JG_POST_BLOCK_PARAGRAPH;
      int length = kind == JG_POST_BLOCK_HEADING ? 12 : PARAGRAPH_CHARS;
      JgPostBlock *block = jg_post_doc_append_block (doc, kind);

      length = MIN (length, chars - written);
      for (int done = 0; done < length; )
        {
          int n = MIN (length - done, 20);
          g_autoptr(GString) run = g_string_new (NULL);

          for (int k = 0; k < n; k++, at = (at + 1) % sample_len)
            {
              const char *c = g_utf8_offset_to_pointer (sample, at);
              g_string_append_len (run, c, g_utf8_next_char (c) - c);
            }
          jg_post_block_append_run (block, run->str, (done / 20) % 4 == 1);
          done += n;
        }
      written += length;
      if (every > 0 && placed < images && i % every == every - 1)
        {
          JgPostBlock *image = jg_post_doc_append_block (doc, JG_POST_BLOCK_IMAGE);

          image->image_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) &placed,
                                                             sizeof placed);
          image->image_alt = g_strdup_printf ("现场检查照片%d", placed + 1);
          image->image_caption = g_strdup_printf ("图%d 检查现场", placed + 1);
          placed++;
        }
    }
  return doc;
}

static GdkPaintable *
load_image (const char *sha256,
            gpointer    data)
{
  return g_object_ref (GDK_PAINTABLE (data));
}

/* The view in a window as the editor shows it. */
static GtkWidget *
make_window (GtkWidget *view)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  settle (OPEN_PAUSE_MS);
  return window;
}

/* Loads the body with @load, then measures until painted. */
static GArray *
time_opens (GtkWidget *view,
            int        opens,
            void     (*load) (GtkWidget *view, gpointer data),
            gpointer   data)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (view);
  Probe probe = { FALSE };

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &probe);
  /* One unmeasured open first: the process's first also loads the fonts
   * of the text; each view gets one. */
  for (int i = -1; i < opens; i++)
    {
      gint64 start;
      double ms;

      load (view, NULL);
      settle (OPEN_PAUSE_MS);
      probe.painted = FALSE;
      start = g_get_monotonic_time ();
      load (view, data);
      wait_painted (&probe);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (i >= 0)
        g_array_append_val (times, ms);
      settle (OPEN_PAUSE_MS);
    }
  g_signal_handlers_disconnect_by_data (clock, &probe);
  return times;
}

static void
load_doc (GtkWidget *view,
          gpointer   data)
{
  jg_post_body_view_set_doc (JG_POST_BODY_VIEW (view), data);
}

static void
load_text (GtkWidget *view,
           gpointer   data)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), data != NULL ? data : "", -1);
}

/* @keys characters typed at @offset; the whole keystroke (to the painted
 * frame) in @total, to the end of the frame's layout in @layout, the
 * insert call alone in @handle. */
static void
time_keys (GtkWidget *view,
           int        offset,
           int        keys,
           GArray    *total,
           GArray    *layout,
           GArray    *handle)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (view);
  Probe probe = { FALSE };
  GtkTextIter iter;

  gtk_widget_grab_focus (view);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (view), gtk_text_buffer_get_insert (buffer), 0.0, TRUE,
                                0.0, 0.5);
  settle (OPEN_PAUSE_MS * 3);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &probe);
  g_signal_connect_after (clock, "layout", G_CALLBACK (layout_cb), &probe);
  for (int i = 0; i < keys; i++)
    {
      gint64 start, handled;
      double ms;

      probe.painted = FALSE;
      probe.laid_out = 0;
      start = g_get_monotonic_time ();
      g_signal_emit_by_name (view, "insert-at-cursor", i % 20 == 19 ? "。" : "查");
      handled = g_get_monotonic_time ();
      wait_painted (&probe);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (total, ms);
      ms = ((probe.laid_out != 0 ? probe.laid_out : handled) - start) / 1000.0;
      g_array_append_val (layout, ms);
      ms = (handled - start) / 1000.0;
      if (handle != NULL)
        g_array_append_val (handle, ms);
      settle (KEY_PAUSE_MS);
    }
  g_signal_handlers_disconnect_by_data (clock, &probe);
}

int
jg_bench_posts_editor (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— typing into and opening a post body");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgPostDoc) doc = NULL;
  g_autoptr(GdkTexture) picture = NULL;
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GArray) open_view = NULL, open_bare = NULL;
  g_autoptr(GArray) key_view = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) key_bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) key_handle = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layout_view = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layout_bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *text = NULL;
  GtkWidget *view, *bare, *window;
  int chars = DEFAULT_CHARS, images = DEFAULT_IMAGES, keys = DEFAULT_KEYS, opens = DEFAULT_OPENS;
  int middle;
  const GOptionEntry entries[] = {
    { "chars", 0, 0, G_OPTION_ARG_INT, &chars, "Characters of text (default 20000)", "N" },
    { "images", 0, 0, G_OPTION_ARG_INT, &images, "Images (default 20)", "N" },
    { "keys", 0, 0, G_OPTION_ARG_INT, &keys, "Keystrokes measured (default 200)", "N" },
    { "opens", 0, 0, G_OPTION_ARG_INT, &opens, "Opens measured (default 10)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("jianguan-bench posts-editor: %s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("jianguan-bench: posts-editor needs a display (run it under xvfb-run)\n");
      return 77;
    }
  adw_init ();

  doc = make_doc (chars, images);
  text = jg_post_doc_to_text (doc);
  middle = g_utf8_strlen (text, -1) / 2;
  pixels = g_bytes_new_take (g_malloc0 (IMAGE_WIDTH * IMAGE_HEIGHT * 4), IMAGE_WIDTH * IMAGE_HEIGHT * 4);
  picture = gdk_memory_texture_new (IMAGE_WIDTH, IMAGE_HEIGHT, GDK_MEMORY_R8G8B8A8, pixels,
                                    IMAGE_WIDTH * 4);
  emit ("posts_editor_body_chars", g_utf8_strlen (text, -1), "chars");
  emit ("posts_editor_body_images", images, "images");

  g_printerr ("Opening the body…\n");
  view = jg_post_body_view_new ();
  jg_post_body_view_set_image_loader (JG_POST_BODY_VIEW (view), load_image, g_object_ref (picture),
                                      g_object_unref);
  window = make_window (view);
  open_view = time_opens (view, opens, load_doc, doc);
  g_printerr ("Typing into it…\n");
  time_keys (view, middle, keys, key_view, layout_view, key_handle);
  gtk_window_destroy (GTK_WINDOW (window));
  settle (OPEN_PAUSE_MS);

  g_printerr ("The same into a bare GtkTextView…\n");
  bare = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (bare), GTK_WRAP_WORD_CHAR);
  window = make_window (bare);
  open_bare = time_opens (bare, opens, load_text, text);
  time_keys (bare, middle, keys, key_bare, layout_bare, NULL);
  gtk_window_destroy (GTK_WINDOW (window));

  emit_pair ("posts_editor_keystroke", key_view, key_bare, 0.50);
  emit_pair ("posts_editor_keystroke", key_view, key_bare, 0.95);
  emit_pair ("posts_editor_keystroke_layout", layout_view, layout_bare, 0.50);
  emit_pair ("posts_editor_keystroke_layout", layout_view, layout_bare, 0.95);
  emit ("posts_editor_keystroke_handler_p95", percentile (key_handle, 0.95), "ms");
  emit_pair ("posts_editor_open", open_view, open_bare, 0.50);
  emit_pair ("posts_editor_open", open_view, open_bare, 0.95);
  return 0;
}
