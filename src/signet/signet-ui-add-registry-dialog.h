/* signet-ui-add-registry-dialog.h
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-ui-registry.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_ADD_REGISTRY_DIALOG (signet_ui_add_registry_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiAddRegistryDialog, signet_ui_add_registry_dialog, SIGNET_UI, ADD_REGISTRY_DIALOG, AdwWindow)

/* Emits "registry-added" (SignetUiRegistry) when the user adds one, then closes. */
SignetUiAddRegistryDialog *signet_ui_add_registry_dialog_new     (GtkWindow                 *parent);
SignetUiAddRegistryDialog *signet_ui_add_registry_dialog_new_for_registry (GtkWindow        *parent,
                                                                           SignetUiRegistry *registry);
void                       signet_ui_add_registry_dialog_set_ca_file (SignetUiAddRegistryDialog *self,
                                                                      const char                *path);
void                       signet_ui_add_registry_dialog_set_url (SignetUiAddRegistryDialog *self,
                                                                  const char                *url);

G_END_DECLS
