using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public class GcMemoryInfoLayoutTests
    {
        [Fact]
        public void Fields_MatchThePinnedCoreLibsGCMemoryInfoData_InOrderAndSize()
        {
            List<(string Name, int Bytes)> coreLib = CoreLibInstanceFields("System", "GCMemoryInfoData");
            FieldInfo[] ours = typeof(GcMemoryInfoLayout).GetFields(BindingFlags.Instance | BindingFlags.Public);
            Assert.Equal(coreLib.Count, ours.Length);
            for (int index = 0; index < ours.Length; index++)
            {
                string expected = coreLib[index].Name.TrimStart('_').Replace("Duration0", "Duration0Ticks").Replace("Duration1", "Duration1Ticks");
                Assert.Equal(expected, ours[index].Name, ignoreCase: true);
                Assert.Equal(coreLib[index].Bytes, System.Runtime.InteropServices.Marshal.SizeOf(ours[index].FieldType));
            }
        }

        [Fact]
        public void From_ReportsTheHeapsStatistics()
        {
            var statistics = new GcStatistics { CollectionCount = 3, LiveBytesAfterLastCollection = 1000, BytesAllocatedSinceCollection = 500, HeapBytes = 4096, LastPauseNanoseconds = 2000 };
            GcMemoryInfoLayout info = GcMemoryInfoLayout.From(statistics, 1 << 20, 2);
            Assert.Equal(1500, info.HeapSizeBytes);
            Assert.Equal(4096, info.TotalCommittedBytes);
            Assert.Equal(3, info.Index);
            Assert.Equal(2, info.FinalizationPendingCount);
            Assert.Equal(20, info.PauseDuration0Ticks);
        }

        private static List<(string, int)> CoreLibInstanceFields(string nameSpace, string name)
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string path = Path.Combine(packages, "microsoft.netcore.app.runtime.nativeaot.linux-x64", "10.0.12",
                "runtimes", "linux-x64", "native", "System.Private.CoreLib.dll");
            using var pe = new PEReader(File.OpenRead(path));
            MetadataReader reader = pe.GetMetadataReader();
            var fields = new List<(string, int)>();
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if (reader.GetString(type.Name) != name || reader.GetString(type.Namespace) != nameSpace)
                    continue;
                Assert.True((type.Attributes & TypeAttributes.SequentialLayout) != 0, "GCMemoryInfoData is sequential");
                foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(fieldHandle);
                    if ((field.Attributes & FieldAttributes.Static) != 0)
                        continue;
                    byte[] signature = reader.GetBlobBytes(field.Signature);
                    int bytes = signature[1] switch
                    {
                        0x0A or 0x0B => 8,                  // long, ulong
                        0x08 or 0x09 => 4,                  // int, uint
                        0x02 or 0x04 or 0x05 => 1,          // bool, sbyte, byte
                        0x11 => ValueTypeBytes(reader, signature),
                        _ => -1,
                    };
                    fields.Add((reader.GetString(field.Name), bytes));
                }
            }
            return fields;
        }

        // GCGenerationInfo is four longs, TimeSpan one: read their instance fields too.
        private static int ValueTypeBytes(MetadataReader reader, byte[] signature)
        {
            EntityHandle handle = MetadataTokens.EntityHandle(DecodeTypeDefOrRef(signature, 2));
            if (handle.Kind != HandleKind.TypeDefinition)
                return -1;
            int bytes = 0;
            foreach (FieldDefinitionHandle fieldHandle in reader.GetTypeDefinition((TypeDefinitionHandle)handle).GetFields())
            {
                FieldDefinition field = reader.GetFieldDefinition(fieldHandle);
                if ((field.Attributes & FieldAttributes.Static) == 0)
                    bytes += reader.GetBlobBytes(field.Signature)[1] is 0x0A or 0x0B ? 8 : 1000;
            }
            return bytes;
        }

        private static int DecodeTypeDefOrRef(byte[] signature, int offset)
        {
            int coded;
            byte first = signature[offset];
            if ((first & 0x80) == 0)
                coded = first;
            else if ((first & 0xC0) == 0x80)
                coded = ((first & 0x3F) << 8) | signature[offset + 1];
            else
                coded = ((first & 0x1F) << 24) | (signature[offset + 1] << 16) | (signature[offset + 2] << 8) | signature[offset + 3];
            int table = coded & 3;
            int row = coded >> 2;
            return table switch
            {
                0 => 0x02000000 | row,      // TypeDef
                1 => 0x01000000 | row,      // TypeRef
                _ => 0x1B000000 | row,      // TypeSpec
            };
        }
    }
}
