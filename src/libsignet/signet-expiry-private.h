/* signet-expiry-private.h: the expiry scan with an injected clock.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-expiry.h"

G_BEGIN_DECLS

/* Root certificates are flagged this many days before they expire at the least (notary
 * warns at six months). */
#define SIGNET_EXPIRY_CERT_WARNING_DAYS 182

/* signet_expiry_scan_async() at @now (Unix seconds; 0 = real time). */
void   _signet_expiry_scan_at_async      (SignetRemote           *remote,
                                          const char             *trust_dir,
                                          const char             *registries_file,
                                          const char * const     *guns,
                                          guint                   within_days,
                                          SignetExpiryScanFlags   flags,
                                          gint64                  now,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data);

/* The GUNs with cached trust data under <@trust_dir>/tuf/ (a folder holding
 * metadata/root.json), sorted. Blocking. */
GPtrArray *_signet_expiry_list_cached    (const char             *trust_dir);

G_END_DECLS
