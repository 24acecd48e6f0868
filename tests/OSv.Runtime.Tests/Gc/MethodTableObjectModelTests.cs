// MethodTableObjectModel on hand-built MethodTables (with GCDesc series before them) in native
// memory, the flag values checked against the pinned CoreLib's own metadata, and the collector
// running over it.
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class MethodTableObjectModelTests : IDisposable
    {
        private readonly List<IntPtr> _blocks = new();

        private const uint PointerFlags = MethodTableObjectModel.HasPointersFlag;
        private const uint ArrayFlags = MethodTableObjectModel.HasComponentSizeFlag;

        // A MethodTable with gcDescWords words of GCDesc before it; returns the MethodTable.
        private byte* BuildMethodTable(ushort componentSize, uint flags, uint baseSize, nuint[] gcDescBelow)
        {
            int bytes = (gcDescBelow.Length + 8) * 8;
            var block = (byte*)NativeMemory.AllocZeroed((nuint)bytes);
            _blocks.Add((IntPtr)block);
            var methodTable = block + gcDescBelow.Length * 8;
            // gcDescBelow[0] is the word just below the MethodTable (NumSeries), [1] the next, …
            for (int index = 0; index < gcDescBelow.Length; index++)
                ((nuint*)methodTable)[-1 - index] = gcDescBelow[index];
            *(uint*)methodTable = flags | componentSize;
            *(uint*)(methodTable + 4) = baseSize;
            return methodTable;
        }

        private byte* NewObject(byte* methodTable, uint length = 0)
        {
            nuint bytes = MethodTableObjectModel.InstanceBytes(methodTable, length);
            var cell = (byte*)NativeMemory.AllocZeroed(bytes + 8);
            _blocks.Add((IntPtr)cell);
            byte* obj = cell + 8;
            *(byte**)obj = methodTable;
            *(uint*)(obj + 8) = length;
            return obj;
        }

        private static List<long> VisitedOffsets(byte* obj)
        {
            var visitor = new RecordingVisitor { Offsets = new List<long>(), Object = obj };
            default(MethodTableObjectModel).VisitReferences(obj, ref visitor);
            return visitor.Offsets;
        }

        private struct RecordingVisitor : IReferenceVisitor
        {
            public List<long> Offsets;
            public byte* Object;

            public void Visit(nuint* slot) => Offsets.Add((byte*)slot - Object);
        }

        // Two series: refs at +8, +16 and at +32, +40, +48; BaseSize 64. Series sizes are stored
        // minus BaseSize; the highest series (first below NumSeries) is the first one walked.
        private byte* ClassWithTwoSeries() => BuildMethodTable(0, PointerFlags, 64, new nuint[]
        {
            2,                                        // NumSeries
            8, unchecked((nuint)(16 - 64)),           // highest: StartOffset, SeriesSize
            32, unchecked((nuint)(24 - 64)),          // lowest
        });

        [Fact]
        public void Class_TwoSeries_VisitsExactlyTheReferenceFields()
        {
            byte* obj = NewObject(ClassWithTwoSeries());
            Assert.Equal(new long[] { 8, 16, 32, 40, 48 }, VisitedOffsets(obj));
            Assert.Equal((nuint)64, default(MethodTableObjectModel).ObjectBytes(obj));
            Assert.True(default(MethodTableObjectModel).HasReferences(obj));
        }

        [Fact]
        public void ReferenceArray_OneSeries_VisitsEveryElement()
        {
            byte* arrayType = BuildMethodTable(8, PointerFlags | ArrayFlags, 24, new nuint[] { 1, 16, unchecked((nuint)(-24)) });
            byte* obj = NewObject(arrayType, 5);
            Assert.Equal(new long[] { 16, 24, 32, 40, 48 }, VisitedOffsets(obj));
            Assert.Equal((nuint)64, default(MethodTableObjectModel).ObjectBytes(obj));
            Assert.Empty(VisitedOffsets(NewObject(arrayType, 0)));
        }

        // struct { object A; int X; object B; object C; } (32 bytes): items {1 pointer, skip 8},
        // {2 pointers, skip 0}; elements start at +16.
        [Fact]
        public void ValueTypeArray_RepeatingSeries_VisitsTheReferencesOfEveryElement()
        {
            nuint item0 = unchecked((nuint)(1 | (8UL << 32)));
            nuint item1 = 2;
            byte* arrayType = BuildMethodTable(32, PointerFlags | ArrayFlags, 24, new nuint[] { unchecked((nuint)(-2)), 16, item0, item1 });
            byte* obj = NewObject(arrayType, 3);
            Assert.Equal(new long[] { 16, 32, 40, 48, 64, 72, 80, 96, 104 }, VisitedOffsets(obj));
            Assert.Equal((nuint)(24 + 3 * 32), default(MethodTableObjectModel).ObjectBytes(obj));
        }

        [Fact]
        public void String_NoPointers_SizeIsBasePlusCharsRoundedToAWord()
        {
            byte* stringType = BuildMethodTable(2, ArrayFlags, 22, Array.Empty<nuint>());
            byte* obj = NewObject(stringType, 5);
            Assert.False(default(MethodTableObjectModel).HasReferences(obj));
            Assert.Equal((nuint)32, default(MethodTableObjectModel).ObjectBytes(obj));
            Assert.Empty(VisitedOffsets(obj));
        }

        // The first two words of real MethodTables and the GCDesc words below them, as ilc 10.0.12
        // emitted them for a console hello (objdump of .data, ilc run without --dehydrate).
        private byte* FromIlcWords(ulong flagsAndBaseSize, params ulong[] gcDescBelow)
        {
            byte* methodTable = BuildMethodTable(0, 0, 0, Array.ConvertAll(gcDescBelow, word => (nuint)word));
            *(ulong*)methodTable = flagsAndBaseSize;
            return methodTable;
        }

        [Fact]
        public void IlcStringArray_VisitsEveryElement()
        {
            byte* type = FromIlcWords(0x00000018_e1460008, 1, 0x10, 0xffffffff_ffffffe8);
            byte* obj = NewObject(type, 3);
            Assert.Equal(new long[] { 16, 24, 32 }, VisitedOffsets(obj));
            Assert.Equal((nuint)48, default(MethodTableObjectModel).ObjectBytes(obj));
        }

        [Fact]
        public void IlcString_HasNoReferences_AndItsSizeCountsTheChars()
        {
            byte* type = FromIlcWords(0x00000016_d0040002);
            byte* obj = NewObject(type, 10);
            Assert.False(default(MethodTableObjectModel).HasReferences(obj));
            Assert.Equal((nuint)48, default(MethodTableObjectModel).ObjectBytes(obj));   // 22 + 20, to 8
        }

        [Fact]
        public void IlcDictionaryEntryArray_RepeatingSeries_VisitsKeyAndValueOfEveryEntry()
        {
            // Dictionary<string, Assembly>.Entry[]: { key, value, hashCode, next }, 24 bytes.
            byte* type = FromIlcWords(0x00000018_e1020018, 0xffffffff_ffffffff, 0x10, 0x00000008_00000002);
            byte* obj = NewObject(type, 2);
            Assert.Equal(new long[] { 16, 24, 40, 48 }, VisitedOffsets(obj));
        }

        [Fact]
        public void IlcException_OneSeries_VisitsItsEightReferenceFields()
        {
            byte* type = FromIlcWords(0x00000058_51000000, 1, 8, 0xffffffff_ffffffe8);
            byte* obj = NewObject(type);
            Assert.Equal(new long[] { 8, 16, 24, 32, 40, 48, 56, 64 }, VisitedOffsets(obj));
            Assert.False(MethodTableObjectModel.HasFinalizer(type));
        }

        [Fact]
        public void IlcSyncTableDeadEntryCollector_HasAFinalizer_AndNoReferences()
        {
            byte* type = FromIlcWords(0x00000018_50100000);
            Assert.True(MethodTableObjectModel.HasFinalizer(type));
            Assert.False(default(MethodTableObjectModel).HasReferences(NewObject(type)));
        }

        [Fact]
        public void FlagValues_MatchThePinnedCoreLib()
        {
            Dictionary<string, long> flags = ReadCoreLibEnum("Internal.Runtime", "EETypeFlags");
            Assert.Equal(MethodTableObjectModel.HasPointersFlag, (uint)flags["HasPointersFlag"]);
            Assert.Equal(MethodTableObjectModel.HasFinalizerFlag, (uint)flags["HasFinalizerFlag"]);
            Assert.Equal(MethodTableObjectModel.HasComponentSizeFlag, (uint)flags["HasComponentSizeFlag"]);
        }

        [Fact]
        public void Collector_OverMethodTables_KeepsWhatArraysAndStructArraysReference()
        {
            var pages = TestPageSource.Create();
            var heap = (GcHeap<MethodTableObjectModel, TestPageSource>*)NativeMemory.AllocZeroed((nuint)sizeof(GcHeap<MethodTableObjectModel, TestPageSource>));
            var context = (AllocationContext*)NativeMemory.AllocZeroed((nuint)sizeof(AllocationContext));
            Assert.True(heap->Initialize(pages, TestHeap.SmallOptions()));
            byte* nodeType = ClassWithTwoSeries();
            byte* arrayType = BuildMethodTable(8, PointerFlags | ArrayFlags, 24, new nuint[] { 1, 16, unchecked((nuint)(-24)) });
            byte* structArrayType = BuildMethodTable(32, PointerFlags | ArrayFlags, 24,
                new nuint[] { unchecked((nuint)(-2)), 16, unchecked((nuint)(1 | (8UL << 32))), 2 });

            byte* Allocate(byte* type, uint length)
            {
                byte* obj = heap->TryAllocate(context, MethodTableObjectModel.InstanceBytes(type, length), respectBudget: false);
                *(byte**)obj = type;
                *(uint*)(obj + 8) = length;
                return obj;
            }

            byte* array = Allocate(arrayType, 600);                  // 4824 bytes: a large object
            byte* structArray = Allocate(structArrayType, 4);
            byte* viaArray = Allocate(nodeType, 0);
            byte* viaStruct = Allocate(nodeType, 0);
            byte* viaNode = Allocate(nodeType, 0);
            byte* dead = Allocate(nodeType, 0);
            ((nuint*)(array + 16))[599] = (nuint)viaArray;
            *(nuint*)(structArray + 16 + 2 * 32 + 24) = (nuint)viaStruct;   // element 2, field C
            *(nuint*)(viaStruct + 48) = (nuint)viaNode;
            *(nuint*)(structArray + 16 + 3 * 32 + 8) = (nuint)dead;        // element 3, field X: an int

            var roots = new TestRoots
            {
                Precise = (nuint*)NativeMemory.AllocZeroed(16 * (nuint)sizeof(nuint)),
                Stack = (nuint*)NativeMemory.AllocZeroed(16 * (nuint)sizeof(nuint)),
            };
            roots.Precise[roots.PreciseCount++] = (nuint)array;
            roots.Precise[roots.PreciseCount++] = (nuint)structArray;
            heap->RetireContext(context);
            heap->Collect(ref roots);

            Assert.True(heap->IsAllocatedObject(viaArray));
            Assert.True(heap->IsAllocatedObject(viaStruct));
            Assert.True(heap->IsAllocatedObject(viaNode));
            Assert.False(heap->IsAllocatedObject(dead));

            heap->Dispose();
            Assert.Equal(0, pages.PagesOutstanding);
            NativeMemory.Free(roots.Precise);
            NativeMemory.Free(roots.Stack);
            NativeMemory.Free(context);
            NativeMemory.Free(heap);
            pages.Destroy();
        }

        private static Dictionary<string, long> ReadCoreLibEnum(string nameSpace, string name)
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string coreLib = Path.Combine(packages, "microsoft.netcore.app.runtime.nativeaot.linux-x64", "10.0.12",
                "runtimes", "linux-x64", "native", "System.Private.CoreLib.dll");
            using var stream = File.OpenRead(coreLib);
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            var values = new Dictionary<string, long>();
            foreach (TypeDefinitionHandle typeHandle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(typeHandle);
                if (reader.GetString(type.Name) != name || reader.GetString(type.Namespace) != nameSpace)
                    continue;
                foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(fieldHandle);
                    if (field.GetDefaultValue().IsNil)
                        continue;
                    BlobReader blob = reader.GetBlobReader(reader.GetConstant(field.GetDefaultValue()).Value);
                    values[reader.GetString(field.Name)] = blob.Length == 2 ? blob.ReadUInt16() : blob.ReadInt32();
                }
            }
            Assert.NotEmpty(values);
            return values;
        }

        public void Dispose()
        {
            foreach (IntPtr block in _blocks)
                NativeMemory.Free((void*)block);
        }
    }
}
