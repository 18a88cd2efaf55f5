#!/usr/bin/env bash
# Writes the deployment's keys into deploy/keys/ (or the folder given): the identity server's RSA signing and
# encryption keys (PKCS#8 PEM), the audit log's Ed25519 checkpoint key seed and the HMAC keys for pseudonyms,
# subject hashes and audited unknown client ids (32 random bytes each). Existing files are kept: replacing a key
# breaks every token, checkpoint, pseudonym or subject hash made with it. Outside development the services never generate keys themselves.
set -euo pipefail
dir=${1:-"$(dirname "$0")/keys"}
mkdir -p "$dir"
umask 077

rsa() { [ -e "$dir/$1" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/$1" 2>/dev/null; }
random32() { [ -e "$dir/$1" ] || head -c 32 /dev/urandom > "$dir/$1"; }

rsa signing.pem
rsa encryption.pem
random32 checkpoint.key
random32 pseudonym.key
random32 subject.key
random32 client-id.key
chmod 600 "$dir"/*

# The images run as the unprivileged user "app" (uid 1654); it must be able to read the keys.
if [ "${KEYS_OWNER:-}" != "" ]; then
  chown -R "$KEYS_OWNER" "$dir"
elif [ "$(id -u)" = "0" ]; then
  chown -R 1654:1654 "$dir"
else
  echo "note: for docker compose, give the keys to uid 1654: sudo chown -R 1654:1654 $dir" >&2
fi
ls -l "$dir"
