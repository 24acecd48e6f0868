#!/usr/bin/env bash
# Builds the Linux comparison guest from Debian 12 packages: a stock Debian kernel (bzImage) and
# an initramfs with busybox, the virtio modules, netsvc (echo/discard/chargen, built here with
# gcc -static) and, with --memcached, memcached and its shared libraries.
#
#   benchmarks/LinuxGuest/build.sh [--memcached] [OUTDIR]      (OUTDIR: artifacts/linux-guest)
#   LG_KERNEL=generic benchmarks/LinuxGuest/build.sh ...        (default: cloud)
#
# Outputs in OUTDIR: vmlinuz (Debian's bzImage), vmlinux (the same kernel uncompressed, an ELF
# with a PVH entry, booted by run.sh when present), initramfs.cpio.gz, kernel-config,
# manifest.txt (package versions, file hashes).
# Packages come from `apt-get download` (no root needed, nothing installed on the host) into
# OUTDIR/debs and are reused; a second run whose inputs (these scripts, package versions,
# options) are unchanged stops after the apt-cache look-ups.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
memcached=0
outdir=
for arg in "$@"; do
    case "$arg" in
        --memcached) memcached=1 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        -*) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
        *) outdir=$arg ;;
    esac
done
outdir=${outdir:-artifacts/linux-guest}
flavour=${LG_KERNEL:-cloud}
case "$flavour" in
    cloud) kernel_meta=linux-image-cloud-amd64 ;;
    generic) kernel_meta=linux-image-amd64 ;;
    *) echo "build.sh: LG_KERNEL must be cloud or generic" >&2; exit 2 ;;
esac
mkdir -p "$outdir/debs"
outdir=$(cd "$outdir" && pwd)
debs=$outdir/debs

log() { echo "linux-guest build: $*" >&2; }

# Candidate versions from the local apt lists, in as few apt-cache calls as possible (each one
# re-reads the lists: ~1 s here). Prints "package version" and, for the kernel metapackage,
# "depends linux-image-X.Y.Z-N-FLAVOUR-amd64".
versions() {
    apt-cache show --no-all-versions "$@" 2>/dev/null | awk '
        /^Package: / { pkg = $2 }
        /^Version: / { print pkg, $2 }
        /^Depends: / && pkg ~ /^linux-image-(cloud-)?amd64$/ {
            if (match($0, /linux-image-[0-9][^ ,]*/)) print "depends", substr($0, RSTART, RLENGTH) }'
}
extra=()
[ "$memcached" = 1 ] && extra=(memcached libevent-2.1-7 libsasl2-2 libssl3 libc6)
table=$(versions "$kernel_meta" busybox-static "${extra[@]}")
if ! grep -q '^busybox-static ' <<< "$table"; then
    log "apt lists lack busybox-static: running apt-get update"
    apt-get update -qq
    table=$(versions "$kernel_meta" busybox-static "${extra[@]}")
fi
# The metapackage names the versioned kernel package (e.g. linux-image-6.1.0-56-cloud-amd64).
kernel_pkg=$(awk '$1 == "depends" { print $2; exit }' <<< "$table")
[ -n "$kernel_pkg" ] || { log "cannot resolve $kernel_meta"; exit 1; }
table+=$'\n'$(versions "$kernel_pkg")
packages=("$kernel_pkg" busybox-static "${extra[@]}")

# Download what is not cached yet; deb_files[i] is packages[i]'s .deb.
deb_files=()
manifest_pkgs=
for pkg in "${packages[@]}"; do
    ver=$(awk -v p="$pkg" '$1 == p { print $2; exit }' <<< "$table")
    [ -n "$ver" ] || { log "no candidate for $pkg"; exit 1; }
    file=$debs/${pkg}_${ver//:/%3a}_amd64.deb
    if [ ! -f "$file" ]; then
        log "downloading $pkg $ver"
        (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$ver" >&2)
    fi
    [ -f "$file" ] || { log "expected $file after apt-get download"; exit 1; }
    deb_files+=("$file")
    manifest_pkgs+="$pkg $ver $(basename "$file")"$'\n'
done

# Cache key: the inputs that determine the outputs.
key=$( { printf '%s' "$manifest_pkgs" "memcached=$memcached";
         cat "$here/build.sh" "$here/init" "$here/netsvc.c"; } | sha256sum | cut -d' ' -f1)
if [ -f "$outdir/.key" ] && [ "$(cat "$outdir/.key")" = "$key" ] \
   && [ -f "$outdir/vmlinuz" ] && [ -f "$outdir/initramfs.cpio.gz" ]; then
    log "up to date: $outdir"
    exit 0
fi
rm -f "$outdir/.key"

work=$outdir/work
rm -rf "$work"
mkdir -p "$work/x" "$work/root"
for f in "${deb_files[@]}"; do dpkg-deb -x "$f" "$work/x"; done
x=$work/x
root=$work/root
busybox=$x/bin/busybox

# Kernel.
kver=$(ls "$x/lib/modules")
cp "$x/boot/vmlinuz-$kver" "$outdir/vmlinuz"
cp "$x/boot/config-$kver" "$outdir/kernel-config"
# The uncompressed ELF inside the bzImage, for a PVH boot (CONFIG_PVH=y): QEMU loads it straight
# into guest memory, which skips qboot's bzImage path and the in-guest decompression (about
# 1.5 s under TCG). The payload is found by its magic, as the kernel's extract-vmlinux does:
# LZ4 legacy frame (02 21 4c 18; the cloud kernel) or XZ (fd 37 7a 58 5a 00; the generic one).
# Without the tools only the bzImage exists and run.sh boots that.
rm -f "$outdir/vmlinux"
try_extract() { # MAGIC TOOL DECOMPRESS-COMMAND...
    local magic=$1 tool=$2 at
    shift 2
    command -v "$tool" > /dev/null || return 1
    at=$(grep -abo "$magic" "$outdir/vmlinuz" | head -1 | cut -d: -f1 || true)
    [ -n "$at" ] || return 1
    tail -c +$((at + 1)) "$outdir/vmlinuz" | "$@" > "$work/vmlinux" 2>/dev/null
    # PVH entry = ELF note type 0x12 (XEN_ELFNOTE_PHYS32_ENTRY).
    readelf -n "$work/vmlinux" 2>/dev/null | grep -q 'Xen.*0x00000012'
}
if try_extract $'\x02\x21\x4c\x18' lz4 lz4 -dc || try_extract $'\xfd7zXZ\x00' xz xz -dc --single-stream; then
    mv "$work/vmlinux" "$outdir/vmlinux"
else
    log "no PVH vmlinux extracted from the bzImage (lz4/xz missing?): run.sh will boot the bzImage"
fi

# Root skeleton: busybox applets as symlinks, /dev/console for init's stdio before devtmpfs.
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc,run,var/run,root,lib/modules/"$kver"}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
install -m 755 "$here/init" "$root/init"

# Kernel modules: the virtio transports and virtio-net with their dependency closure (read from
# each module's modinfo "depends=" field), then modules.dep through busybox depmod.
moddir=$x/lib/modules/$kver/kernel
module_path() { find "$moddir" -name "$1.ko" | head -1; }
todo=(virtio_mmio virtio_pci virtio_net)
done_mods=" "
while [ ${#todo[@]} -gt 0 ]; do
    m=${todo[0]}; todo=("${todo[@]:1}")
    case "$done_mods" in *" $m "*) continue ;; esac
    src=$(module_path "$m")
    [ -n "$src" ] || { log "module $m not found in $kver"; exit 1; }
    dst=$root/lib/modules/$kver/kernel/${src#"$moddir"/}
    mkdir -p "$(dirname "$dst")"
    cp "$src" "$dst"
    done_mods+="$m "
    deps=$(tr '\0' '\n' < "$src" | sed -n 's/^depends=//p' | head -1)
    for d in ${deps//,/ }; do todo+=("$d"); done
done
cp "$x/lib/modules/$kver/modules.builtin" "$x/lib/modules/$kver/modules.order" "$root/lib/modules/$kver/"
"$busybox" depmod -b "$root" "$kver"
log "modules:$done_mods"

# netsvc, static.
gcc -O2 -static -Wall -Wextra -o "$root/bin/netsvc" "$here/netsvc.c"
strip "$root/bin/netsvc"

# memcached and the shared libraries it needs (NEEDED entries, recursively, from the debs).
if [ "$memcached" = 1 ]; then
    cp "$x/usr/bin/memcached" "$root/usr/bin/memcached"
    mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64"
    find_lib() { find "$x/lib/x86_64-linux-gnu" "$x/usr/lib/x86_64-linux-gnu" -name "$1" 2>/dev/null | head -1; }
    todo=("$root/usr/bin/memcached")
    seen=" "
    while [ ${#todo[@]} -gt 0 ]; do
        elf=${todo[0]}; todo=("${todo[@]:1}")
        for lib in $(readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
            case "$seen" in *" $lib "*) continue ;; esac
            seen+="$lib "
            src=$(find_lib "$lib")
            [ -n "$src" ] || { log "library $lib not found in the debs"; exit 1; }
            cp -L "$src" "$root/lib/x86_64-linux-gnu/$lib"
            todo+=("$root/lib/x86_64-linux-gnu/$lib")
        done
    done
    cp -L "$(find_lib ld-linux-x86-64.so.2)" "$root/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
    ln -sf /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
    log "memcached libraries:$seen"
fi

# cpio newc (busybox's writer; owner root), gzip.
(cd "$root" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null) \
    | gzip -6 -n > "$outdir/initramfs.cpio.gz.tmp"
mv "$outdir/initramfs.cpio.gz.tmp" "$outdir/initramfs.cpio.gz"

{
    echo "# Linux comparison guest, built $(date -u +%Y-%m-%dT%H:%M:%SZ) by benchmarks/LinuxGuest/build.sh"
    echo "# package version deb"
    printf '%s' "$manifest_pkgs"
    echo "kernel $kver"
    echo "modules$done_mods"
    echo "memcached $memcached"
    echo "gcc $(gcc -dumpfullversion) (netsvc, static)"
    (cd "$outdir" && sha256sum vmlinuz initramfs.cpio.gz && { [ ! -f vmlinux ] || sha256sum vmlinux; })
    echo "initramfs bytes $(stat -c %s "$outdir/initramfs.cpio.gz"), vmlinuz bytes $(stat -c %s "$outdir/vmlinuz")"
} > "$outdir/manifest.txt"
rm -rf "$work"
echo "$key" > "$outdir/.key"
log "done: $outdir/vmlinuz $outdir/initramfs.cpio.gz"
