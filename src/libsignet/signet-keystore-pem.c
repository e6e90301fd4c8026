/* signet-keystore-pem.c: private key PEM files as notary and docker write them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written: PEM "ENCRYPTED PRIVATE KEY" = PKCS#8 EncryptedPrivateKeyInfo with PBES2,
 * PBKDF2 (HMAC-SHA1, no PRF field, 8-byte salt, 2048 iterations, no key length) and
 * AES-256-CBC (16-byte IV, PKCS#7 padding), around notary's inner PKCS#8: ECDSA with
 * version 1 and {id-ecPublicKey, curve}; RSA version 0 with {rsaEncryption} and no
 * NULL; Ed25519 version 0 with OID 1.3.6.1.4.1.11591.15.1 and 96 raw bytes
 * (public || seed || public). "PRIVATE KEY" when the passphrase is empty.
 * Read: those, standard OpenSSL PKCS#8 (other PBES2 ciphers and PRFs too), and the
 * legacy "EC/RSA/ED25519 PRIVATE KEY" blocks, optionally encrypted with DEK-Info.
 */

#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "signet-error.h"
#include "signet-keystore-private.h"

#define PBKDF2_ITERATIONS 2048
#define MAX_ITERATIONS    (10 * 1000 * 1000)

/* DER bytes of the object identifiers (tag and length included). */
static const guint8 oid_ec_public_key[] = { 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const guint8 oid_rsa_encryption[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const guint8 oid_notary_ed25519[] = { 0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01 };
static const guint8 oid_pbes2[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d };
static const guint8 oid_pbkdf2[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c };
static const guint8 oid_aes256_cbc[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a };
static const guint8 oid_hmac_sha1[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x07 };
static const guint8 oid_hmac_sha256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09 };
static const guint8 oid_hmac_sha384[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0a };
static const guint8 oid_hmac_sha512[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x0b };

#define DER_INTEGER      0x02
#define DER_OCTET_STRING 0x04
#define DER_OID          0x06
#define DER_SEQUENCE     0x30

/* ---- DER ---- */

typedef struct
{
  const guint8 *p;
  gsize         len;
} Der;

/* Reads one TLV from @in (advancing it); @tlv gets the whole element, @body its value. */
static gboolean
der_read (Der    *in,
          guint8  expected_tag,
          Der    *body,
          Der    *tlv)
{
  gsize hdr = 2, len;

  if (in->len < 2 || in->p[0] != expected_tag)
    return FALSE;

  len = in->p[1];
  if (len & 0x80)
    {
      guint n = len & 0x7f;

      if (n == 0 || n > 4 || in->len < 2 + n)
        return FALSE;
      len = 0;
      for (guint i = 0; i < n; i++)
        len = (len << 8) | in->p[2 + i];
      hdr += n;
    }
  if (len > in->len - hdr)
    return FALSE;

  if (tlv != NULL)
    {
      tlv->p = in->p;
      tlv->len = hdr + len;
    }
  if (body != NULL)
    {
      body->p = in->p + hdr;
      body->len = len;
    }
  in->p += hdr + len;
  in->len -= hdr + len;
  return TRUE;
}

static gboolean
der_read_int (Der  *in,
              gint *value)
{
  Der body;
  gint64 v = 0;

  if (!der_read (in, DER_INTEGER, &body, NULL) || body.len == 0 || body.len > 4
      || (body.p[0] & 0x80))
    return FALSE;
  for (gsize i = 0; i < body.len; i++)
    v = (v << 8) | body.p[i];
  if (v > G_MAXINT)
    return FALSE;
  *value = (gint) v;
  return TRUE;
}

static gboolean
der_equal (const Der    *d,
           const guint8 *bytes,
           gsize         len)
{
  return d->len == len && memcmp (d->p, bytes, len) == 0;
}

/* A byte array wiped before it is freed. Sized up front so it never reallocates
 * (and leaves no copies behind). */
typedef GByteArray SecureBytes;

static SecureBytes *
secure_bytes_new (void)
{
  return g_byte_array_sized_new (16 * 1024);
}

static void
secure_bytes_free (SecureBytes *b)
{
  OPENSSL_cleanse (b->data, b->len);
  g_byte_array_free (b, TRUE);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecureBytes, secure_bytes_free)

static void
der_put (GByteArray   *out,
         guint8        tag,
         const guint8 *data,
         gsize         len)
{
  guint8 hdr[6];
  gsize n = 0;

  hdr[n++] = tag;
  if (len < 0x80)
    hdr[n++] = len;
  else if (len < 0x100)
    {
      hdr[n++] = 0x81;
      hdr[n++] = len;
    }
  else if (len < 0x10000)
    {
      hdr[n++] = 0x82;
      hdr[n++] = len >> 8;
      hdr[n++] = len & 0xff;
    }
  else
    {
      hdr[n++] = 0x83;
      hdr[n++] = len >> 16;
      hdr[n++] = (len >> 8) & 0xff;
      hdr[n++] = len & 0xff;
    }
  g_byte_array_append (out, hdr, n);
  if (len > 0)
    g_byte_array_append (out, data, len);
}

static void
der_put_raw (GByteArray   *out,
             const guint8 *data,
             gsize         len)
{
  g_byte_array_append (out, data, len);
}

static void
der_put_small_int (GByteArray *out,
                   guint       value)
{
  guint8 b[4];
  gsize n = 0;

  /* minimal two's complement, positive */
  g_assert (value < 0x800000);
  if (value >= 0x8000)
    b[n++] = value >> 16;
  if (value >= 0x80)
    b[n++] = (value >> 8) & 0xff;
  b[n++] = value & 0xff;
  if (b[0] & 0x80)
    {
      memmove (b + 1, b, n);
      b[0] = 0;
      n++;
    }
  der_put (out, DER_INTEGER, b, n);
}

/* ---- errors ---- */

static gboolean
malformed (GError     **error,
           const char  *where,
           const char  *what)
{
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "%s%s%s", where ? where : "",
               where ? ": " : "", what);
  return FALSE;
}

static gboolean
bad_passphrase (GError     **error,
                const char  *where)
{
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
               "%s%sThe passphrase does not decrypt this key", where ? where : "", where ? ": " : "");
  return FALSE;
}

static gboolean
crypto_fail (GError     **error,
             const char  *what)
{
  unsigned long e = ERR_get_error ();
  char buf[256] = "";

  if (e != 0)
    ERR_error_string_n (e, buf, sizeof buf);
  ERR_clear_error ();
  g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_CRYPTO, "%s failed%s%s", what, buf[0] ? ": " : "", buf);
  return FALSE;
}

/* ---- PEM text ---- */

typedef struct
{
  char       *type;
  GPtrArray  *names;   /* header names, in file order */
  GPtrArray  *values;
  guint8     *der;     /* wiped on free */
  gsize       der_len;
} PemBlock;

static void
pem_block_free (PemBlock *b)
{
  g_free (b->type);
  g_clear_pointer (&b->names, g_ptr_array_unref);
  g_clear_pointer (&b->values, g_ptr_array_unref);
  if (b->der != NULL)
    {
      OPENSSL_cleanse (b->der, b->der_len);
      g_free (b->der);
    }
  g_free (b);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PemBlock, pem_block_free)

static const char *
pem_block_get_header (PemBlock   *b,
                      const char *name)
{
  for (guint i = 0; i < b->names->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (b->names, i), name))
        return g_ptr_array_index (b->values, i);
    }
  return NULL;
}

static void
pem_block_set_header (PemBlock   *b,
                      const char *name,
                      const char *value)
{
  for (guint i = 0; i < b->names->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (b->names, i), name))
        {
          g_ptr_array_remove_index (b->names, i);
          g_ptr_array_remove_index (b->values, i);
          break;
        }
    }
  if (value != NULL)
    {
      g_ptr_array_add (b->names, g_strdup (name));
      g_ptr_array_add (b->values, g_strdup (value));
    }
}

static const char *
find_line_end (const char *p,
               const char *end)
{
  const char *nl;

  if (p >= end)
    return end;
  nl = memchr (p, '\n', (gsize) (end - p));
  return nl ? nl : end;
}

static const char *
find_colon (const char *p,
            const char *line_end)
{
  if (p >= line_end)
    return NULL;
  return memchr (p, ':', (gsize) (line_end - p));
}

/* Parses the first PEM block in [@data, @data+@len); *@next is set past its END line. */
static PemBlock *
pem_parse (const char  *data,
           gsize        len,
           const char **next,
           const char  *where,
           GError     **error)
{
  g_autoptr(PemBlock) b = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *end_marker = NULL;
  const char *end = data + len;
  const char *p, *line_end, *type_end;
  gsize out_len;
  gint state = 0;
  guint save = 0;

  p = g_strstr_len (data, len, "-----BEGIN ");
  if (p == NULL)
    {
      malformed (error, where, "No PEM block found (expected “-----BEGIN … PRIVATE KEY-----”)");
      return NULL;
    }
  p += strlen ("-----BEGIN ");
  line_end = find_line_end (p, end);
  type_end = g_strstr_len (p, line_end - p, "-----");
  if (type_end == NULL)
    {
      malformed (error, where, "Malformed PEM BEGIN line");
      return NULL;
    }

  b = g_new0 (PemBlock, 1);
  b->type = g_strndup (p, type_end - p);
  b->names = g_ptr_array_new_with_free_func (g_free);
  b->values = g_ptr_array_new_with_free_func (g_free);
  end_marker = g_strdup_printf ("-----END %s-----", b->type);
  p = line_end < end ? line_end + 1 : end;

  /* Headers: "Name: value" lines up to a blank line, only if the first line has ':'. */
  line_end = find_line_end (p, end);
  if (find_colon (p, line_end) != NULL)
    {
      while (p < end)
        {
          const char *colon;
          g_autofree char *name = NULL;
          g_autofree char *value = NULL;

          line_end = find_line_end (p, end);
          colon = find_colon (p, line_end);
          if (colon == NULL)
            break;
          name = g_strstrip (g_strndup (p, colon - p));
          value = g_strstrip (g_strndup (colon + 1, line_end - colon - 1));
          g_ptr_array_add (b->names, g_steal_pointer (&name));
          g_ptr_array_add (b->values, g_steal_pointer (&value));
          p = line_end < end ? line_end + 1 : end;
        }
      /* skip the blank line */
      line_end = find_line_end (p, end);
      if (p < end)
        {
          gboolean blank = TRUE;

          for (const char *q = p; q < line_end; q++)
            if (!g_ascii_isspace (*q))
              blank = FALSE;
          if (blank)
            p = line_end < end ? line_end + 1 : end;
        }
    }

  body = g_string_new (NULL);
  for (;;)
    {
      if (p >= end)
        {
          malformed (error, where, "Truncated PEM block (no END line)");
          return NULL;
        }
      line_end = find_line_end (p, end);
      if (g_str_has_prefix (p, "-----END"))
        {
          if ((gsize) (line_end - p) < strlen (end_marker)
              || strncmp (p, end_marker, strlen (end_marker)) != 0)
            {
              malformed (error, where, "PEM END line does not match its BEGIN line");
              return NULL;
            }
          if (next != NULL)
            *next = line_end < end ? line_end + 1 : end;
          break;
        }
      for (const char *q = p; q < line_end; q++)
        {
          if (g_ascii_isalnum (*q) || *q == '+' || *q == '/' || *q == '=')
            g_string_append_c (body, *q);
          else if (!g_ascii_isspace (*q))
            {
              malformed (error, where, "Invalid character in the PEM base64 body");
              return NULL;
            }
        }
      p = line_end < end ? line_end + 1 : end;
    }

  if (body->len == 0 || body->len % 4 != 0)
    {
      malformed (error, where, "The PEM base64 body is empty or truncated");
      return NULL;
    }
  b->der = g_malloc (body->len / 4 * 3 + 3);
  out_len = g_base64_decode_step (body->str, body->len, b->der, &state, &save);
  b->der_len = out_len;
  OPENSSL_cleanse (body->str, body->len);

  return g_steal_pointer (&b);
}

static gint
header_cmp (gconstpointer a,
            gconstpointer b)
{
  const char *x = *(const char **) a;
  const char *y = *(const char **) b;

  /* Go's encoding/pem writes Proc-Type first, then the rest sorted. */
  if (g_str_equal (x, "Proc-Type"))
    return -1;
  if (g_str_equal (y, "Proc-Type"))
    return 1;
  return strcmp (x, y);
}

static char *
pem_encode (const char   *type,
            PemBlock     *headers,
            const guint8 *der,
            gsize         der_len)
{
  g_autofree char *b64 = g_base64_encode (der, der_len);
  GString *out = g_string_new (NULL);
  gsize n = strlen (b64);

  g_string_append_printf (out, "-----BEGIN %s-----\n", type);
  if (headers != NULL && headers->names->len > 0)
    {
      g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

      for (guint i = 0; i < headers->names->len; i++)
        g_ptr_array_add (sorted, g_ptr_array_index (headers->names, i));
      g_ptr_array_sort (sorted, header_cmp);
      for (guint i = 0; i < sorted->len; i++)
        g_string_append_printf (out, "%s: %s\n", (char *) g_ptr_array_index (sorted, i),
                                pem_block_get_header (headers, g_ptr_array_index (sorted, i)));
      g_string_append_c (out, '\n');
    }
  for (gsize i = 0; i < n; i += 64)
    {
      g_string_append_len (out, b64 + i, MIN (64, n - i));
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "-----END %s-----\n", type);
  return g_string_free (out, FALSE);
}

GPtrArray *
_signet_pem_split (const char *data,
                   gsize       len)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_free);
  const char *p = data, *end = data + len;

  for (;;)
    {
      const char *begin = g_strstr_len (p, end - p, "-----BEGIN ");
      const char *stop;
      const char *line_end;

      if (begin == NULL)
        break;
      stop = g_strstr_len (begin, end - begin, "-----END ");
      if (stop == NULL)
        break;
      line_end = find_line_end (stop, end);
      g_ptr_array_add (blocks, g_strndup (begin, line_end - begin));
      /* Re-add the newline the block ended with. */
      {
        char *last = g_ptr_array_index (blocks, blocks->len - 1);
        g_ptr_array_index (blocks, blocks->len - 1) = g_strconcat (last, "\n", NULL);
        g_free (last);
      }
      p = line_end < end ? line_end + 1 : end;
    }
  return blocks;
}

char *
_signet_pem_set_header (const char  *pem,
                        const char  *name,
                        const char  *value,
                        GError     **error)
{
  g_autoptr(PemBlock) b = pem_parse (pem, strlen (pem), NULL, NULL, error);

  if (b == NULL)
    return NULL;
  pem_block_set_header (b, name, value);
  return pem_encode (b->type, b, b->der, b->der_len);
}

void
_signet_pem_info_free (SignetPemInfo *info)
{
  g_free (info->type);
  g_free (info->role);
  g_free (info->gun);
  g_free (info->path);
  g_free (info);
}

static gboolean
is_private_key_type (const char *type)
{
  return g_str_equal (type, "ENCRYPTED PRIVATE KEY") || g_str_equal (type, "PRIVATE KEY")
    || g_str_equal (type, "EC PRIVATE KEY") || g_str_equal (type, "RSA PRIVATE KEY")
    || g_str_equal (type, "ED25519 PRIVATE KEY");
}

SignetPemInfo *
_signet_pem_info_parse (const char  *data,
                        gsize        len,
                        const char  *where,
                        GError     **error)
{
  g_autoptr(PemBlock) b = pem_parse (data, len, NULL, where, error);
  SignetPemInfo *info;
  const char *proc;

  if (b == NULL)
    return NULL;
  if (!is_private_key_type (b->type))
    {
      g_autofree char *msg = g_strdup_printf ("Unsupported PEM block “%s” (expected a private key)", b->type);
      malformed (error, where, msg);
      return NULL;
    }

  info = g_new0 (SignetPemInfo, 1);
  info->type = g_strdup (b->type);
  info->role = g_strdup (pem_block_get_header (b, "role"));
  info->gun = g_strdup (pem_block_get_header (b, "gun"));
  info->path = g_strdup (pem_block_get_header (b, "path"));
  proc = pem_block_get_header (b, "Proc-Type");
  info->encrypted = g_str_equal (b->type, "ENCRYPTED PRIVATE KEY")
    || (proc != NULL && strstr (proc, "ENCRYPTED") != NULL);
  return info;
}

/* ---- PKCS#8, inner ---- */

static EVP_PKEY *
load_notary_ed25519 (const Der *octets)
{
  Der in = *octets, body;
  EVP_PKEY *pkey;
  guint8 pub[32];
  size_t pub_len = sizeof pub;

  /* notary: the 96 raw bytes pub || seed || pub (Go's 64-byte private key after the
   * public key). Some writers wrap them in an OCTET STRING; accept both. */
  if (der_read (&in, DER_OCTET_STRING, &body, NULL) && in.len == 0)
    in = body;
  else
    in = *octets;
  if (in.len != 96)
    return NULL;
  pkey = EVP_PKEY_new_raw_private_key (EVP_PKEY_ED25519, NULL, in.p + 32, 32);
  if (pkey == NULL)
    return NULL;
  if (EVP_PKEY_get_raw_public_key (pkey, pub, &pub_len) != 1 || pub_len != 32
      || CRYPTO_memcmp (pub, in.p, 32) != 0)
    {
      EVP_PKEY_free (pkey);
      return NULL;
    }
  return pkey;
}

static EVP_PKEY *
load_generic_pkcs8 (const guint8 *der,
                    gsize         len)
{
  const unsigned char *p = der;
  PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO (NULL, &p, len);
  EVP_PKEY *pkey;

  if (p8 == NULL)
    return NULL;
  pkey = EVP_PKCS82PKEY (p8);
  PKCS8_PRIV_KEY_INFO_free (p8);
  return pkey;
}

static EVP_PKEY *
load_typed (int           type,
            const guint8 *der,
            gsize         len)
{
  const unsigned char *p = der;

  return d2i_PrivateKey (type, NULL, &p, len);
}

/* Parses an unencrypted PKCS#8 PrivateKeyInfo (trailing bytes after it are ignored,
 * as Go does). NULL without an error set if it does not parse. */
static EVP_PKEY *
pkcs8_decode (const guint8 *der,
              gsize         len)
{
  Der in = { der, len }, seq, whole, alg, oid, octets;
  EVP_PKEY *pkey = NULL;
  gint version;

  if (!der_read (&in, DER_SEQUENCE, &seq, &whole))
    return NULL;
  if (!der_read_int (&seq, &version) || !der_read (&seq, DER_SEQUENCE, &alg, NULL))
    return NULL;
  if (!der_read (&alg, DER_OID, NULL, &oid))
    return NULL;
  if (!der_read (&seq, DER_OCTET_STRING, &octets, NULL))
    return NULL;

  if (der_equal (&oid, oid_notary_ed25519, sizeof oid_notary_ed25519))
    pkey = load_notary_ed25519 (&octets);
  else if (der_equal (&oid, oid_ec_public_key, sizeof oid_ec_public_key))
    {
      pkey = load_typed (EVP_PKEY_EC, octets.p, octets.len);
      if (pkey == NULL)
        pkey = load_generic_pkcs8 (whole.p, whole.len);
    }
  else if (der_equal (&oid, oid_rsa_encryption, sizeof oid_rsa_encryption))
    {
      pkey = load_typed (EVP_PKEY_RSA, octets.p, octets.len);
      if (pkey == NULL)
        pkey = load_generic_pkcs8 (whole.p, whole.len);
    }
  else
    pkey = load_generic_pkcs8 (whole.p, whole.len);

  ERR_clear_error ();
  return pkey;
}

static gboolean
append_curve_oid (GByteArray  *out,
                  EVP_PKEY    *pkey,
                  GError     **error)
{
  char group[64];
  unsigned char *der = NULL;
  ASN1_OBJECT *obj;
  int len;

  if (EVP_PKEY_get_utf8_string_param (pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, NULL) != 1)
    return crypto_fail (error, "Reading the EC curve");
  obj = OBJ_nid2obj (OBJ_txt2nid (group));
  if (obj == NULL || (len = i2d_ASN1_OBJECT (obj, &der)) <= 0)
    return crypto_fail (error, "Encoding the EC curve");
  der_put_raw (out, der, len);
  OPENSSL_free (der);
  return TRUE;
}

/* notary's PKCS#8 forms (see the top of the file). */
static SecureBytes *
pkcs8_encode (SignetPrivateKey  *key,
              GError           **error)
{
  g_autoptr(SecureBytes) body = secure_bytes_new ();
  g_autoptr(SecureBytes) alg = secure_bytes_new ();
  SecureBytes *out;
  EVP_PKEY *pkey = _signet_private_key_get_evp (key);
  const char *keytype = _signet_private_key_get_keytype (key);

  if (g_str_equal (keytype, "ed25519"))
    {
      guint8 raw[96];
      size_t n = 32;

      if (EVP_PKEY_get_raw_public_key (pkey, raw, &n) != 1 || n != 32
          || EVP_PKEY_get_raw_private_key (pkey, raw + 32, &n) != 1 || n != 32)
        {
          crypto_fail (error, "Reading the Ed25519 key");
          return NULL;
        }
      memcpy (raw + 64, raw, 32);
      der_put_small_int (body, 0);
      der_put_raw (alg, oid_notary_ed25519, sizeof oid_notary_ed25519);
      der_put (body, DER_SEQUENCE, alg->data, alg->len);
      der_put (body, DER_OCTET_STRING, raw, sizeof raw);
      OPENSSL_cleanse (raw, sizeof raw);
    }
  else
    {
      unsigned char *inner = NULL;
      int inner_len;

      if (g_str_equal (keytype, "ecdsa"))
        {
          der_put_small_int (body, 1);
          der_put_raw (alg, oid_ec_public_key, sizeof oid_ec_public_key);
          if (!append_curve_oid (alg, pkey, error))
            return NULL;
        }
      else
        {
          der_put_small_int (body, 0);
          der_put_raw (alg, oid_rsa_encryption, sizeof oid_rsa_encryption);
        }
      der_put (body, DER_SEQUENCE, alg->data, alg->len);

      /* SEC1 ECPrivateKey (with curve and public key) or PKCS#1 RSAPrivateKey */
      inner_len = i2d_PrivateKey (pkey, &inner);
      if (inner_len <= 0)
        {
          crypto_fail (error, "Encoding the private key");
          return NULL;
        }
      der_put (body, DER_OCTET_STRING, inner, inner_len);
      OPENSSL_clear_free (inner, inner_len);
    }

  out = secure_bytes_new ();
  der_put (out, DER_SEQUENCE, body->data, body->len);
  return out;
}

/* ---- PBES2 ---- */

static GByteArray *
pbes2_encrypt (const guint8  *plain,
               gsize          plain_len,
               SignetSecret  *passphrase,
               GError       **error)
{
  g_autoptr(GByteArray) kdf_params = g_byte_array_new ();
  g_autoptr(GByteArray) kdf = g_byte_array_new ();
  g_autoptr(GByteArray) enc = g_byte_array_new ();
  g_autoptr(GByteArray) params = g_byte_array_new ();
  g_autoptr(GByteArray) algo = g_byte_array_new ();
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autofree guint8 *cipher_text = NULL;
  GByteArray *out;
  guint8 salt[8], iv[16], key[32];
  EVP_CIPHER_CTX *ctx;
  const char *pass;
  gsize pass_len;
  int n1 = 0, n2 = 0;
  gboolean ok;

  if (RAND_bytes (salt, sizeof salt) != 1 || RAND_bytes (iv, sizeof iv) != 1)
    {
      crypto_fail (error, "Getting random bytes");
      return NULL;
    }
  pass = signet_secret_get (passphrase, &pass_len);
  if (PKCS5_PBKDF2_HMAC (pass, pass_len, salt, sizeof salt, PBKDF2_ITERATIONS, EVP_sha1 (),
                         sizeof key, key) != 1)
    {
      crypto_fail (error, "Deriving the key encryption key");
      return NULL;
    }

  cipher_text = g_malloc (plain_len + 32);
  ctx = EVP_CIPHER_CTX_new ();
  ok = ctx != NULL
    && EVP_EncryptInit_ex (ctx, EVP_aes_256_cbc (), NULL, key, iv) == 1
    && EVP_EncryptUpdate (ctx, cipher_text, &n1, plain, plain_len) == 1
    && EVP_EncryptFinal_ex (ctx, cipher_text + n1, &n2) == 1;
  EVP_CIPHER_CTX_free (ctx);
  OPENSSL_cleanse (key, sizeof key);
  if (!ok)
    {
      crypto_fail (error, "Encrypting the private key");
      return NULL;
    }

  der_put (kdf_params, DER_OCTET_STRING, salt, sizeof salt);
  der_put_small_int (kdf_params, PBKDF2_ITERATIONS);
  der_put_raw (kdf, oid_pbkdf2, sizeof oid_pbkdf2);
  der_put (kdf, DER_SEQUENCE, kdf_params->data, kdf_params->len);
  der_put_raw (enc, oid_aes256_cbc, sizeof oid_aes256_cbc);
  der_put (enc, DER_OCTET_STRING, iv, sizeof iv);
  der_put (params, DER_SEQUENCE, kdf->data, kdf->len);
  der_put (params, DER_SEQUENCE, enc->data, enc->len);
  der_put_raw (algo, oid_pbes2, sizeof oid_pbes2);
  der_put (algo, DER_SEQUENCE, params->data, params->len);
  der_put (body, DER_SEQUENCE, algo->data, algo->len);
  der_put (body, DER_OCTET_STRING, cipher_text, n1 + n2);

  out = g_byte_array_new ();
  der_put (out, DER_SEQUENCE, body->data, body->len);
  return out;
}

/* Strips valid PKCS#7 padding; leaves the length alone when it is not valid (Go does
 * not check it: the DER parser ignores trailing bytes). */
static gsize
unpad (const guint8 *data,
       gsize         len)
{
  guint8 n;

  if (len == 0)
    return 0;
  n = data[len - 1];
  if (n == 0 || n > 16 || n > len)
    return len;
  for (gsize i = len - n; i < len; i++)
    if (data[i] != n)
      return len;
  return len - n;
}

/* Fallback for forms notary does not write: OpenSSL's generic PKCS#8 decryption. */
static EVP_PKEY *
pbes_decrypt_openssl (const guint8  *der,
                      gsize          len,
                      SignetSecret  *passphrase,
                      const char    *where,
                      GError       **error)
{
  const unsigned char *p = der;
  X509_SIG *sig = d2i_X509_SIG (NULL, &p, len);
  PKCS8_PRIV_KEY_INFO *p8;
  EVP_PKEY *pkey;
  const char *pass;
  gsize pass_len;

  if (sig == NULL)
    {
      ERR_clear_error ();
      malformed (error, where, "The encrypted private key is not valid PKCS#8 DER");
      return NULL;
    }
  pass = signet_secret_get (passphrase, &pass_len);
  p8 = PKCS8_decrypt (sig, pass, pass_len);
  X509_SIG_free (sig);
  if (p8 == NULL)
    {
      ERR_clear_error ();
      bad_passphrase (error, where);
      return NULL;
    }
  pkey = EVP_PKCS82PKEY (p8);
  PKCS8_PRIV_KEY_INFO_free (p8);
  if (pkey == NULL)
    {
      ERR_clear_error ();
      malformed (error, where, "The decrypted private key is not a supported key");
    }
  return pkey;
}

static EVP_PKEY *
pbes2_decrypt (const guint8  *der,
               gsize          len,
               SignetSecret  *passphrase,
               const char    *where,
               GError       **error)
{
  Der in = { der, len }, seq, algo, oid, params, kdf, kdf_oid, kdf_params, salt, enc, enc_oid, iv, data, prf;
  const EVP_MD *md = EVP_sha1 ();
  guint8 key[32];
  guint8 *plain;
  EVP_CIPHER_CTX *ctx;
  EVP_PKEY *pkey;
  const char *pass;
  gsize pass_len;
  gint iterations;
  int n1 = 0, n2 = 0;
  gboolean ok;

  if (!der_read (&in, DER_SEQUENCE, &seq, NULL) || !der_read (&seq, DER_SEQUENCE, &algo, NULL)
      || !der_read (&seq, DER_OCTET_STRING, &data, NULL))
    {
      malformed (error, where, "The encrypted private key is not valid PKCS#8 DER");
      return NULL;
    }
  if (!der_read (&algo, DER_OID, NULL, &oid) || !der_equal (&oid, oid_pbes2, sizeof oid_pbes2)
      || !der_read (&algo, DER_SEQUENCE, &params, NULL)
      || !der_read (&params, DER_SEQUENCE, &kdf, NULL)
      || !der_read (&kdf, DER_OID, NULL, &kdf_oid) || !der_equal (&kdf_oid, oid_pbkdf2, sizeof oid_pbkdf2)
      || !der_read (&kdf, DER_SEQUENCE, &kdf_params, NULL)
      || !der_read (&kdf_params, DER_OCTET_STRING, &salt, NULL)
      || !der_read_int (&kdf_params, &iterations)
      || !der_read (&params, DER_SEQUENCE, &enc, NULL)
      || !der_read (&enc, DER_OID, NULL, &enc_oid) || !der_equal (&enc_oid, oid_aes256_cbc, sizeof oid_aes256_cbc)
      || !der_read (&enc, DER_OCTET_STRING, &iv, NULL) || iv.len != 16)
    return pbes_decrypt_openssl (der, len, passphrase, where, error);

  /* Optional keyLength, then optional PRF (notary writes neither: HMAC-SHA1). */
  if (kdf_params.len > 0 && kdf_params.p[0] == DER_INTEGER)
    {
      gint key_len;

      if (!der_read_int (&kdf_params, &key_len) || key_len != 32)
        return pbes_decrypt_openssl (der, len, passphrase, where, error);
    }
  if (kdf_params.len > 0)
    {
      Der prf_oid;

      if (!der_read (&kdf_params, DER_SEQUENCE, &prf, NULL) || !der_read (&prf, DER_OID, NULL, &prf_oid))
        return pbes_decrypt_openssl (der, len, passphrase, where, error);
      if (der_equal (&prf_oid, oid_hmac_sha1, sizeof oid_hmac_sha1))
        md = EVP_sha1 ();
      else if (der_equal (&prf_oid, oid_hmac_sha256, sizeof oid_hmac_sha256))
        md = EVP_sha256 ();
      else if (der_equal (&prf_oid, oid_hmac_sha384, sizeof oid_hmac_sha384))
        md = EVP_sha384 ();
      else if (der_equal (&prf_oid, oid_hmac_sha512, sizeof oid_hmac_sha512))
        md = EVP_sha512 ();
      else
        return pbes_decrypt_openssl (der, len, passphrase, where, error);
    }

  if (iterations < 1 || iterations > MAX_ITERATIONS)
    {
      malformed (error, where, "The PBKDF2 iteration count is out of range");
      return NULL;
    }
  if (data.len == 0 || data.len % 16 != 0)
    {
      malformed (error, where, "The encrypted private key has a truncated body");
      return NULL;
    }

  pass = signet_secret_get (passphrase, &pass_len);
  if (PKCS5_PBKDF2_HMAC (pass, pass_len, salt.p, salt.len, iterations, md, sizeof key, key) != 1)
    {
      crypto_fail (error, "Deriving the key encryption key");
      return NULL;
    }

  plain = OPENSSL_secure_malloc (data.len + 16);
  ctx = EVP_CIPHER_CTX_new ();
  ok = plain != NULL && ctx != NULL
    && EVP_DecryptInit_ex (ctx, EVP_aes_256_cbc (), NULL, key, iv.p) == 1
    && EVP_CIPHER_CTX_set_padding (ctx, 0) == 1
    && EVP_DecryptUpdate (ctx, plain, &n1, data.p, data.len) == 1
    && EVP_DecryptFinal_ex (ctx, plain + n1, &n2) == 1;
  EVP_CIPHER_CTX_free (ctx);
  OPENSSL_cleanse (key, sizeof key);
  if (!ok)
    {
      if (plain != NULL)
        OPENSSL_secure_clear_free (plain, data.len + 16);
      crypto_fail (error, "Decrypting the private key");
      return NULL;
    }

  pkey = pkcs8_decode (plain, unpad (plain, n1 + n2));
  OPENSSL_secure_clear_free (plain, data.len + 16);
  if (pkey == NULL)
    bad_passphrase (error, where);
  return pkey;
}

/* ---- legacy PEM ---- */

static EVP_PKEY *
legacy_decode (PemBlock      *b,
               SignetSecret  *passphrase,
               const char    *where,
               GError       **error)
{
  const char *proc = pem_block_get_header (b, "Proc-Type");
  const char *dek = pem_block_get_header (b, "DEK-Info");
  const guint8 *der = b->der;
  gsize der_len = b->der_len;
  guint8 *plain = NULL;
  gsize plain_cap = 0;
  EVP_PKEY *pkey = NULL;

  if (proc != NULL && strstr (proc, "ENCRYPTED") != NULL)
    {
      g_auto(GStrv) parts = NULL;
      const EVP_CIPHER *cipher;
      guint8 iv[EVP_MAX_IV_LENGTH], key[EVP_MAX_KEY_LENGTH];
      EVP_CIPHER_CTX *ctx;
      const char *pass;
      gsize pass_len, hex_len;
      int n1 = 0, n2 = 0;
      gboolean ok;

      if (dek == NULL)
        {
          malformed (error, where, "Encrypted legacy key without a DEK-Info header");
          return NULL;
        }
      parts = g_strsplit (dek, ",", 2);
      cipher = g_strv_length (parts) == 2 ? EVP_get_cipherbyname (parts[0]) : NULL;
      hex_len = parts[0] && parts[1] ? strlen (g_strstrip (parts[1])) : 0;
      if (cipher == NULL || EVP_CIPHER_get_mode (cipher) != EVP_CIPH_CBC_MODE
          || hex_len != 2 * (gsize) EVP_CIPHER_get_iv_length (cipher))
        {
          malformed (error, where, "Unsupported DEK-Info header in a legacy key");
          return NULL;
        }
      for (gsize i = 0; i < hex_len / 2; i++)
        {
          int hi = g_ascii_xdigit_value (parts[1][2 * i]);
          int lo = g_ascii_xdigit_value (parts[1][2 * i + 1]);

          if (hi < 0 || lo < 0)
            {
              malformed (error, where, "Invalid IV in the DEK-Info header");
              return NULL;
            }
          iv[i] = hi << 4 | lo;
        }
      if (signet_secret_is_empty (passphrase))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
                       "%s%sThis key is encrypted: a passphrase is needed", where ? where : "", where ? ": " : "");
          return NULL;
        }
      pass = signet_secret_get (passphrase, &pass_len);
      /* OpenSSL's traditional key derivation: EVP_BytesToKey(MD5, salt = IV[0..8]). */
      if (EVP_BytesToKey (cipher, EVP_md5 (), iv, (const unsigned char *) pass, pass_len, 1, key, NULL) <= 0)
        {
          crypto_fail (error, "Deriving the legacy key encryption key");
          return NULL;
        }
      plain_cap = der_len + 32;
      plain = OPENSSL_secure_malloc (plain_cap);
      ctx = EVP_CIPHER_CTX_new ();
      ok = plain != NULL && ctx != NULL
        && EVP_DecryptInit_ex (ctx, cipher, NULL, key, iv) == 1
        && EVP_DecryptUpdate (ctx, plain, &n1, der, der_len) == 1
        && EVP_DecryptFinal_ex (ctx, plain + n1, &n2) == 1;
      EVP_CIPHER_CTX_free (ctx);
      OPENSSL_cleanse (key, sizeof key);
      ERR_clear_error ();
      if (!ok)
        {
          if (plain != NULL)
            OPENSSL_secure_clear_free (plain, plain_cap);
          bad_passphrase (error, where);
          return NULL;
        }
      der = plain;
      der_len = n1 + n2;
    }

  if (g_str_equal (b->type, "EC PRIVATE KEY"))
    pkey = load_typed (EVP_PKEY_EC, der, der_len);
  else if (g_str_equal (b->type, "RSA PRIVATE KEY"))
    pkey = load_typed (EVP_PKEY_RSA, der, der_len);
  else
    {
      Der d = { der, der_len };
      pkey = load_notary_ed25519 (&d);
    }
  ERR_clear_error ();

  if (plain != NULL)
    OPENSSL_secure_clear_free (plain, plain_cap);

  if (pkey == NULL)
    {
      if (plain != NULL)
        bad_passphrase (error, where);
      else
        malformed (error, where, "The legacy private key does not parse");
    }
  return pkey;
}

/* ---- public ---- */

const char *
_signet_key_gun_for_role (const char *role,
                          const char *gun)
{
  if (role == NULL || gun == NULL || *gun == '\0')
    return NULL;
  if (g_str_equal (role, "targets") || g_str_equal (role, "snapshot") || g_str_equal (role, "timestamp"))
    return gun;
  return NULL;
}

char *
_signet_private_key_to_pem (SignetPrivateKey  *self,
                            const char        *role,
                            const char        *gun,
                            SignetSecret      *passphrase,
                            GError           **error)
{
  g_autoptr(SecureBytes) inner = NULL;
  g_autoptr(GByteArray) outer = NULL;
  g_autoptr(PemBlock) headers = g_new0 (PemBlock, 1);
  const char *kept_gun = _signet_key_gun_for_role (role, gun);

  g_return_val_if_fail (self != NULL, NULL);

  inner = pkcs8_encode (self, error);
  if (inner == NULL)
    return NULL;

  headers->names = g_ptr_array_new_with_free_func (g_free);
  headers->values = g_ptr_array_new_with_free_func (g_free);
  if (role != NULL && *role != '\0')
    pem_block_set_header (headers, "role", role);
  if (kept_gun != NULL)
    pem_block_set_header (headers, "gun", kept_gun);

  if (signet_secret_is_empty (passphrase))
    return pem_encode ("PRIVATE KEY", headers, inner->data, inner->len);

  outer = pbes2_encrypt (inner->data, inner->len, passphrase, error);
  if (outer == NULL)
    return NULL;
  return pem_encode ("ENCRYPTED PRIVATE KEY", headers, outer->data, outer->len);
}

SignetPrivateKey *
_signet_private_key_from_pem (const char    *data,
                              gsize          len,
                              SignetSecret  *passphrase,
                              const char    *where,
                              GError       **error)
{
  g_autoptr(PemBlock) b = NULL;
  EVP_PKEY *pkey = NULL;
  SignetPrivateKey *key;

  g_return_val_if_fail (data != NULL, NULL);

  b = pem_parse (data, len, NULL, where, error);
  if (b == NULL)
    return NULL;

  if (g_str_equal (b->type, "ENCRYPTED PRIVATE KEY"))
    {
      if (signet_secret_is_empty (passphrase))
        {
          g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_BAD_PASSPHRASE,
                       "%s%sThis key is encrypted: a passphrase is needed", where ? where : "", where ? ": " : "");
          return NULL;
        }
      pkey = pbes2_decrypt (b->der, b->der_len, passphrase, where, error);
      if (pkey == NULL)
        return NULL;
    }
  else if (g_str_equal (b->type, "PRIVATE KEY"))
    {
      pkey = pkcs8_decode (b->der, b->der_len);
      if (pkey == NULL)
        {
          malformed (error, where, "The private key is not valid PKCS#8 DER");
          return NULL;
        }
    }
  else if (g_str_equal (b->type, "EC PRIVATE KEY") || g_str_equal (b->type, "RSA PRIVATE KEY")
           || g_str_equal (b->type, "ED25519 PRIVATE KEY"))
    {
      pkey = legacy_decode (b, passphrase, where, error);
      if (pkey == NULL)
        return NULL;
    }
  else
    {
      g_autofree char *msg = g_strdup_printf ("Unsupported PEM block “%s” (expected a private key)", b->type);
      malformed (error, where, msg);
      return NULL;
    }

  key = _signet_private_key_new_from_evp (pkey, error);
  EVP_PKEY_free (pkey);
  return key;
}
