/* jg-bench-window.c — a bare libadwaita window: the reference of
 * `jianguan-bench startup`
 *
 *   jg-bench-window
 *
 * An AdwApplication whose AdwApplicationWindow has the app's default size,
 * a header bar and a label, and nothing else. At the first frame its
 * surface paints (the frame clock's first "after-paint") it prints
 * "first-frame USEC" on stdout, USEC being g_get_monotonic_time()
 * (CLOCK_MONOTONIC, comparable across processes), exactly as Jianguan does
 * with JIANGUAN_BENCH_FIRST_FRAME=1 (jg-application.c); then it stays idle
 * until it is killed, so that its idle memory can be read.
 *
 * Only libadwaita: it links nothing of Jianguan, so it is what any GNOME
 * app pays before drawing its first frame on this machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <stdio.h>

/* jg-window.ui's default size (and the "window-width"/"window-height"
 * settings' defaults). */
#define WINDOW_WIDTH 1200
#define WINDOW_HEIGHT 780

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
}

static void
realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Jianguan");

  gtk_window_set_title (GTK_WINDOW (window), "Jianguan");
  gtk_window_set_default_size (GTK_WINDOW (window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* Registered on the session bus as Jianguan is (G_APPLICATION_DEFAULT_FLAGS),
   * under a name of its own. */
  g_autoptr(AdwApplication) app = adw_application_new ("com.jieyang.Jianguan.BenchWindow",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
