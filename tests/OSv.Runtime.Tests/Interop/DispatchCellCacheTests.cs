using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using OSv.Runtime.Interop;
using Xunit;

namespace OSv.Runtime.Tests.Interop
{
    // DispatchCellCache over a hosted arena: a cell's cache word starts as an interface word and
    // becomes a cache; MethodTables and targets are made-up, distinct, non-zero values.
    public unsafe class DispatchCellCacheTests : IDisposable
    {
        private const nint InterfaceWord = 0x1a8069; // kind 1: the interface MethodTable's address

        // Tests of one class run one at a time, so the chunk list and refusal limit can be static (the
        // arena's page source is a function pointer).
        private static readonly List<IntPtr> s_chunks = new();
        private static int s_chunksRefusedAfter = int.MaxValue;
        private readonly DispatchCacheArena* _arena;

        public DispatchCellCacheTests()
        {
            s_chunks.Clear();
            s_chunksRefusedAfter = int.MaxValue;
            _arena = (DispatchCacheArena*)NativeMemory.AllocZeroed((nuint)sizeof(DispatchCacheArena));
            _arena->TakeZeroedChunk = &TakeZeroedChunk;
        }

        public void Dispose()
        {
            foreach (IntPtr chunk in s_chunks)
                NativeMemory.AlignedFree((void*)chunk);
            NativeMemory.Free(_arena);
        }

        private static byte* TakeZeroedChunk(nuint bytes)
        {
            if (s_chunks.Count >= s_chunksRefusedAfter)
                return null;
            byte* chunk = (byte*)NativeMemory.AlignedAlloc(bytes, 4096);
            NativeMemory.Clear(chunk, bytes);
            s_chunks.Add((IntPtr)chunk);
            return chunk;
        }

        private static nint MethodTable(int type) => 0x10000 + type * 0x40;
        private static nint Target(int type) => 0x7000000 + type * 0x10;

        private byte* CacheOf(nint word)
        {
            Assert.True(DispatchCellCache.IsCache(word));
            return (byte*)word;
        }

        [Fact]
        public void Update_FirstResolution_InstallsAMonomorphicCacheThatKeepsTheOriginalWord()
        {
            nint word = InterfaceWord;
            Assert.True(DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena));
            byte* cache = CacheOf(word);
            Assert.Equal(InterfaceWord, DispatchCellCache.OriginalCacheWord(cache));
            Assert.Equal(1, DispatchCellCache.Capacity(cache));
            Assert.Equal(1, DispatchCellCache.Count(cache));
            Assert.Equal(Target(1), DispatchCellCache.Lookup(cache, MethodTable(1)));
        }

        [Fact]
        public void Cache_IsAlignedAndNeverAVTableOffset()
        {
            nint word = InterfaceWord;
            DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena);
            Assert.Equal(0, word % DispatchCellCache.Alignment);
            Assert.False(DispatchCacheWord.IsVTableOffset(word));
            Assert.Equal(0, DispatchCacheWord.Target((nint)(&word), word, out _)); // not an interface word
        }

        [Fact]
        public void Lookup_UnseenMethodTable_Misses()
        {
            nint word = InterfaceWord;
            DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena);
            Assert.Equal(0, DispatchCellCache.Lookup(CacheOf(word), MethodTable(2)));
        }

        [Fact]
        public void Update_SameMethodTableTwice_KeepsOneEntry()
        {
            nint word = InterfaceWord;
            DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena);
            nint first = word;
            Assert.True(DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena));
            Assert.Equal(first, word);
            Assert.Equal(1, DispatchCellCache.Count(CacheOf(word)));
        }

        [Fact]
        public void Update_SecondType_GrowsToCapacityTwo_AndTheRetiredCacheStillAnswers()
        {
            nint word = InterfaceWord;
            DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena);
            byte* retired = CacheOf(word);
            DispatchCellCache.Update(&word, MethodTable(2), Target(2), _arena);
            byte* grown = CacheOf(word);
            Assert.NotEqual((nint)retired, (nint)grown);
            Assert.Equal(2, DispatchCellCache.Capacity(grown));
            Assert.Equal(Target(1), DispatchCellCache.Lookup(grown, MethodTable(1)));
            Assert.Equal(Target(2), DispatchCellCache.Lookup(grown, MethodTable(2)));
            Assert.Equal(InterfaceWord, DispatchCellCache.OriginalCacheWord(grown));
            Assert.Equal(Target(1), DispatchCellCache.Lookup(retired, MethodTable(1)));
            Assert.Equal(0, DispatchCellCache.Lookup(retired, MethodTable(2)));
        }

        [Fact]
        public void Update_WithRoom_AppendsInPlace()
        {
            nint word = InterfaceWord;
            for (int type = 1; type <= 3; type++)
                DispatchCellCache.Update(&word, MethodTable(type), Target(type), _arena);
            nint capacityFour = word;
            Assert.Equal(4, DispatchCellCache.Capacity(CacheOf(word)));
            DispatchCellCache.Update(&word, MethodTable(4), Target(4), _arena);
            Assert.Equal(capacityFour, word);
            Assert.Equal(4, DispatchCellCache.Count(CacheOf(word)));
            Assert.Equal(Target(4), DispatchCellCache.Lookup(CacheOf(word), MethodTable(4)));
        }

        [Fact]
        public void Update_CapacitiesDoubleUpToEntriesMax()
        {
            nint word = InterfaceWord;
            var capacities = new List<int>();
            for (int type = 1; type <= DispatchCellCache.EntriesMax; type++)
            {
                DispatchCellCache.Update(&word, MethodTable(type), Target(type), _arena);
                int capacity = DispatchCellCache.Capacity(CacheOf(word));
                if (capacities.Count == 0 || capacities[^1] != capacity)
                    capacities.Add(capacity);
            }
            Assert.Equal(new[] { 1, 2, 4, 8, 16 }, capacities);
            for (int type = 1; type <= DispatchCellCache.EntriesMax; type++)
                Assert.Equal(Target(type), DispatchCellCache.Lookup(CacheOf(word), MethodTable(type)));
        }

        [Fact]
        public void Update_BeyondEntriesMax_KeepsTheFullCacheAndTheNewTypeMisses()
        {
            nint word = InterfaceWord;
            for (int type = 1; type <= DispatchCellCache.EntriesMax; type++)
                DispatchCellCache.Update(&word, MethodTable(type), Target(type), _arena);
            nint full = word;
            Assert.False(DispatchCellCache.Update(&word, MethodTable(100), Target(100), _arena));
            Assert.Equal(full, word);
            Assert.Equal(0, DispatchCellCache.Lookup(CacheOf(word), MethodTable(100)));
        }

        [Fact]
        public void Update_WhileAnotherUpdateHoldsTheLock_DoesNotCache()
        {
            nint word = InterfaceWord;
            _arena->UpdateLock = 1;
            Assert.False(DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena));
            Assert.Equal(InterfaceWord, word);
            _arena->UpdateLock = 0;
            Assert.True(DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena));
        }

        [Fact]
        public void Update_ReleasesTheLock()
        {
            nint word = InterfaceWord;
            DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena);
            Assert.Equal(0, _arena->UpdateLock);
        }

        [Fact]
        public void Arena_StopsAtChunkCountMax()
        {
            int allocated = 0;
            while (DispatchCacheArena.Allocate(_arena, DispatchCellCache.BytesFor(DispatchCellCache.EntriesMax)) != null)
                allocated++;
            Assert.Equal(DispatchCacheArena.ChunkCountMax, s_chunks.Count);
            int perChunk = DispatchCacheArena.ChunkBytes / (int)DispatchCellCache.BytesFor(DispatchCellCache.EntriesMax);
            Assert.Equal(DispatchCacheArena.ChunkCountMax * perChunk, allocated);
        }

        [Fact]
        public void Update_ArenaExhausted_LeavesTheCellResolvable()
        {
            s_chunksRefusedAfter = 0;
            nint word = InterfaceWord;
            Assert.False(DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena));
            Assert.Equal(InterfaceWord, word);
        }

        [Fact]
        public void Update_ArenaExhaustedWhileGrowing_KeepsTheOldCache()
        {
            s_chunksRefusedAfter = 1;
            nint word = InterfaceWord;
            // Fill the only chunk with other cells' caches, then grow this cell.
            DispatchCellCache.Update(&word, MethodTable(1), Target(1), _arena);
            nint monomorphic = word;
            while (DispatchCacheArena.Allocate(_arena, 16) != null) { }
            Assert.False(DispatchCellCache.Update(&word, MethodTable(2), Target(2), _arena));
            Assert.Equal(monomorphic, word);
            Assert.Equal(Target(1), DispatchCellCache.Lookup(CacheOf(word), MethodTable(1)));
        }

        [Fact]
        public void BytesFor_CountsTheTerminatorEntry()
        {
            Assert.Equal((nuint)(DispatchCellCache.HeaderBytes + 2 * DispatchCellCache.EntryBytes), DispatchCellCache.BytesFor(1));
            Assert.True(DispatchCellCache.BytesFor(DispatchCellCache.EntriesMax) <= DispatchCacheArena.ChunkBytes);
        }

        // Two readers look every type up through the cell's current word while a writer adds types
        // one by one (growing through every capacity). A reader may miss a type not yet added, but
        // must never get a wrong target, and must hit every type the writer has finished adding.
        [Fact]
        public void ConcurrentReaders_WithAWriter_SeeOnlyCorrectTargets()
        {
            const int Cells = 64;
            nint* words = (nint*)NativeMemory.Alloc((nuint)(Cells * sizeof(nint)));
            try
            {
                for (int c = 0; c < Cells; c++)
                    words[c] = InterfaceWord;
                int typesAdded = 0; // types 1..typesAdded are in every cell
                int wrongTargets = 0, lateMisses = 0;
                bool writerDone = false;
                nint* shared = words;
                DispatchCacheArena* arena = _arena;

                void Read()
                {
                    while (!Volatile.Read(ref writerDone))
                    {
                        for (int c = 0; c < Cells; c++)
                        {
                            int added = Volatile.Read(ref typesAdded);
                            nint word = Volatile.Read(ref shared[c]);
                            if (!DispatchCellCache.IsCache(word))
                            {
                                if (added > 0)
                                    Interlocked.Increment(ref lateMisses);
                                continue;
                            }
                            for (int type = 1; type <= DispatchCellCache.EntriesMax; type++)
                            {
                                nint target = DispatchCellCache.Lookup((byte*)word, MethodTable(type));
                                if (target != 0 && target != Target(type))
                                    Interlocked.Increment(ref wrongTargets);
                                if (target == 0 && type <= added)
                                    Interlocked.Increment(ref lateMisses);
                            }
                        }
                    }
                }

                var readers = new[] { new Thread(Read), new Thread(Read) };
                foreach (Thread reader in readers)
                    reader.Start();
                for (int type = 1; type <= DispatchCellCache.EntriesMax; type++)
                {
                    for (int c = 0; c < Cells; c++)
                        Assert.True(DispatchCellCache.Update(&shared[c], MethodTable(type), Target(type), arena));
                    Volatile.Write(ref typesAdded, type);
                    Thread.Sleep(1);
                }
                Volatile.Write(ref writerDone, true);
                foreach (Thread reader in readers)
                    reader.Join();
                Assert.Equal(0, wrongTargets);
                Assert.Equal(0, lateMisses);
            }
            finally
            {
                NativeMemory.Free(words);
            }
        }
    }
}
