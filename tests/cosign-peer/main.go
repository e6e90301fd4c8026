// cosign-peer: a test peer for Signet's cosign interop tests. It handles cosign key files
// and signatures with the same Go primitives containers/image and go-tuf use
// (golang.org/x/crypto scrypt + nacl/secretbox, crypto/x509 PKCS#8, crypto/ecdsa), because
// Debian's skopeo 1.9.3 is built with sigstore signing and verification disabled.
//
// Copyright 2026 The Signet authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage:
//   cosign-peer genkey KEY.pem PUB.pem PASSFILE     new P-256 key, "ENCRYPTED COSIGN PRIVATE KEY"
//   cosign-peer pubkey KEY.pem PASSFILE              decrypts KEY.pem, prints its public key PEM
//   cosign-peer verify PUB.pem PAYLOAD SIG.b64       exit 0 when the signature verifies
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/crypto/nacl/secretbox"
	"golang.org/x/crypto/scrypt"
)

type kdfParams struct {
	N int `json:"N"`
	R int `json:"r"`
	P int `json:"p"`
}

type kdf struct {
	Name   string    `json:"name"`
	Params kdfParams `json:"params"`
	Salt   []byte    `json:"salt"`
}

type cipherInfo struct {
	Name  string `json:"name"`
	Nonce []byte `json:"nonce"`
}

type envelope struct {
	KDF        kdf        `json:"kdf"`
	Cipher     cipherInfo `json:"cipher"`
	Ciphertext []byte     `json:"ciphertext"`
}

func passphrase(path string) []byte {
	b, err := os.ReadFile(path)
	check(err)
	return []byte(strings.TrimRight(string(b), "\n"))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "cosign-peer:", err)
		os.Exit(1)
	}
}

func decrypt(keyPEM []byte, pass []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(keyPEM)
	if block == nil || block.Type != "ENCRYPTED COSIGN PRIVATE KEY" {
		return nil, errors.New("not an ENCRYPTED COSIGN PRIVATE KEY PEM")
	}
	var env envelope
	if err := json.Unmarshal(block.Bytes, &env); err != nil {
		return nil, err
	}
	if env.KDF.Name != "scrypt" || env.Cipher.Name != "nacl/secretbox" {
		return nil, errors.New("unexpected kdf or cipher")
	}
	if env.KDF.Params.N != 32768 || env.KDF.Params.R != 8 || env.KDF.Params.P != 1 {
		return nil, errors.New("unexpected kdf parameters")
	}
	key, err := scrypt.Key(pass, env.KDF.Salt, env.KDF.Params.N, env.KDF.Params.R, env.KDF.Params.P, 32)
	if err != nil {
		return nil, err
	}
	var k [32]byte
	var n [24]byte
	copy(k[:], key)
	if len(env.Cipher.Nonce) != 24 {
		return nil, errors.New("bad nonce")
	}
	copy(n[:], env.Cipher.Nonce)
	plain, ok := secretbox.Open(nil, env.Ciphertext, &n, &k)
	if !ok {
		return nil, errors.New("decryption failed")
	}
	pk, err := x509.ParsePKCS8PrivateKey(plain)
	if err != nil {
		return nil, err
	}
	signer, ok := pk.(crypto.Signer)
	if !ok {
		return nil, errors.New("not a signing key")
	}
	return signer, nil
}

func publicPEM(pub crypto.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	check(err)
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func main() {
	if len(os.Args) < 2 {
		check(errors.New("usage: genkey|pubkey|verify …"))
	}
	switch os.Args[1] {
	case "genkey":
		priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		check(err)
		der, err := x509.MarshalPKCS8PrivateKey(priv)
		check(err)
		env := envelope{KDF: kdf{Name: "scrypt", Params: kdfParams{N: 32768, R: 8, P: 1}, Salt: make([]byte, 32)},
			Cipher: cipherInfo{Name: "nacl/secretbox", Nonce: make([]byte, 24)}}
		_, err = rand.Read(env.KDF.Salt)
		check(err)
		_, err = rand.Read(env.Cipher.Nonce)
		check(err)
		key, err := scrypt.Key(passphrase(os.Args[4]), env.KDF.Salt, 32768, 8, 1, 32)
		check(err)
		var k [32]byte
		var n [24]byte
		copy(k[:], key)
		copy(n[:], env.Cipher.Nonce)
		env.Ciphertext = secretbox.Seal(nil, der, &n, &k)
		body, err := json.Marshal(env)
		check(err)
		check(os.WriteFile(os.Args[2], pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED COSIGN PRIVATE KEY", Bytes: body}), 0600))
		check(os.WriteFile(os.Args[3], publicPEM(&priv.PublicKey), 0644))
	case "pubkey":
		data, err := os.ReadFile(os.Args[2])
		check(err)
		signer, err := decrypt(data, passphrase(os.Args[3]))
		check(err)
		os.Stdout.Write(publicPEM(signer.Public()))
	case "verify":
		data, err := os.ReadFile(os.Args[2])
		check(err)
		block, _ := pem.Decode(data)
		if block == nil {
			check(errors.New("no PEM public key"))
		}
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		check(err)
		payload, err := os.ReadFile(os.Args[3])
		check(err)
		sigText, err := os.ReadFile(os.Args[4])
		check(err)
		sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(sigText)))
		check(err)
		digest := sha256.Sum256(payload)
		ecPub, ok := pub.(*ecdsa.PublicKey)
		if !ok || !ecdsa.VerifyASN1(ecPub, digest[:], sig) {
			fmt.Fprintln(os.Stderr, "cosign-peer: signature does not verify")
			os.Exit(1)
		}
		fmt.Println("verified")
	default:
		check(errors.New("unknown command " + os.Args[1]))
	}
}
