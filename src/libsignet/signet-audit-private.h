/* signet-audit-private.h: what to audit (image references from arguments, reference lists
 * and Compose files).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input side of `signet-cli audit` and the app's Audit page. Everything here is a
 * pure function of its bytes (and of the environment given), except the *_file and
 * _signet_audit_load_inputs() helpers, which read files (call them from a thread).
 *
 * Compose files (compose-spec 12-interpolation.md, 13-merge.md, 10-fragments.md):
 * - the `image:` of every service is taken; a service with `build:` and no image is
 *   skipped with a note; a service with both is audited by its image;
 * - values are interpolated: $VAR ${VAR} ${VAR:-w} ${VAR-w} ${VAR:?w} ${VAR?w} ${VAR:+w}
 *   ${VAR+w}, nested (${A:-${B:-x}}), $$ for a literal $; a '$' that starts no valid
 *   expression is kept as it is; a malformed ${…} is an error. As Compose does, the word
 *   after an operator is interpolated even when it is not used;
 * - YAML anchors, aliases and merge keys (<<) work; `!reset` on image/build removes it;
 * - several files (and several YAML documents in one file) are merged in order: a later
 *   file overrides the image/build of the same service;
 * - `pull_policy: build` (with build:) and `pull_policy: never` services are skipped with
 *   a note, as Compose never pulls them;
 * - `extends: {service: base}` within the loaded files is followed;
 * - files over SIGNET_AUDIT_MAX_INPUT_SIZE are refused.
 */

#pragma once

#include <gio/gio.h>

#include "signet-audit.h"

G_BEGIN_DECLS

#define SIGNET_AUDIT_MAX_INPUT_SIZE (4 * 1024 * 1024)

/* Interpolates @text as Compose does. @env: NAME -> value (a name absent from it is unset).
 * @where prefixes error messages and notes ("compose.yaml:7:12"). An unset variable used
 * without an operator becomes "" and adds a note to @notes (when not NULL). Errors:
 * SIGNET_ERROR_MALFORMED for a malformed expression, SIGNET_ERROR_INVALID_ARGUMENT for a
 * ${VAR:?err} / ${VAR?err} whose variable is missing (the message names the variable). */
char       *_signet_audit_interpolate   (const char    *where,
                                         const char    *text,
                                         GHashTable    *env,
                                         GPtrArray     *notes,
                                         GError       **error);

/* A Compose .env file: NAME=VALUE lines, `export ` prefixes, '#' comments, 'single' (literal)
 * and "double" (\n \t \\ \" escapes) quotes, values interpolated against @env and the lines
 * before. Returns NAME -> value. */
GHashTable *_signet_audit_parse_dotenv  (const char    *path_for_errors,
                                         const guint8  *data,
                                         gsize          len,
                                         GHashTable    *env,
                                         GError       **error);

/* The environment Compose would use for a project whose first file is @compose_path: the
 * .env file beside it, overridden by the process environment. */
GHashTable *_signet_audit_compose_environment (const char  *compose_path,
                                               GError     **error);

/* Several Compose files, merged in the order they are added. */
typedef struct _SignetAuditCompose SignetAuditCompose;

/* @env: NAME -> value used for interpolation (borrowed, kept alive by a ref); NULL: the
 * process environment plus the .env file beside the first file added. */
SignetAuditCompose *_signet_audit_compose_new      (GHashTable          *env);
void                _signet_audit_compose_free     (SignetAuditCompose  *self);
gboolean            _signet_audit_compose_add_data (SignetAuditCompose  *self,
                                                    const char          *path_for_errors,
                                                    const guint8        *data,
                                                    gsize                len,
                                                    GError             **error);
/* Reads @path (at most SIGNET_AUDIT_MAX_INPUT_SIZE bytes) and adds it. Blocking. */
gboolean            _signet_audit_compose_add_file (SignetAuditCompose  *self,
                                                    const char          *path,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
/* The merged result: @out_images gets SignetAuditInput* in service order, @out_notes
 * plain-words strings (build-only services, unset variables, what was not followed). */
gboolean            _signet_audit_compose_finish   (SignetAuditCompose  *self,
                                                    GPtrArray          **out_images,
                                                    GPtrArray          **out_notes,
                                                    GError             **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetAuditCompose, _signet_audit_compose_free)

/* One Compose file: _new (@env) + _add_data + _finish. */
gboolean    _signet_audit_parse_compose  (const char    *path_for_errors,
                                          const guint8  *data,
                                          gsize          len,
                                          GHashTable    *env,
                                          GPtrArray    **out_images,
                                          GPtrArray    **out_notes,
                                          GError       **error);

/* A reference list: one image reference per line; '#' starts a comment; blank lines and
 * surrounding spaces are ignored. Appends SignetAuditInput* (origin "FILE:LINE") to
 * @images. */
gboolean    _signet_audit_parse_ref_list (const char    *path_for_errors,
                                          const guint8  *data,
                                          gsize          len,
                                          GPtrArray     *images,
                                          GError       **error);

/* Reads a file of at most SIGNET_AUDIT_MAX_INPUT_SIZE bytes ("-" is standard input). */
GBytes     *_signet_audit_read_input     (const char    *path,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* Everything the CLI was given, in order: @compose_files merged as one project, then each
 * of @ref_files, then @references ("argument N"). Blocking (reads files). @env as for
 * _signet_audit_compose_new(). Returns SignetAuditInput* with duplicates (same reference)
 * removed, the first origin kept; @out_notes gets the notes. */
GPtrArray  *_signet_audit_load_inputs    (const char * const *compose_files,
                                          const char * const *ref_files,
                                          const char * const *references,
                                          GHashTable         *env,
                                          GPtrArray         **out_notes,
                                          GCancellable       *cancellable,
                                          GError            **error);

/* signet_audit_run_async() with an injected clock (@now Unix seconds; 0: real time). */
void        _signet_audit_run_at_async   (SignetRemote            *remote,
                                          const char              *trust_dir,
                                          GPtrArray               *inputs,
                                          guint                    max_parallel,
                                          gint64                   now,
                                          SignetAuditProgressFunc  progress,
                                          gpointer                 progress_data,
                                          GDestroyNotify           progress_data_destroy,
                                          GCancellable            *cancellable,
                                          GAsyncReadyCallback      callback,
                                          gpointer                 user_data);

G_END_DECLS
