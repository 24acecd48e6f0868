using System.Threading;
using OSv.Net.Channels;
using OSv.Net.Tcp;
using OSv.Net.Tests.Simulation;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Channels
{
    public class FlowTableTests
    {
        private const uint Secret = 0x5EC2E7;
        private static readonly SimulatedFrameDevice Device = new SimulatedFrameDevice(TestFrames.LocalMac, buffers: 1);

        private static FlowKey Key(int index) =>
            new FlowKey(TestFrames.Local, (ushort)(1000 + index % 50000), new Ipv4Address((uint)(0x0A000000 + index / 50000)), (ushort)(40000 + index % 7));

        private static NetChannel Channel(in FlowKey flow)
        {
            var channel = new NetChannel(Device);
            channel.Bind(flow, null);
            return channel;
        }

        // Flows whose home slot is the same: a collision run to exercise probing and deletion.
        private static FlowKey[] CollidingKeys(int count)
        {
            var keys = new FlowKey[count];
            int found = 0;
            uint home = Key(0).Hash(Secret) & (NetLimits.FlowTableSlots - 1);
            for (int i = 0; found < count; i++)
            {
                FlowKey key = Key(i);
                if ((key.Hash(Secret) & (NetLimits.FlowTableSlots - 1)) == home)
                    keys[found++] = key;
            }
            return keys;
        }

        [Fact]
        public void Empty_TryFind_NotFound()
        {
            var table = new FlowTable(Secret);
            Assert.False(table.TryFind(Key(1), out NetChannel? channel));
            Assert.Null(channel);
        }

        [Fact]
        public void Added_TryFind_ReturnsThatChannel()
        {
            var table = new FlowTable(Secret);
            NetChannel channel = Channel(Key(1));
            Assert.Equal(FlowTableAddResult.Added, table.Add(channel));
            Assert.True(table.TryFind(Key(1), out NetChannel? found));
            Assert.Same(channel, found);
            Assert.True(channel.InTable);
            Assert.Equal(1, table.Count);
        }

        [Fact]
        public void Added_TryFindOtherFlow_NotFound()
        {
            var table = new FlowTable(Secret);
            table.Add(Channel(Key(1)));
            Assert.False(table.TryFind(Key(2), out _));
        }

        [Fact]
        public void SameFlowTwice_Add_Duplicate()
        {
            var table = new FlowTable(Secret);
            table.Add(Channel(Key(1)));
            Assert.Equal(FlowTableAddResult.Duplicate, table.Add(Channel(Key(1))));
            Assert.Equal(1, table.Count);
        }

        [Fact]
        public void SameChannelTwice_Add_AlreadyInTable()
        {
            var table = new FlowTable(Secret);
            NetChannel channel = Channel(Key(1));
            table.Add(channel);
            Assert.Equal(FlowTableAddResult.AlreadyInTable, new FlowTable(Secret + 1).Add(channel));
        }

        [Fact]
        public void Removed_TryFind_NotFoundAndChannelReleased()
        {
            var table = new FlowTable(Secret);
            NetChannel channel = Channel(Key(1));
            table.Add(channel);
            Assert.Same(channel, table.Remove(Key(1)));
            Assert.False(table.TryFind(Key(1), out _));
            Assert.False(channel.InTable);
            Assert.Equal(0, table.Count);
        }

        [Fact]
        public void Absent_Remove_ReturnsNull() =>
            Assert.Null(new FlowTable(Secret).Remove(Key(1)));

        [Fact]
        public void Full_Add_RefusedAndEveryEntryStillFound()
        {
            var table = new FlowTable(Secret);
            for (int i = 0; i < NetLimits.FlowTableEntriesMax; i++)
                Assert.Equal(FlowTableAddResult.Added, table.Add(Channel(Key(i))));
            Assert.Equal(FlowTableAddResult.Full, table.Add(Channel(Key(NetLimits.FlowTableEntriesMax))));
            for (int i = 0; i < NetLimits.FlowTableEntriesMax; i++)
            {
                Assert.True(table.TryFind(Key(i), out NetChannel? found));
                Assert.True(found!.Flow.Equals(Key(i)));
            }
        }

        [Fact]
        public void Collisions_AllInOneRun_EachFound()
        {
            var table = new FlowTable(Secret);
            FlowKey[] keys = CollidingKeys(8);
            foreach (FlowKey key in keys)
                table.Add(Channel(key));
            foreach (FlowKey key in keys)
            {
                Assert.True(table.TryFind(key, out NetChannel? found));
                Assert.True(found!.Flow.Equals(key));
            }
        }

        // Backward-shift deletion: removing the head and the middle of a collision run must leave
        // every later member reachable (a plain "set null" would cut the run).
        [Fact]
        public void Collisions_RemoveHeadAndMiddle_RestStillFound()
        {
            var table = new FlowTable(Secret);
            FlowKey[] keys = CollidingKeys(6);
            foreach (FlowKey key in keys)
                table.Add(Channel(key));
            Assert.NotNull(table.Remove(keys[0]));
            Assert.NotNull(table.Remove(keys[3]));
            for (int i = 0; i < keys.Length; i++)
                Assert.Equal(i != 0 && i != 3, table.TryFind(keys[i], out _));
            Assert.Equal(4, table.Count);
        }

        // Random churn against a model: after every step, every key's presence matches.
        [Fact]
        public void Churn_RandomAddRemove_MatchesModel()
        {
            var table = new FlowTable(Secret);
            const int Keys = 3000;
            var present = new bool[Keys];
            var random = new OSv.Testing.SimulationRandom(OSv.Testing.SimulationSeedBase.Default);
            int count = 0;
            for (int step = 0; step < 20_000; step++)
            {
                int index = random.Between(0, Keys - 1);
                if (present[index])
                {
                    Assert.NotNull(table.Remove(Key(index)));
                    present[index] = false;
                    count--;
                }
                else
                {
                    FlowTableAddResult result = table.Add(Channel(Key(index)));
                    bool room = count < NetLimits.FlowTableEntriesMax;
                    Assert.Equal(room ? FlowTableAddResult.Added : FlowTableAddResult.Full, result);
                    if (room)
                    {
                        present[index] = true;
                        count++;
                    }
                }
                if (step % 500 == 0)
                    for (int i = 0; i < Keys; i++)
                        Assert.Equal(present[i], table.TryFind(Key(i), out _));
            }
            Assert.Equal(count, table.Count);
        }

        // A writer churns a colliding run while a reader looks keys up without a lock: a hit
        // must always be the channel of the key asked for; a key that is never removed is found
        // in some lookups (the rest met a writer FlowTableReadAttemptsMax times and gave up,
        // which is harmless: this writer never pauses, unlike the stack's).
        [Fact]
        public void ConcurrentReaderWhileWriter_NeverWrongChannel()
        {
            var table = new FlowTable(Secret);
            FlowKey[] keys = CollidingKeys(16);
            var channels = new NetChannel[keys.Length];
            for (int i = 0; i < keys.Length; i++)
                channels[i] = Channel(keys[i]);
            table.Add(channels[0]); // the stable key, at the head of the run
            bool stop = false;
            var writer = new Thread(() =>
            {
                int round = 0;
                while (!Volatile.Read(ref stop))
                {
                    for (int i = 1; i < keys.Length; i++)
                        table.Add(channels[i]);
                    for (int i = 1; i < keys.Length; i++)
                        table.Remove(keys[(i * 7 + round) % (keys.Length - 1) + 1]);
                    round++;
                }
            });
            writer.Start();
            int wrong = 0;
            long stableFound = 0;
            const int Lookups = 2_000_000;
            for (int n = 0; n < Lookups; n++)
            {
                int index = n % keys.Length;
                if (table.TryFind(keys[index], out NetChannel? found))
                {
                    if (!ReferenceEquals(found, channels[index]))
                        wrong++;
                    if (index == 0)
                        stableFound++;
                }
            }
            Volatile.Write(ref stop, true);
            Assert.True(writer.Join(30_000));
            Assert.Equal(0, wrong);
            Assert.True(stableFound > 0);
            Assert.True(table.ReadRetries > 0, "the reader never met the writer: the test tested nothing");
        }
    }
}
