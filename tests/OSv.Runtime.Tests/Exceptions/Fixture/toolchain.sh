# Sourced by make-fixture.sh and check-exports.sh: where the pinned ilc, the NativeAOT framework
# and the SDK's csc are, and a scratch directory removed on exit. OSV_ILC_VERSION overrides the pin
# (it must match Directory.Packages.props' OsvIlcVersion).
version=${OSV_ILC_VERSION:-10.0.12}
packs=${NUGET_PACKAGES:-$HOME/.nuget/packages}
framework=$packs/microsoft.netcore.app.runtime.nativeaot.linux-x64/$version/runtimes/linux-x64
ilc=$packs/runtime.linux-x64.microsoft.dotnet.ilcompiler/$version/tools/ilc
sdk=$(dirname "$(readlink -f "$(command -v dotnet)")")/sdk/$(dotnet --version)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
