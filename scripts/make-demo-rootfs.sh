#!/usr/bin/env bash
# make-demo-rootfs.sh DIR - build a small but realistic Debian-style root
# filesystem for `make demo`: os-release, a dpkg database of 10 packages
# (openssl, busybox, curl, zlib, dropbear, dnsmasq, ...) with DEP-5 copyright
# files and md5sums, and the files those md5sums describe.  The versions are
# real Debian 12 versions that have known vulnerabilities, so the demo has
# something to find.  The files are stand-ins (text), not binaries.
set -euo pipefail
dir=${1:?usage: make-demo-rootfs.sh DIR}
rm -rf "$dir"
mkdir -p "$dir"/{etc,usr/lib,var/lib/dpkg/info,usr/share/doc}

cat > "$dir/usr/lib/os-release" <<'OS'
PRETTY_NAME="Vigil Demo Gateway (Debian 12 based)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
OS
ln -s ../usr/lib/os-release "$dir/etc/os-release"

# name|version|arch|multiarch|source|maintainer|depends|licence|description|files|section|homepage
# (Section and Homepage as Debian 12 gives them; ca-certificates is Debian-native, without one.)
packages=(
  "libc6|2.36-9+deb12u3|amd64|same|glibc|GNU Libc Maintainers <debian-glibc@lists.debian.org>||LGPL-2.1+|GNU C Library: Shared libraries|lib/x86_64-linux-gnu/libc.so.6|libs|https://www.gnu.org/software/libc/libc.html"
  "zlib1g|1:1.2.13.dfsg-1|amd64|same|zlib|Mark Brown <broonie@debian.org>|libc6 (>= 2.14)|Zlib|compression library - runtime|lib/x86_64-linux-gnu/libz.so.1.2.13|libs|http://zlib.net/"
  "libssl3|3.0.11-1~deb12u1|amd64|same|openssl|Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>|libc6 (>= 2.34)|Apache-2.0|Secure Sockets Layer toolkit - shared libraries|usr/lib/x86_64-linux-gnu/libssl.so.3 usr/lib/x86_64-linux-gnu/libcrypto.so.3|libs|https://www.openssl.org/"
  "openssl|3.0.11-1~deb12u1|amd64||openssl|Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>|libc6 (>= 2.34), libssl3 (>= 3.0.9)|Apache-2.0|Secure Sockets Layer toolkit - cryptographic utility|usr/bin/openssl etc/ssl/openssl.cnf|utils|https://www.openssl.org/"
  "ca-certificates|20230311|all||ca-certificates|Julien Cristau <jcristau@debian.org>|openssl (>= 1.1.1)|GPL-2+ and MPL-2.0|Common CA certificates|usr/sbin/update-ca-certificates|misc|"
  "libcurl4|7.88.1-10+deb12u4|amd64|same|curl|Alessandro Ghedini <ghedo@debian.org>|libc6 (>= 2.34), libssl3 (>= 3.0.0), zlib1g (>= 1:1.1.4)|curl|easy-to-use client-side URL transfer library|usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0|libs|https://curl.se/"
  "curl|7.88.1-10+deb12u4|amd64||curl|Alessandro Ghedini <ghedo@debian.org>|libcurl4 (= 7.88.1-10+deb12u4), libc6 (>= 2.34), zlib1g|curl|command line tool for transferring data with URL syntax|usr/bin/curl|web|https://curl.se/"
  "busybox|1:1.35.0-4+b3|amd64||busybox|Debian Install System Team <debian-boot@lists.debian.org>|libc6 (>= 2.34)|GPL-2|Tiny utilities for small and embedded systems|bin/busybox|utils|http://www.busybox.net"
  "dropbear-bin|2022.83-1+deb12u1|amd64||dropbear|Guilhem Moulin <guilhem@debian.org>|libc6 (>= 2.34), zlib1g (>= 1:1.1.4)|MIT|lightweight SSH2 server and client - command line tools|usr/sbin/dropbear usr/bin/dbclient|net|https://matt.ucc.asn.au/dropbear/dropbear.html"
  "dnsmasq-base|2.89-1|amd64||dnsmasq|Simon Kelley <simon@thekelleys.org.uk>|libc6 (>= 2.34)|GPL-2 or GPL-3|Small caching DNS proxy and DHCP/TFTP server|usr/sbin/dnsmasq|net|https://www.thekelleys.org.uk/dnsmasq/doc.html"
)

status="$dir/var/lib/dpkg/status"
: > "$status"
for entry in "${packages[@]}"; do
  IFS='|' read -r name version arch multiarch source maint depends licence desc files section homepage <<<"$entry"
  {
    echo "Package: $name"
    echo "Status: install ok installed"
    echo "Section: $section"
    echo "Maintainer: $maint"
    echo "Architecture: $arch"
    [ -n "$multiarch" ] && echo "Multi-Arch: $multiarch"
    [ "$source" != "$name" ] && echo "Source: $source"
    echo "Version: $version"
    [ -n "$depends" ] && echo "Depends: $depends"
    echo "Description: $desc"
    [ -n "$homepage" ] && echo "Homepage: $homepage"
    echo
  } >> "$status"

  # The package's files and their md5sums (named PKG:ARCH for Multi-Arch: same).
  info="$dir/var/lib/dpkg/info/$name"
  [ "$multiarch" = same ] && info="$info:$arch"
  : > "$info.md5sums"
  for f in $files "usr/share/doc/$name/copyright"; do
    mkdir -p "$(dirname "$dir/$f")"
    [ -f "$dir/$f" ] || printf '%s %s (demo stand-in for %s)\n' "$name" "$version" "/$f" > "$dir/$f"
  done
  cat > "$dir/usr/share/doc/$name/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: $source

Files: *
Copyright: the $source authors
License: $licence

Files: debian/*
Copyright: $maint
License: $licence
COPYRIGHT
  (cd "$dir" && md5sum $files "usr/share/doc/$name/copyright") >> "$info.md5sums"
  (cd "$dir" && printf '/%s\n' $files "usr/share/doc/$name/copyright") > "$info.list"
done
echo "demo rootfs with ${#packages[@]} packages in $dir"
