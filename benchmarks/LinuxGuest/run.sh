#!/usr/bin/env bash
# Boots the Linux comparison guest built by build.sh under the same QEMU command line as our
# images (OSv.Sdk/Tool/QemuCommand.cs: microvm, TCG, -cpu max, virtio-net-device on a modern
# virtio-mmio slot), with the NIC on an existing tap device. Serial console on stdout; the command
# line is printed to stderr first. The guest prints "linux-guest: ready" when its ports listen.
#
#   benchmarks/LinuxGuest/run.sh OUTDIR TAPNAME [CPUS] [MEM]       (CPUS 1, MEM 128M)
#
# Environment:
#   LG_MACHINE=microvm|pc|q35   (default microvm; pc/q35 use virtio-net-pci)
#   LG_ACCEL=tcg                (default tcg, as the osv tool on this machine)
#   LG_IP=A.B.C.D/NN            guest address (default 192.168.100.2/24)
#   LG_APPEND="..."             extra kernel command-line words (e.g. "loglevel=7" to see the boot)
#   LG_MAC=52:54:00:12:34:56    guest MAC
#   LG_BZIMAGE=1                boot the bzImage even if the PVH vmlinux exists
#   QEMU=qemu-system-x86_64
set -euo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,17p' "$0" >&2
    exit 2
fi
outdir=$1
tap=$2
cpus=${3:-1}
mem=${4:-128M}
machine=${LG_MACHINE:-microvm}
accel=${LG_ACCEL:-tcg}
qemu=${QEMU:-qemu-system-x86_64}
mac=${LG_MAC:-52:54:00:12:34:56}

for f in vmlinuz initramfs.cpio.gz; do
    [ -f "$outdir/$f" ] || { echo "run.sh: $outdir/$f missing (run build.sh first)" >&2; exit 1; }
done
# The PVH ELF (as our images boot) when build.sh could extract it, else Debian's bzImage.
kernel=$outdir/vmlinuz
[ "${LG_BZIMAGE:-0}" != 1 ] && [ -f "$outdir/vmlinux" ] && kernel=$outdir/vmlinux

# quiet: the 8250 console under TCG is slow, so boot messages cost boot time.
# panic=-1 + -no-reboot: a panic ends QEMU instead of hanging.
append="console=ttyS0 quiet panic=-1"
# Under TCG microvm has no usable TSC calibration reference (no HPET, no ACPI PM timer, no PC
# speaker gate for PIT channel 2): Linux then marks the TSC unstable and hangs or falls back to
# jiffies. TCG's guest TSC runs at the host TSC rate, so give Linux that rate and trust it.
if [ "$accel" = tcg ]; then
    khz=$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)
    [ -n "$khz" ] && append+=" tsc_early_khz=$khz"
    append+=" tsc=reliable"
fi
append+=" osv.ip=${LG_IP:-192.168.100.2/24}"
[ -n "${LG_APPEND:-}" ] && append+=" $LG_APPEND"
args=(-accel "$accel" -cpu max -m "$mem" -smp "$cpus" -nographic -monitor none -no-reboot
      -device isa-debug-exit,iobase=0xf4,iosize=0x04)
netdev="tap,id=n0,ifname=$tap,script=no,downscript=no"
case "$machine" in
    microvm)
        # ACPI stays on (QEMU's default for microvm): the DSDT lists the virtio-mmio slots
        # (LNRO0005), which Debian's virtio_mmio module binds to; Debian's kernel is built
        # without CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES, so virtio_mmio.device= would not work.
        args=(-M microvm "${args[@]}" -global virtio-mmio.force-legacy=false
              -device "virtio-net-device,netdev=n0,mac=$mac" -netdev "$netdev")
        ;;
    pc|q35)
        args=(-M "$machine" "${args[@]}"
              -device "virtio-net-pci,netdev=n0,mac=$mac,disable-legacy=on,romfile=" -netdev "$netdev")
        ;;
    *) echo "run.sh: LG_MACHINE must be microvm, pc or q35" >&2; exit 2 ;;
esac
args+=(-kernel "$kernel" -initrd "$outdir/initramfs.cpio.gz" -append "$append")

printf '%q ' "$qemu" "${args[@]}" >&2
echo >&2
exec "$qemu" "${args[@]}"
