/* signet-test-ui.c: helpers for the ui suite: waiting for the window system, finding
 * toplevels, and screenshots (render a widget with its window's renderer, save a PNG into
 * the build dir, check that it shows something).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "signet-test-ui.h"

/* Time allowed for the X server and GTK to show a window or a frame. */
#define WAIT_TIMEOUT_MS 20000

/**
 * signet_test_ui_init:
 *
 * g_test_init() plus what the ui tests need before GTK starts: the test accessibility
 * backend (so gtk_test_accessible_*() can read accessible labels) and the X11 backend of
 * the private Xvfb server that tests/run-ui-test starts.
 */
void
signet_test_ui_init (int    *argc,
                     char ***argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (argc, argv, NULL);

  if (g_getenv ("DISPLAY") == NULL)
    g_error ("The ui tests need an X display: run them through tests/run-ui-test");
}

/**
 * signet_test_ui_setup_display:
 *
 * After GTK is initialised (the application's startup): GNOME's font and no animations,
 * so that screenshots look like the app on a GNOME desktop and come out the same each run.
 */
void
signet_test_ui_setup_display (void)
{
  GtkSettings *settings = gtk_settings_get_default ();

  g_assert_nonnull (settings);
  g_object_set (settings,
                "gtk-font-name", "Cantarell 11",
                "gtk-enable-animations", FALSE,
                "gtk-xft-antialias", 1,
                "gtk-xft-hinting", 1,
                "gtk-xft-hintstyle", "hintslight",
                "gtk-xft-rgba", "none",
                NULL);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * signet_test_ui_wait_until:
 * @condition: checked after each main loop iteration
 * @what: what is awaited, for the failure message
 *
 * Runs the main loop until @condition returns %TRUE; fails the test after @timeout_ms.
 */
void
signet_test_ui_wait_until (SignetTestUiCondition  condition,
                           gpointer               user_data,
                           guint                  timeout_ms,
                           const char            *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake_id = g_timeout_add (10, wake_cb, NULL);

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_source_remove (wake_id);
          g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
        }
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_id);
}

static gboolean
time_passed_cb (gpointer user_data)
{
  return g_get_monotonic_time () >= *(gint64 *) user_data;
}

/**
 * signet_test_ui_iterate:
 *
 * Runs the main loop for @ms milliseconds.
 */
void
signet_test_ui_iterate (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  signet_test_ui_wait_until (time_passed_cb, &until, ms + WAIT_TIMEOUT_MS, "time to pass");
}

typedef struct
{
  GtkWidget *widget;
  guint      n_frames;
  guint      goal;
} FrameWait;

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  FrameWait *wait = user_data;

  wait->n_frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
widget_mapped_cb (gpointer user_data)
{
  FrameWait *wait = user_data;

  return gtk_widget_get_mapped (wait->widget) &&
         gtk_widget_get_width (wait->widget) > 0 &&
         gtk_widget_get_height (wait->widget) > 0;
}

static gboolean
frames_done_cb (gpointer user_data)
{
  FrameWait *wait = user_data;

  if (wait->n_frames >= wait->goal)
    return TRUE;

  /* ask for a frame even when nothing changes */
  gtk_widget_queue_draw (wait->widget);
  return FALSE;
}

/**
 * signet_test_ui_wait_for_frames:
 *
 * Waits until @widget is mapped and has a size, then until its frame clock has ticked
 * @n_frames times, so that layout and painting have caught up with the latest changes.
 */
void
signet_test_ui_wait_for_frames (GtkWidget *widget,
                                guint      n_frames)
{
  FrameWait wait = { widget, 0, n_frames };
  guint tick_id;

  g_assert_true (GTK_IS_WIDGET (widget));

  signet_test_ui_wait_until (widget_mapped_cb, &wait, WAIT_TIMEOUT_MS, "a widget to be mapped");

  tick_id = gtk_widget_add_tick_callback (widget, count_frame_cb, &wait, NULL);
  signet_test_ui_wait_until (frames_done_cb, &wait, WAIT_TIMEOUT_MS, "frames to be drawn");
  gtk_widget_remove_tick_callback (widget, tick_id);
}

/**
 * signet_test_ui_find_window:
 * @type: a #GtkWindow subtype
 *
 * Returns: (transfer none) (nullable): the first visible toplevel of @type
 */
GtkWindow *
signet_test_ui_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
window_shown_cb (gpointer user_data)
{
  return signet_test_ui_find_window (*(GType *) user_data) != NULL;
}

/**
 * signet_test_ui_wait_for_window:
 * @type: a #GtkWindow subtype
 *
 * Waits until a toplevel of @type is visible and has drawn a frame; fails the test if none
 * comes.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
signet_test_ui_wait_for_window (GType type)
{
  GtkWindow *window;

  signet_test_ui_wait_until (window_shown_cb, &type, WAIT_TIMEOUT_MS, g_type_name (type));
  window = signet_test_ui_find_window (type);
  signet_test_ui_wait_for_frames (GTK_WIDGET (window), 2);

  return window;
}

static gboolean
window_gone_cb (gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(GtkWindow) window = g_weak_ref_get (ref);

  return window == NULL || !gtk_widget_get_visible (GTK_WIDGET (window));
}

/**
 * signet_test_ui_close_window:
 *
 * Destroys @window and waits until it is gone.
 */
void
signet_test_ui_close_window (GtkWindow *window)
{
  GWeakRef ref;

  g_weak_ref_init (&ref, window);
  gtk_window_destroy (window);
  signet_test_ui_wait_until (window_gone_cb, &ref, WAIT_TIMEOUT_MS, "a window to close");
  g_weak_ref_clear (&ref);
}

/* The area of a window without its frame: under Xvfb there is no compositor, so GTK draws
 * solid client-side decorations with a resize border around the title bar and content. */
static graphene_rect_t
window_content_bounds (GtkWidget *window)
{
  graphene_rect_t area = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean found = FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (window);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_visible (child) || GTK_IS_NATIVE (child))
        continue;
      if (!gtk_widget_compute_bounds (child, window, &bounds))
        continue;
      if (found)
        graphene_rect_union (&area, &bounds, &area);
      else
        area = bounds;
      found = TRUE;
    }

  if (!found)
    area = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));

  return area;
}

/* What signet_test_ui_render() shows of @widget, in the coordinates of the widget's
 * paintable (whose origin is the top left of the widget's border box, CSS margins aside). */
static graphene_rect_t
render_area (GtkWidget *widget,
             int       *paintable_width,
             int       *paintable_height)
{
  graphene_rect_t box;
  graphene_rect_t area;

  if (!gtk_widget_compute_bounds (widget, widget, &box))
    g_error ("%s has no bounds", G_OBJECT_TYPE_NAME (widget));

  *paintable_width = (int) ceilf (box.size.width);
  *paintable_height = (int) ceilf (box.size.height);

  if (!GTK_IS_WINDOW (widget))
    return GRAPHENE_RECT_INIT (0, 0, *paintable_width, *paintable_height);

  area = window_content_bounds (widget);
  graphene_rect_offset (&area, -box.origin.x, -box.origin.y);
  return area;
}

/**
 * signet_test_ui_render:
 * @widget: a mapped widget
 *
 * Renders @widget as it is on screen, with the renderer of its window: a #GtkSnapshot of
 * the widget (through a #GtkWidgetPaintable, at its own size, so nothing is scaled), turned
 * into a texture by gsk_renderer_render_texture(). For a window, the texture shows the title
 * bar and the content, without the resize frame around them.
 *
 * Returns: (transfer full): the texture, of signet_test_ui_get_render_size()
 */
GdkTexture *
signet_test_ui_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  graphene_rect_t area;
  int width;
  int height;

  g_assert_true (GTK_IS_WIDGET (widget));
  g_assert_true (gtk_widget_get_mapped (widget));

  area = render_area (widget, &width, &height);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, width);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, height);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);

  return gsk_renderer_render_texture (renderer, node, &area);
}

/**
 * signet_test_ui_get_render_size:
 *
 * The size of what signet_test_ui_render() renders of @widget.
 */
void
signet_test_ui_get_render_size (GtkWidget *widget,
                                int       *width,
                                int       *height)
{
  graphene_rect_t area;
  int paintable_width;
  int paintable_height;

  area = render_area (widget, &paintable_width, &paintable_height);
  *width = (int) area.size.width;
  *height = (int) area.size.height;
}

/**
 * signet_test_ui_save_screenshot:
 * @file_name: a PNG file name, saved in the build dir of the tests
 *
 * Renders @widget and saves it as a PNG (for people to look at and for data/screenshots/).
 *
 * Returns: (transfer full): the rendered texture
 */
GdkTexture *
signet_test_ui_save_screenshot (GtkWidget  *widget,
                                const char *file_name)
{
  g_autofree char *path = NULL;
  GdkTexture *texture;

  texture = signet_test_ui_render (widget);
  path = g_test_build_filename (G_TEST_BUILT, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return texture;
}

/**
 * signet_test_ui_assert_not_blank:
 *
 * Fails unless @texture is opaque and shows content: many colours (text is antialiased),
 * and a fair share of pixels differ from the most common (background) colour.
 */
void
signet_test_ui_assert_not_blank (GdkTexture *texture)
{
  g_autofree guint32 *pixels = NULL;
  g_autoptr(GHashTable) counts = NULL;
  gsize n_pixels;
  gsize n_opaque = 0;
  guint max_count = 0;
  int width;
  int height;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  n_pixels = (gsize) width * height;
  pixels = g_new (guint32, n_pixels);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);

  counts = g_hash_table_new (NULL, NULL);
  for (gsize i = 0; i < n_pixels; i++)
    {
      guint32 pixel = pixels[i];
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (pixel + 1)));

      g_hash_table_insert (counts, GUINT_TO_POINTER (pixel + 1), GUINT_TO_POINTER (count + 1));
      if ((pixel >> 24) == 0xff)
        n_opaque++;
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    max_count = MAX (max_count, GPOINTER_TO_UINT (value));

  g_test_message ("%d×%d: %u colours, background covers %.1f%%, %.1f%% opaque",
                  width, height, g_hash_table_size (counts),
                  100.0 * max_count / n_pixels, 100.0 * n_opaque / n_pixels);

  /* a window draws its whole area */
  g_assert_cmpfloat ((double) n_opaque / n_pixels, >, 0.99);
  /* antialiased text and icons give many colours; a blank or one-colour image has few */
  g_assert_cmpuint (g_hash_table_size (counts), >=, 32);
  /* at least 1% of the pixels are not background */
  g_assert_cmpfloat ((double) (n_pixels - max_count) / n_pixels, >, 0.01);
}

/**
 * signet_test_ui_mean_luminance:
 *
 * Returns: the mean luminance of @texture, from 0 (black) to 1 (white): tells the light
 *   and the dark style apart
 */
double
signet_test_ui_mean_luminance (GdkTexture *texture)
{
  g_autofree guint32 *pixels = NULL;
  gsize n_pixels;
  double sum = 0;
  int width;
  int height;

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  n_pixels = (gsize) width * height;
  g_assert_cmpuint (n_pixels, >, 0);
  pixels = g_new (guint32, n_pixels);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);

  /* CAIRO_FORMAT_ARGB32 in native endianness, premultiplied; the window is opaque */
  for (gsize i = 0; i < n_pixels; i++)
    {
      guint32 p = pixels[i];

      sum += 0.2126 * ((p >> 16) & 0xff) + 0.7152 * ((p >> 8) & 0xff) + 0.0722 * (p & 0xff);
    }

  return sum / (255.0 * n_pixels);
}
