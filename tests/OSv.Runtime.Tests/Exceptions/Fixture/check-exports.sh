#!/bin/sh
# Compiles OSv.Runtime's exception sources (hosted and image-only, *.Metal.cs included)
# with the fixture program against the real System.Private.CoreLib, runs ilc with CoreLib as an
# input (so its [RuntimeExport]s and its imports of ours are all emitted), links the object with
# Arch/X64/exceptions.S (ld -r), and writes the symbol table (nm) to OUTPUT_DIRECTORY/symbols.txt.
# The tests read it to check that every exception-path import of CoreLib is satisfied by us.
# Usage: sh check-exports.sh OUTPUT_DIRECTORY RUNTIME_SOURCES_DIRECTORY
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: check-exports.sh OUTPUT_DIRECTORY RUNTIME_SOURCES_DIRECTORY}
sources=${2:?usage: check-exports.sh OUTPUT_DIRECTORY RUNTIME_SOURCES_DIRECTORY}
. "$here/toolchain.sh"

dotnet "$sdk/Roslyn/bincore/csc.dll" -nologo -noconfig -nostdlib+ -unsafe+ -optimize+ \
    -target:library -nullable:enable -langversion:latest -out:"$work/Runtime.dll" \
    -r:"$framework/native/System.Private.CoreLib.dll" -r:"$framework/lib/net10.0/System.Runtime.dll" \
    "$sources"/*.cs "$here/EhFixture.cs"

"$ilc" "$work/Runtime.dll" "$framework/native/System.Private.CoreLib.dll" -o:"$work/Runtime.o" \
    --systemmodule:System.Private.CoreLib --targetos:linux --targetarch:x64 -O \
    --nativelib --noinlinetls \
    --feature:System.Globalization.Invariant=true --feature:System.Resources.UseSystemResourceKeys=true \
    --feature:System.Diagnostics.Tracing.EventSource.IsSupported=false

as --64 -o "$work/exceptions.o" "$sources/exceptions.S"
ld -r -o "$work/linked.o" "$work/Runtime.o" "$work/exceptions.o"
nm "$work/linked.o" > "$out/symbols.txt"
