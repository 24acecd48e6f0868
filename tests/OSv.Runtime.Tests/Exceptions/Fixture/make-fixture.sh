#!/bin/sh
# Regenerates eh-fixture.so from EhFixture.cs: csc against the real System.Private.CoreLib of the
# pinned NativeAOT runtime pack, ilc 10.0.12 (no --dehydrate: the tables stay as emitted), then
# ld -shared --eh-frame-hdr so code, .eh_frame, .eh_frame_hdr and .dotnet_eh_table get final
# addresses and relocations are applied. Undefined runtime symbols stay undefined (a shared object
# may have them); debug sections are stripped, .symtab is kept (the tests find methods by name).
# Usage: sh make-fixture.sh OUTPUT_DIRECTORY   (the tests run it; see EhFixtureBuild.cs)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make-fixture.sh OUTPUT_DIRECTORY}
. "$here/toolchain.sh"

dotnet "$sdk/Roslyn/bincore/csc.dll" -nologo -noconfig -nostdlib+ -unsafe+ -optimize+ \
    -target:library -nullable:enable -out:"$work/EhFixture.dll" \
    -r:"$framework/native/System.Private.CoreLib.dll" -r:"$framework/lib/net10.0/System.Runtime.dll" \
    "$here/EhFixture.cs"

"$ilc" "$work/EhFixture.dll" -o:"$work/EhFixture.o" \
    -r:"$framework/native/System.Private.CoreLib.dll" \
    -r:"$framework/lib/net10.0/System.Runtime.dll" \
    --systemmodule:System.Private.CoreLib --targetos:linux --targetarch:x64 -O \
    --nativelib --noinlinetls --initassembly:System.Private.CoreLib \
    --feature:System.Globalization.Invariant=true --feature:System.Resources.UseSystemResourceKeys=true \
    --feature:System.Diagnostics.Tracing.EventSource.IsSupported=false

ld -shared --eh-frame-hdr -z noexecstack -o "$work/eh-fixture.so" "$work/EhFixture.o"
strip --strip-debug -o "$out/eh-fixture.so" "$work/eh-fixture.so"
