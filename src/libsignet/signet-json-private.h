/* signet-json-private.h: canonical JSON (notary-v1.md §2), strict parsing.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CONTRACT (owned by the json/crypto module; other modules code against it):
 * - The canonical form is what notary signs: no whitespace, object members sorted by raw
 *   UTF-8 key bytes, arrays in order, only '"' and '\\' escaped, integers only (a number
 *   with a fraction is an error, 1e3 is written 1000), true/false/null.
 * - The file-byte form is what notary uploads and hashes:
 *   {"signed":<canonical, with < > & U+2028 U+2029 and control chars escaped as Go does>,
 *    "signatures":[{"keyid":…,"method":…,"sig":…}, …]}  with no trailing newline.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Hard cap on any JSON document we parse (notary's own limit for unknown sizes). */
#define SIGNET_JSON_MAX_SIZE (100 * 1024 * 1024)

typedef struct
{
  char *keyid;   /* 64 lower-case hex */
  char *method;  /* "ecdsa", "rsapss", "eddsa", … (lower-cased on read) */
  char *sig_b64; /* standard base64 with padding */
} SignetSignature;

void             _signet_signature_free      (SignetSignature *sig);
SignetSignature *_signet_signature_new       (const char *keyid,
                                              const char *method,
                                              const char *sig_b64);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetSignature, _signet_signature_free)

/* Parses @data (length @len, need not be NUL-terminated) strictly. @what names the
 * document in error messages ("targets.json from https://…"). Errors are
 * SIGNET_ERROR_MALFORMED with the line/column, or SIGNET_ERROR_TOO_LARGE. */
JsonNode *_signet_json_parse            (const guint8  *data,
                                         gsize          len,
                                         const char    *what,
                                         GError       **error);

/* The strict parser's lexer, for readers that build their own model from the bytes (with
 * exactly the same rules: see signet-json.c). On a failure the functions return
 * FALSE/NULL and set lexer->error (the first one only). */
typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  const char   *what;
  GError       *error;
} SignetJsonLexer;

void      _signet_json_lexer_init       (SignetJsonLexer *lexer,
                                         const guint8    *data,
                                         gsize            len,
                                         const char      *what);
void      _signet_json_lexer_clear      (SignetJsonLexer *lexer);
void      _signet_json_lexer_skip_ws    (SignetJsonLexer *lexer);
/* At a '"': the decoded string (valid UTF-8, no NUL). */
char     *_signet_json_lexer_string     (SignetJsonLexer *lexer);
/* At a '-' or digit: a number. Integers (|n| <= 2^53) set @integral and @value; other
 * valid numbers clear @integral. */
gboolean  _signet_json_lexer_number     (SignetJsonLexer *lexer,
                                         gboolean        *integral,
                                         gint64          *value);
/* Any value (skipping white space before it) at nesting depth @depth (0 = the document). */
JsonNode *_signet_json_lexer_value      (SignetJsonLexer *lexer,
                                         guint            depth);

/* The canonical bytes of @node (see above). SIGNET_ERROR_MALFORMED for non-integral
 * numbers. */
GBytes   *_signet_json_canonical        (JsonNode      *node,
                                         GError       **error);

/* The canonical form, but with Go's HTML/control-character escaping applied to strings: what
 * notary puts inside "signed" in a file. */
GBytes   *_signet_json_canonical_escaped (JsonNode     *node,
                                          GError      **error);

/* TRUE when @data (a complete value) is byte for byte the canonical form of what it holds,
 * found by a scan without parsing; FALSE when unsure. Lets a verifier use the raw text of
 * "signed" as the signed message only when notary's re-serialisation would give the same
 * bytes. */
gboolean  _signet_json_is_canonical     (const guint8  *data,
                                         gsize          len);

/* The whole file: {"signed":@signed_node canonical+escaped,"signatures":[…]}. @signatures
 * holds SignetSignature*. */
GBytes   *_signet_json_file_bytes       (JsonNode      *signed_node,
                                         GPtrArray     *signatures,
                                         GError       **error);

G_END_DECLS
