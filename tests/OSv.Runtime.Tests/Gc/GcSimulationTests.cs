// Deterministic simulation of the collector: random object graphs, random precise roots,
// conservative words (interior pointers and junk inside the heap's address range), random
// handles of every kind, finalization registrations, suppressions, re-registrations and
// resurrections, and a random small mark stack. A managed mirror computes what .NET's rules
// keep; after each collection every object the mirror keeps must be allocated with its payload
// and references intact, every other must be freed, handles cleared exactly as the rules say,
// the finalization queue must hold exactly the newly unreachable registered objects, and the
// live byte count must equal the surviving cells. The seed is printed first; OSV_SIM_SEED
// replays one.
using System.Collections.Generic;
using System.Linq;
using OSv.Runtime.Gc;
using OSv.Runtime.Gc.Handles;
using OSv.Testing;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class GcSimulationTests
    {
        private const int Rounds = 25;
        private readonly ITestOutputHelper _output;

        public GcSimulationTests(ITestOutputHelper output) => _output = output;

        private sealed class SimObject
        {
            public nuint Address;
            public ulong Seed;
            public nuint[] References = System.Array.Empty<nuint>();
            public int CellBytes;
            public bool Registered;
        }

        private sealed class SimHandle
        {
            public nint Handle;
            public GcHandleKind Kind;
            public nuint Target;
            public nuint Secondary;
        }

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void RandomGraphsRootsAndHandles_EveryCollection_KeepsExactlyWhatTheRulesKeep(ulong seed)
        {
            _output.WriteLine($"seed {seed}");
            var random = new SimulationRandom(seed);
            var options = TestHeap.SmallOptions(heapBytesMax: 32 << 20, markStackEntries: random.Between(2, 64));
            options.HandlesMax = 256;
            options.FinalizationReadyMax = 4096;
            using var test = new TestHeap(options);
            var objects = new Dictionary<nuint, SimObject>();
            var handles = new List<SimHandle>();
            var queued = new List<nuint>();
            var resurrected = new List<nuint>();
            var freedAddresses = new HashSet<nuint>();
            int reused = 0;

            for (int round = 0; round < Rounds; round++)
            {
                reused += AllocateObjects(test, random, objects, freedAddresses);
                MutateReferences(test, random, objects);
                ChooseRoots(test, random, objects, resurrected);
                ChangeHandles(test, random, objects, handles);
                ChangeRegistrations(test, random, objects);

                Expectation expected = Expect(test, objects, handles, queued);
                test.Collect();
                Check(test, objects, handles, expected, round);

                queued.AddRange(expected.NewlyQueued);
                resurrected.Clear();
                if (random.Chance(70))
                {
                    List<nuint> drained = test.DrainFinalizable();
                    Assert.Equal(queued.OrderBy(a => a), drained.OrderBy(a => a));
                    queued.Clear();
                    foreach (nuint obj in drained)
                        if (random.Chance(30))
                            resurrected.Add(obj);
                }
                foreach (nuint dead in expected.Dead)
                {
                    objects.Remove(dead);
                    freedAddresses.Add(dead);
                }
            }
            Assert.True(reused > 0, "no freed cell was ever reused");
        }

        private static int AllocateObjects(TestHeap test, SimulationRandom random, Dictionary<nuint, SimObject> objects, HashSet<nuint> freed)
        {
            int reused = 0;
            int count = random.Between(50, 300);
            for (int index = 0; index < count; index++)
            {
                int referenceCount = random.Between(0, 4);
                int payload = random.Chance(2) ? random.Between(4100, 12000) : random.Between(0, 300);
                ulong payloadSeed = random.NextUInt64();
                byte* obj = test.Allocate(referenceCount, payload, payloadSeed);
                nuint bytes = FakeObjectModel.BytesFor(referenceCount, payload);
                int cellBytes = bytes <= GcLimits.SmallObjectBytesMax ? SizeClasses.CellBytes(SizeClasses.ClassOf(bytes)) : (int)bytes;
                var simulated = new SimObject { Address = (nuint)obj, Seed = payloadSeed, References = new nuint[referenceCount], CellBytes = cellBytes };
                Assert.False(objects.ContainsKey((nuint)obj), "a live object's cell was handed out again");
                objects.Add((nuint)obj, simulated);
                if (freed.Remove((nuint)obj))
                    reused++;
                if (random.Chance(10))
                {
                    test.Heap->RegisterForFinalization(obj);
                    simulated.Registered = true;
                }
            }
            return reused;
        }

        private static void MutateReferences(TestHeap test, SimulationRandom random, Dictionary<nuint, SimObject> objects)
        {
            SimObject[] all = objects.Values.ToArray();
            int writes = random.Between(0, all.Length);
            for (int index = 0; index < writes; index++)
            {
                SimObject from = random.Pick(all);
                if (from.References.Length == 0)
                    continue;
                int slot = random.Between(0, from.References.Length - 1);
                nuint to = random.Chance(15) ? 0 : random.Pick(all).Address;
                from.References[slot] = to;
                test.Link((byte*)from.Address, slot, (byte*)to);
            }
        }

        private static void ChooseRoots(TestHeap test, SimulationRandom random, Dictionary<nuint, SimObject> objects, List<nuint> resurrected)
        {
            test.ClearRoots();
            SimObject[] all = objects.Values.ToArray();
            foreach (nuint obj in resurrected)
                test.AddPrecise((byte*)obj);
            int precise = random.Between(0, 12);
            for (int index = 0; index < precise; index++)
                test.AddPrecise((byte*)random.Pick(all).Address);
            int interior = random.Between(0, 8);
            for (int index = 0; index < interior; index++)
            {
                SimObject obj = random.Pick(all);
                test.AddStackWord(obj.Address - GcLimits.ObjectHeaderBytes + (nuint)random.Between(0, obj.CellBytes - 1));
            }
            nuint low = all.Min(o => o.Address);
            nuint high = all.Max(o => o.Address);
            int junk = random.Between(0, 20);
            for (int index = 0; index < junk; index++)
                test.AddStackWord(random.Chance(50) ? low + (nuint)random.Between(0, (long)(high - low)) : (nuint)random.NextUInt64());
        }

        private static void ChangeHandles(TestHeap test, SimulationRandom random, Dictionary<nuint, SimObject> objects, List<SimHandle> handles)
        {
            SimObject[] all = objects.Values.ToArray();
            for (int index = handles.Count - 1; index >= 0; index--)
            {
                if (random.Chance(20))
                {
                    test.Heap->FreeHandle(handles[index].Handle);
                    handles.RemoveAt(index);
                }
            }
            var kinds = new[] { GcHandleKind.WeakShort, GcHandleKind.WeakLong, GcHandleKind.Strong, GcHandleKind.Pinned, GcHandleKind.Dependent };
            int added = random.Between(0, 10);
            for (int index = 0; index < added && handles.Count < 200; index++)
            {
                var handle = new SimHandle
                {
                    Kind = random.Pick(kinds),
                    Target = random.Chance(10) ? 0 : random.Pick(all).Address,
                };
                if (handle.Kind == GcHandleKind.Dependent)
                    handle.Secondary = random.Pick(all).Address;
                handle.Handle = test.Heap->AllocateHandle(handle.Target, handle.Kind, handle.Secondary);
                Assert.NotEqual((nint)0, handle.Handle);
                handles.Add(handle);
            }
        }

        private static void ChangeRegistrations(TestHeap test, SimulationRandom random, Dictionary<nuint, SimObject> objects)
        {
            foreach (SimObject obj in objects.Values)
            {
                if (obj.Registered && random.Chance(5))
                {
                    test.Heap->SuppressFinalize((byte*)obj.Address);
                    obj.Registered = false;
                }
                else if (!obj.Registered && random.Chance(1))
                {
                    test.Heap->RegisterForFinalization((byte*)obj.Address);
                    obj.Registered = true;
                }
            }
        }

        private sealed class Expectation
        {
            public HashSet<nuint> Strong = new();
            public HashSet<nuint> Live = new();
            public List<nuint> NewlyQueued = new();
            public List<nuint> Dead = new();
        }

        private static Expectation Expect(TestHeap test, Dictionary<nuint, SimObject> objects, List<SimHandle> handles, List<nuint> queued)
        {
            var expected = new Expectation();
            var roots = new List<nuint>();
            for (int index = 0; index < test.Roots.PreciseCount; index++)
                roots.Add(test.Roots.Precise[index]);
            for (int index = 0; index < test.Roots.StackWords; index++)
            {
                nuint word = test.Roots.Stack[index];
                foreach (SimObject obj in objects.Values)
                    if (word >= obj.Address - GcLimits.ObjectHeaderBytes && word < obj.Address - GcLimits.ObjectHeaderBytes + (nuint)obj.CellBytes)
                        roots.Add(obj.Address);
            }
            foreach (SimHandle handle in handles)
                if (handle.Kind is GcHandleKind.Strong or GcHandleKind.Pinned)
                    roots.Add(handle.Target);
            roots.AddRange(queued);
            Close(expected.Strong, roots, objects, handles);

            foreach (SimObject obj in objects.Values.OrderBy(o => o.Address))
                if (obj.Registered && !expected.Strong.Contains(obj.Address))
                    expected.NewlyQueued.Add(obj.Address);
            expected.Live.UnionWith(expected.Strong);
            Close(expected.Live, expected.NewlyQueued, objects, handles);
            foreach (nuint address in objects.Keys)
                if (!expected.Live.Contains(address))
                    expected.Dead.Add(address);
            return expected;
        }

        // Adds to marked everything reachable from roots, dependent handles to a fixed point.
        private static void Close(HashSet<nuint> marked, IEnumerable<nuint> roots, Dictionary<nuint, SimObject> objects, List<SimHandle> handles)
        {
            var pending = new Stack<nuint>(roots.Where(r => r != 0));
            while (true)
            {
                while (pending.Count > 0)
                {
                    nuint address = pending.Pop();
                    if (!marked.Add(address))
                        continue;
                    foreach (nuint reference in objects[address].References)
                        if (reference != 0)
                            pending.Push(reference);
                }
                foreach (SimHandle handle in handles)
                    if (handle.Kind == GcHandleKind.Dependent && handle.Target != 0 && handle.Secondary != 0
                        && marked.Contains(handle.Target) && !marked.Contains(handle.Secondary))
                        pending.Push(handle.Secondary);
                if (pending.Count == 0)
                    return;
            }
        }

        private static void Check(TestHeap test, Dictionary<nuint, SimObject> objects, List<SimHandle> handles, Expectation expected, int round)
        {
            long liveBytes = 0;
            foreach (nuint address in expected.Live)
            {
                SimObject obj = objects[address];
                Assert.True(test.IsAllocated((byte*)address), $"round {round}: live object freed");
                Assert.True(TestHeap.PayloadIntact((byte*)address, obj.Seed), $"round {round}: live payload corrupted");
                for (int slot = 0; slot < obj.References.Length; slot++)
                    Assert.Equal(obj.References[slot], (nuint)test.Target((byte*)address, slot));
                liveBytes += obj.CellBytes;
            }
            foreach (nuint address in expected.Dead)
                Assert.False(test.IsAllocated((byte*)address), $"round {round}: dead object kept");
            Assert.Equal(liveBytes, test.Statistics.LiveBytesAfterLastCollection);
            foreach (nuint address in expected.NewlyQueued)
            {
                Assert.False(test.Heap->IsRegisteredForFinalization((byte*)address));
                objects[address].Registered = false;
            }
            foreach (SimHandle handle in handles)
                CheckHandle(handle, expected, round);
        }

        private static void CheckHandle(SimHandle handle, Expectation expected, int round)
        {
            bool cleared = handle.Kind switch
            {
                GcHandleKind.WeakShort => handle.Target != 0 && !expected.Strong.Contains(handle.Target),
                GcHandleKind.WeakLong or GcHandleKind.Dependent => handle.Target != 0 && !expected.Live.Contains(handle.Target),
                _ => false,
            };
            if (cleared)
            {
                handle.Target = 0;
                handle.Secondary = 0;
            }
            Assert.True(handle.Target == HandleTable.GetTarget(handle.Handle), $"round {round}: {handle.Kind} handle target");
            if (handle.Kind == GcHandleKind.Dependent)
                Assert.True(handle.Secondary == HandleTable.GetSecondary(handle.Handle), $"round {round}: dependent secondary");
        }
    }
}
