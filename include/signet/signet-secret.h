/* signet-secret.h: a passphrase or other secret held in locked, wiped memory.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <glib-object.h>

#include "signet-version-macros.h"

G_BEGIN_DECLS

#define SIGNET_TYPE_SECRET (signet_secret_get_type ())

/**
 * SignetSecret:
 *
 * An immutable, reference-counted secret (a passphrase, a password, decrypted key
 * material). The bytes live in OpenSSL's secure heap when it is available and are
 * wiped when the last reference goes. The data is always followed by a NUL byte.
 */
typedef struct _SignetSecret SignetSecret;

SIGNET_AVAILABLE_IN_ALL
GType         signet_secret_get_type  (void) G_GNUC_CONST;
SIGNET_AVAILABLE_IN_ALL
SignetSecret *signet_secret_new       (const char   *data,
                                       gssize        len) G_GNUC_WARN_UNUSED_RESULT;
SIGNET_AVAILABLE_IN_ALL
SignetSecret *signet_secret_new_sized (gsize         len) G_GNUC_WARN_UNUSED_RESULT;
SIGNET_AVAILABLE_IN_ALL
SignetSecret *signet_secret_ref       (SignetSecret *self);
SIGNET_AVAILABLE_IN_ALL
void          signet_secret_unref     (SignetSecret *self);
SIGNET_AVAILABLE_IN_ALL
const char   *signet_secret_get       (SignetSecret *self,
                                       gsize        *len);
SIGNET_AVAILABLE_IN_ALL
char         *signet_secret_get_data  (SignetSecret *self);
SIGNET_AVAILABLE_IN_ALL
gsize         signet_secret_get_length (SignetSecret *self);
SIGNET_AVAILABLE_IN_ALL
gboolean      signet_secret_is_empty  (SignetSecret *self);
SIGNET_AVAILABLE_IN_ALL
gboolean      signet_secret_equal     (SignetSecret *a,
                                       SignetSecret *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetSecret, signet_secret_unref)

G_END_DECLS
