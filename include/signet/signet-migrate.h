/* signet-migrate.h: from Docker Content Trust to cosign — list a repository's DCT-signed
 * tags with their cosign state, and re-sign the selected ones in cosign format.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <gio/gio.h>

#include "signet-reference.h"
#include "signet-remote.h"
#include "signet-secret.h"
#include "signet-trust-summary.h"
#include "signet-version-macros.h"

G_BEGIN_DECLS

typedef enum
{
  SIGNET_MIGRATE_COSIGN_UNKNOWN,   /* not looked up, or the lookup failed */
  SIGNET_MIGRATE_COSIGN_NONE,      /* no cosign or Notation signature */
  SIGNET_MIGRATE_COSIGN_PRESENT,   /* signatures, none verified by a trusted cosign key */
  SIGNET_MIGRATE_COSIGN_VERIFIED,  /* a trusted cosign key verifies it for this digest */
} SignetMigrateCosign;

typedef enum
{
  SIGNET_MIGRATE_ACTION_LISTED,    /* not selected */
  SIGNET_MIGRATE_ACTION_SIGNED,    /* carried over */
  SIGNET_MIGRATE_ACTION_SKIPPED,   /* selected, not carried over: see the reason */
} SignetMigrateAction;

#define SIGNET_TYPE_MIGRATE_ITEM (signet_migrate_item_get_type ())

/**
 * SignetMigrateItem:
 *
 * One tag of a migration: what DCT signed, what the registry serves, its cosign state and
 * what was done with it, with the reason in plain words. Immutable once returned.
 */
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetMigrateItem, signet_migrate_item, SIGNET, MIGRATE_ITEM, GObject)

SIGNET_AVAILABLE_IN_ALL
const char          *signet_migrate_item_get_tag             (SignetMigrateItem *self);
/* "sha256:…" as DCT signed it; NULL for a requested tag DCT does not sign. */
SIGNET_AVAILABLE_IN_ALL
const char          *signet_migrate_item_get_dct_digest      (SignetMigrateItem *self);
/* What the registry serves for the tag now; NULL when it could not be asked. */
SIGNET_AVAILABLE_IN_ALL
const char          *signet_migrate_item_get_registry_digest (SignetMigrateItem *self);
SIGNET_AVAILABLE_IN_ALL
SignetMigrateCosign  signet_migrate_item_get_cosign          (SignetMigrateItem *self);
/* The trusted cosign key that verifies it (SIGNET_MIGRATE_COSIGN_VERIFIED). */
SIGNET_AVAILABLE_IN_ALL
const char          *signet_migrate_item_get_cosign_key      (SignetMigrateItem *self);
SIGNET_AVAILABLE_IN_ALL
SignetMigrateAction  signet_migrate_item_get_action          (SignetMigrateItem *self);
/* Why (carried over, skipped, or a note on a listed tag); NULL when there is nothing to say. */
SIGNET_AVAILABLE_IN_ALL
const char          *signet_migrate_item_get_reason          (SignetMigrateItem *self);
/* What failed: looking the tag up in the registry, or signing it; NULL when nothing failed
 * (a tag skipped by the rules above has a reason but no error). */
SIGNET_AVAILABLE_IN_ALL
const GError        *signet_migrate_item_get_error           (SignetMigrateItem *self);
SIGNET_AVAILABLE_IN_ALL
gboolean             signet_migrate_item_get_selected        (SignetMigrateItem *self);
/* TRUE when re-signing it would carry it over: DCT-signed, the registry serves the signed
 * digest, and no trusted cosign key verifies it yet. */
SIGNET_AVAILABLE_IN_ALL
gboolean             signet_migrate_item_get_can_carry_over  (SignetMigrateItem *self);

/* For every tag of @summary (verified DCT trust data of @repository, a reference without
 * tag), looks up its cosign signatures (verified with the keys trusted in @trust_dir) and
 * the digest the registry serves. With @key_name, re-signs the selected tags (@tags, or
 * every tag with @all) in cosign format with that key and @passphrase, but only when the
 * registry still serves the digest DCT signed (checked again when signing) and no trusted
 * cosign key verifies it already. Requested tags DCT does not sign are reported skipped.
 * A wrong passphrase stops the signing; the remaining tags are reported skipped.
 * Returns SignetMigrateItem*, in the order of @summary's tags. */
SIGNET_AVAILABLE_IN_ALL
void                 signet_migrate_async                    (SignetRemote        *remote,
                                                              SignetReference     *repository,
                                                              SignetTrustSummary  *summary,
                                                              const char          *trust_dir,
                                                              const char          *key_name,
                                                              SignetSecret        *passphrase,
                                                              const char * const  *tags,
                                                              gboolean             all,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
SIGNET_AVAILABLE_IN_ALL
GPtrArray           *signet_migrate_finish                   (GAsyncResult        *result,
                                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
