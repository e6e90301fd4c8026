/* signet-ui-preferences-window.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-ui-application.h"
#include "signet-ui-preferences-window.h"

struct _SignetUiPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  GtkAdjustment        *expiry_warning_adjustment;
  GtkSwitch            *auto_refresh_switch;
  GtkAdjustment        *auto_refresh_interval_adjustment;
};

G_DEFINE_FINAL_TYPE (SignetUiPreferencesWindow, signet_ui_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
signet_ui_preferences_window_constructed (GObject *object)
{
  SignetUiPreferencesWindow *self = SIGNET_UI_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (signet_ui_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (SIGNET_UI_SETTINGS_SCHEMA);

  g_settings_bind (self->settings, "expiry-warning-days",
                   self->expiry_warning_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-refresh",
                   self->auto_refresh_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-refresh-minutes",
                   self->auto_refresh_interval_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
signet_ui_preferences_window_dispose (GObject *object)
{
  SignetUiPreferencesWindow *self = SIGNET_UI_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SIGNET_UI_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (signet_ui_preferences_window_parent_class)->dispose (object);
}

static void
signet_ui_preferences_window_finalize (GObject *object)
{
  SignetUiPreferencesWindow *self = SIGNET_UI_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (signet_ui_preferences_window_parent_class)->finalize (object);
}

static void
signet_ui_preferences_window_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  SignetUiPreferencesWindow *self = SIGNET_UI_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_ui_preferences_window_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  SignetUiPreferencesWindow *self = SIGNET_UI_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
signet_ui_preferences_window_class_init (SignetUiPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = signet_ui_preferences_window_constructed;
  object_class->dispose = signet_ui_preferences_window_dispose;
  object_class->finalize = signet_ui_preferences_window_finalize;
  object_class->get_property = signet_ui_preferences_window_get_property;
  object_class->set_property = signet_ui_preferences_window_set_property;

  /**
   * SignetUiPreferencesWindow:settings:
   *
   * The app's settings (schema %SIGNET_UI_SETTINGS_SCHEMA) that the rows edit.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SIGNET_UI_RESOURCE_PATH "/signet-ui-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SignetUiPreferencesWindow, expiry_warning_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPreferencesWindow, auto_refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, SignetUiPreferencesWindow, auto_refresh_interval_adjustment);
}

static void
signet_ui_preferences_window_init (SignetUiPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * signet_ui_preferences_window_new:
 * @settings: the app's #GSettings
 *
 * Returns: (transfer none): a new preferences window that edits @settings
 */
SignetUiPreferencesWindow *
signet_ui_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SIGNET_UI_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}
