/* signet-expiry.h: which roles, delegations and root certificates expire soon, across
 * repositories, and what to do about each.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <gio/gio.h>

#include "signet-remote.h"
#include "signet-version-macros.h"

G_BEGIN_DECLS

/**
 * SignetExpiryKind:
 * @SIGNET_EXPIRY_KIND_ROLE: the metadata of a base role (root, targets, snapshot, timestamp)
 * @SIGNET_EXPIRY_KIND_DELEGATION: the metadata of a delegation ("targets/releases", a signer)
 * @SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE: the x509 certificate of a root key
 *
 * Stable values.
 */
typedef enum
{
  SIGNET_EXPIRY_KIND_ROLE = 0,
  SIGNET_EXPIRY_KIND_DELEGATION = 1,
  SIGNET_EXPIRY_KIND_ROOT_CERTIFICATE = 2,
} SignetExpiryKind;

/**
 * SignetExpiryState:
 * @SIGNET_EXPIRY_STATE_OK: expires after the warning window
 * @SIGNET_EXPIRY_STATE_EXPIRING: expires within the warning window (the role's, or six
 *   months for root certificates, as notary warns)
 * @SIGNET_EXPIRY_STATE_EXPIRED: already expired
 *
 * Stable values. The timestamp, which the server renews by itself, is never EXPIRING.
 */
typedef enum
{
  SIGNET_EXPIRY_STATE_OK = 0,
  SIGNET_EXPIRY_STATE_EXPIRING = 1,
  SIGNET_EXPIRY_STATE_EXPIRED = 2,
} SignetExpiryState;

/**
 * SignetExpiryAction:
 * @SIGNET_EXPIRY_ACTION_NONE: nothing to do yet
 * @SIGNET_EXPIRY_ACTION_RESIGN: sign the role again with its key (a new version, a new expiry)
 * @SIGNET_EXPIRY_ACTION_ROTATE_ROOT: rotate the root key (a new certificate)
 * @SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR: the notary server holds the key: ask its operator
 *
 * Stable values.
 */
typedef enum
{
  SIGNET_EXPIRY_ACTION_NONE = 0,
  SIGNET_EXPIRY_ACTION_RESIGN = 1,
  SIGNET_EXPIRY_ACTION_ROTATE_ROOT = 2,
  SIGNET_EXPIRY_ACTION_ASK_SERVER_OPERATOR = 3,
} SignetExpiryAction;

/* For scripts (JSON): "role", "delegation", "root-certificate" / "ok", "expiring",
 * "expired" / "none", "re-sign", "rotate-root", "ask-server-operator". */
SIGNET_AVAILABLE_IN_ALL
const char *signet_expiry_kind_to_string   (SignetExpiryKind   kind);
SIGNET_AVAILABLE_IN_ALL
const char *signet_expiry_state_to_string  (SignetExpiryState  state);
SIGNET_AVAILABLE_IN_ALL
const char *signet_expiry_action_to_string (SignetExpiryAction action);

/* ---- SignetExpiryItem: one expiring thing ------------------------------------------- */

/* Immutable. Every getter is also a read-only property ("gun", "role", "kind", "key-id",
 * "expires", "state", "action", "advice", "command"). */
#define SIGNET_TYPE_EXPIRY_ITEM (signet_expiry_item_get_type ())
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetExpiryItem, signet_expiry_item, SIGNET, EXPIRY_ITEM, GObject)

SIGNET_AVAILABLE_IN_ALL
const char         *signet_expiry_item_get_gun     (SignetExpiryItem *self);
/* "root", "targets", "snapshot", "timestamp", "targets/releases", …; for a certificate,
 * "root". */
SIGNET_AVAILABLE_IN_ALL
const char         *signet_expiry_item_get_role    (SignetExpiryItem *self);
SIGNET_AVAILABLE_IN_ALL
SignetExpiryKind    signet_expiry_item_get_kind    (SignetExpiryItem *self);
/* The TUF key ID of a root certificate; NULL for metadata. */
SIGNET_AVAILABLE_IN_ALL
const char         *signet_expiry_item_get_key_id  (SignetExpiryItem *self);
/* Unix seconds. */
SIGNET_AVAILABLE_IN_ALL
gint64              signet_expiry_item_get_expires (SignetExpiryItem *self);
SIGNET_AVAILABLE_IN_ALL
SignetExpiryState   signet_expiry_item_get_state   (SignetExpiryItem *self);
SIGNET_AVAILABLE_IN_ALL
SignetExpiryAction  signet_expiry_item_get_action  (SignetExpiryItem *self);
/* What to do, in plain words (NULL when the state is OK). */
SIGNET_AVAILABLE_IN_ALL
const char         *signet_expiry_item_get_advice  (SignetExpiryItem *self);
/* A command line that does it with the notary CLI, or NULL when no local command can. */
SIGNET_AVAILABLE_IN_ALL
const char         *signet_expiry_item_get_command (SignetExpiryItem *self);

/* ---- SignetExpiryReport ------------------------------------------------------------- */

#define SIGNET_TYPE_EXPIRY_REPORT (signet_expiry_report_get_type ())
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetExpiryReport, signet_expiry_report, SIGNET, EXPIRY_REPORT, GObject)

/* Every role, delegation and root certificate of the repositories checked
 * (SignetExpiryItem), soonest first. */
SIGNET_AVAILABLE_IN_ALL
GListModel         *signet_expiry_report_get_items         (SignetExpiryReport *self);
/* How many items are EXPIRING or EXPIRED. */
SIGNET_AVAILABLE_IN_ALL
guint               signet_expiry_report_get_n_due         (SignetExpiryReport *self);
/* The GUNs whose trust data was verified and checked, sorted. */
SIGNET_AVAILABLE_IN_ALL
const char * const *signet_expiry_report_get_repositories  (SignetExpiryReport *self);
/* The GUNs that could not be checked, sorted, and why. */
SIGNET_AVAILABLE_IN_ALL
const char * const *signet_expiry_report_get_failed        (SignetExpiryReport *self);
SIGNET_AVAILABLE_IN_ALL
const char         *signet_expiry_report_get_failure       (SignetExpiryReport *self,
                                                            const char         *gun);
/* Problems found on the way that did not stop the check (an online refresh that failed
 * while the verified cache could still be read, …): "GUN: message". */
SIGNET_AVAILABLE_IN_ALL
const char * const *signet_expiry_report_get_notes         (SignetExpiryReport *self);
SIGNET_AVAILABLE_IN_ALL
guint               signet_expiry_report_get_within_days   (SignetExpiryReport *self);
/* When the check was made (Unix seconds). */
SIGNET_AVAILABLE_IN_ALL
gint64              signet_expiry_report_get_checked_at    (SignetExpiryReport *self);

/* ---- Scanning ----------------------------------------------------------------------- */

typedef enum
{
  SIGNET_EXPIRY_SCAN_NONE    = 0,
  /* Verify the cached trust data only; no network. */
  SIGNET_EXPIRY_SCAN_OFFLINE = 1 << 0,
} SignetExpiryScanFlags;

/* The app's registries file: $XDG_CONFIG_HOME/signet/registries.json. */
SIGNET_AVAILABLE_IN_ALL
char       *signet_expiry_default_registries_file (void) G_GNUC_WARN_UNUSED_RESULT;

/* Checks @guns, or when NULL every repository in the trust cache (<@trust_dir>/tuf/<gun>/)
 * and every repository listed in @registries_file (NULL: the default; "" for none). Each
 * repository is loaded with the repository driver: refreshed from its notary server through
 * @remote (the registries file's "url" and "notary-url" are applied to it), or from the
 * verified cache alone with SIGNET_EXPIRY_SCAN_OFFLINE (@remote may then be NULL); when a
 * refresh fails, the cache is checked and the failure is a note. Roles expiring within
 * @within_days are EXPIRING; root certificates within MAX (@within_days, 182). A snapshot
 * whose key is not in <@trust_dir>/private is the server's. Per-repository failures are in
 * the report; the only errors are cancellation and bad arguments. */
SIGNET_AVAILABLE_IN_ALL
void                signet_expiry_scan_async  (SignetRemote           *remote,
                                               const char             *trust_dir,
                                               const char             *registries_file,
                                               const char * const     *guns,
                                               guint                   within_days,
                                               SignetExpiryScanFlags   flags,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
SIGNET_AVAILABLE_IN_ALL
SignetExpiryReport *signet_expiry_scan_finish (GAsyncResult           *result,
                                               GError                **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
