// A small fuzz of the archive reader: valid archives mutated many times (bit flips, fields set
// to boundary values, truncation), each placed so that it ends at an inaccessible page. Whatever
// TryOpen accepts must then be fully readable: every path, every byte of every file, every
// lookup. A read outside the input would crash the test run; a wrong acceptance fails here.
using System;
using OSv.Core.Files;
using OSv.Testing;
using Xunit;
using static OSv.Core.Tests.Files.ArchiveFixtures;

namespace OSv.Core.Tests.Files
{
    public unsafe class ImageArchiveFuzzTests
    {
        private const int MutationsPerSeed = 25_000;

        private static readonly ulong[] BoundaryValues =
        {
            0, 1, 15, 16, 31, 32, 0x7F, 0xFF, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x1_0000_0000,
            0x7FFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFF0, 0xFFFF_FFFF_FFFF_FFFF,
        };

        [Theory]
        [InlineData(1ul)]
        [InlineData(2ul)]
        [InlineData(3ul)]
        [InlineData(4ul)]
        public void Mutations_NeverReadOutside_AndAcceptedOnesAreConsistent(ulong seed)
        {
            var random = new SimulationRandom(seed);
            byte[] original = Build(("/a", "x"), ("/bin/lua5.4", new string('L', 300)), ("/lib/libc.so.6", "c"), ("/lib/sub/deep.txt", ""));
            using var buffer = new GuardedBuffer(original.Length);
            int accepted = 0;
            for (int i = 0; i < MutationsPerSeed; i++)
            {
                byte[] mutated = (byte[])original.Clone();
                int length = Mutate(mutated, random);
                byte* start = buffer.Place(mutated.AsSpan(0, length));
                if (ImageArchive.TryOpen(start, length, out ImageArchive opened) != ImageArchiveError.None)
                    continue;
                accepted++;
                ReadEverything(ref opened, start, length);
            }
            Assert.True(accepted > 0, "seed " + seed + ": no mutation left a valid archive (the fuzz would test nothing)");
        }

        // Returns the length to use (the whole array unless truncated).
        private static int Mutate(byte[] archive, SimulationRandom random)
        {
            int length = archive.Length;
            int edits = random.Between(1, 3);
            for (int e = 0; e < edits; e++)
            {
                switch (random.Between(0, 3))
                {
                    case 0:
                        archive[random.Between(0, archive.Length - 1)] ^= (byte)(1 << random.Between(0, 7));
                        break;
                    case 1:
                        int offset32 = random.Between(0, archive.Length - 4) & ~3;
                        PutUInt32(archive, offset32, (uint)BoundaryValues[random.Between(0, BoundaryValues.Length - 1)]);
                        break;
                    case 2:
                        int offset64 = random.Between(0, archive.Length - 8) & ~7;
                        PutUInt64(archive, offset64, BoundaryValues[random.Between(0, BoundaryValues.Length - 1)]);
                        break;
                    default:
                        if (random.Chance(20))
                            length = random.Between(0, length);
                        break;
                }
            }
            return length;
        }

        private static void ReadEverything(ref ImageArchive opened, byte* start, int length)
        {
            Assert.InRange(opened.LengthBytes, ImageArchive.HeaderBytes, length);
            ulong sum = 0;
            for (int i = 0; i < opened.Count; i++)
            {
                ReadOnlySpan<byte> path = opened.PathAt(i);
                Assert.True(ImagePath.IsCanonical(path));
                Assert.Equal(i, ImagePath.IndexOf(ref opened, path));
                Assert.False(ImagePath.IsDirectory(ref opened, path));
                byte* data = opened.DataAt(i);
                long fileLength = opened.LengthAt(i);
                Assert.True(data >= start && data + fileLength <= start + length);
                for (long b = 0; b < fileLength; b++)
                    sum += data[b];
            }
            GC.KeepAlive(sum);
        }
    }
}
