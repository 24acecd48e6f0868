using System.Collections.Generic;
using System.Threading.Tasks;
using OSv.Runtime.Native.Pal;
using Xunit;

namespace OSv.Runtime.Native.Tests.Pal
{
    public unsafe class SplitMix64Tests
    {
        // The reference sequence of SplitMix64 from state 0.
        [Fact]
        public void FromZero_ReferenceSequence()
        {
            ulong state = 0;
            Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Next(ref state));
            Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.Next(ref state));
            Assert.Equal(0x06C45D188009454FUL, SplitMix64.Next(ref state));
        }

        [Fact]
        public void Fill_OddLength_LittleEndianWordsThenTail()
        {
            ulong state = 0;
            byte* bytes = stackalloc byte[11];
            bytes[10] = 0xEE;
            SplitMix64.Fill(ref state, bytes, 10);
            Assert.Equal(0xAF, bytes[0]);
            Assert.Equal(0xE2, bytes[7]);
            Assert.Equal(0xF4, bytes[8]);
            Assert.Equal(0x65, bytes[9]);
            Assert.Equal(0xEE, bytes[10]); // untouched past the requested length
            Assert.Equal(unchecked(2 * SplitMix64.Gamma), state);
        }

        [Fact]
        public void ConcurrentCallers_NeverShareAValue()
        {
            ulong state = 12345;
            var seen = new HashSet<ulong>[4];
            Parallel.For(0, seen.Length, worker =>
            {
                seen[worker] = new HashSet<ulong>();
                for (int i = 0; i < 2000; i++)
                    seen[worker].Add(SplitMix64.Next(ref state));
            });
            var all = new HashSet<ulong>();
            foreach (HashSet<ulong> values in seen)
                all.UnionWith(values);
            Assert.Equal(8000, all.Count);
        }
    }
}
