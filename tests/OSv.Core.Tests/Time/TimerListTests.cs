// One behaviour per test for the timer list (TimerList.cs), then a seeded randomized run against
// a reference model (a plain list sorted by deadline, then arming order).
using System;
using System.Collections.Generic;
using OSv.Core.Tests.Sched;
using OSv.Core.Time;
using Xunit;
using Xunit.Abstractions;
using OSv.Testing;

namespace OSv.Core.Tests.Time
{
    public class TimerListTests
    {
        private readonly ITestOutputHelper _output;

        public TimerListTests(ITestOutputHelper output)
        {
            _output = output;
        }

        // Records the order in which timers fire.
        private sealed class RecordingTimer : Timer
        {
            private readonly List<RecordingTimer> _fired;

            public RecordingTimer(int id, List<RecordingTimer> fired)
            {
                Id = id;
                _fired = fired;
            }

            public int Id { get; }
            public Action<long>? AlsoOnExpiry;

            protected override void OnExpired(long nowNs)
            {
                _fired.Add(this);
                AlsoOnExpiry?.Invoke(nowNs);
            }

            public override string ToString() => "timer " + Id;
        }

        private static RecordingTimer[] Timers(int count, List<RecordingTimer> fired)
        {
            var timers = new RecordingTimer[count];
            for (int id = 0; id < count; id++)
                timers[id] = new RecordingTimer(id, fired);
            return timers;
        }

        private static int[] Ids(List<RecordingTimer> fired)
        {
            var ids = new int[fired.Count];
            for (int index = 0; index < ids.Length; index++)
                ids[index] = fired[index].Id;
            return ids;
        }

        [Fact]
        public void Expire_AddedOutOfOrder_FiresInDeadlineOrder()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer[] timers = Timers(5, fired);
            var list = new TimerList(8);
            long[] deadlines = { 50, 10, 40, 20, 30 };
            for (int id = 0; id < timers.Length; id++)
                list.Add(timers[id], deadlines[id]);
            Assert.Equal(5, list.Expire(100));
            Assert.Equal(new[] { 1, 3, 4, 2, 0 }, Ids(fired));
        }

        [Fact]
        public void Expire_EqualDeadlines_FiresInArmingOrder()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer[] timers = Timers(6, fired);
            var list = new TimerList(8);
            foreach (int id in new[] { 3, 0, 5, 1, 4, 2 })
                list.Add(timers[id], 70);
            list.Expire(70);
            Assert.Equal(new[] { 3, 0, 5, 1, 4, 2 }, Ids(fired));
        }

        [Fact]
        public void Expire_SomeDue_FiresExactlyThoseAtOrBeforeNow()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer[] timers = Timers(4, fired);
            var list = new TimerList(8);
            list.Add(timers[0], 99);
            list.Add(timers[1], 100);
            list.Add(timers[2], 101);
            list.Add(timers[3], 200);
            Assert.Equal(2, list.Expire(100));
            Assert.Equal(new[] { 0, 1 }, Ids(fired));
            Assert.True(timers[1].HasExpired);
            Assert.True(timers[2].IsArmed);
            Assert.Equal(101, list.NextDeadlineNs);
        }

        [Fact]
        public void Remove_BeforeExpiry_NeverFires()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer[] timers = Timers(3, fired);
            var list = new TimerList(4);
            list.Add(timers[0], 10);
            list.Add(timers[1], 20);
            list.Add(timers[2], 30);
            Assert.True(list.Remove(timers[0]));
            Assert.Equal(TimerState.Idle, timers[0].CurrentState);
            Assert.Equal(20, list.NextDeadlineNs);
            list.Expire(1000);
            Assert.Equal(new[] { 1, 2 }, Ids(fired));
        }

        [Fact]
        public void Remove_IdleOrExpiredTimer_ReturnsFalseAndChangesNothing()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer[] timers = Timers(2, fired);
            var list = new TimerList(4);
            Assert.False(list.Remove(timers[0]));
            list.Add(timers[1], 5);
            list.Expire(5);
            Assert.False(list.Remove(timers[1]));
            Assert.True(timers[1].HasExpired);
        }

        [Fact]
        public void NextDeadlineNs_Empty_IsMaxValue()
        {
            Assert.Equal(long.MaxValue, new TimerList(4).NextDeadlineNs);
        }

        [Fact]
        public void Add_ListFull_ReturnsFalseCountsAndLeavesTimerIdle()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer[] timers = Timers(3, fired);
            var list = new TimerList(2);
            Assert.True(list.Add(timers[0], 10));
            Assert.True(list.Add(timers[1], 20));
            Assert.False(list.Add(timers[2], 5));
            Assert.Equal(1, list.RejectedCount);
            Assert.Equal(2, list.Count);
            Assert.Equal(TimerState.Idle, timers[2].CurrentState);
            Assert.Equal(10, list.NextDeadlineNs);
        }

        [Fact]
        public void Add_AlreadyArmed_FailsInvariant()
        {
            var list = new TimerList(4);
            var timer = new Timer();
            list.Add(timer, 10);
            Assert.Throws<InvalidOperationException>(() => list.Add(timer, 20));
        }

        [Fact]
        public void Add_AfterExpiry_ArmsAgain()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer timer = Timers(1, fired)[0];
            var list = new TimerList(4);
            list.Add(timer, 10);
            list.Expire(10);
            Assert.True(list.Add(timer, 30));
            Assert.True(timer.IsArmed);
            list.Expire(30);
            Assert.Equal(2, fired.Count);
        }

        [Fact]
        public void Expire_CallbackRearmsInThePast_StopsAfterTheTimersPendingAtEntry()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer[] timers = Timers(2, fired);
            var list = new TimerList(4);
            foreach (RecordingTimer timer in timers)
            {
                RecordingTimer self = timer;
                self.AlsoOnExpiry = nowNs => list.Add(self, nowNs - 1);
                list.Add(self, 10);
            }
            Assert.Equal(2, list.Expire(10));
            Assert.True(list.NextDeadlineNs <= 10);
            list.CheckInvariants();
        }

        [Fact]
        public void TryPopExpired_DueTimer_MarksExpiredWithoutCallingIt()
        {
            var fired = new List<RecordingTimer>();
            RecordingTimer timer = Timers(1, fired)[0];
            var list = new TimerList(4);
            list.Add(timer, 10);
            Assert.False(list.TryPopExpired(9, out Timer? early));
            Assert.Null(early);
            Assert.True(list.TryPopExpired(10, out Timer? due));
            Assert.Same(timer, due);
            Assert.True(timer.HasExpired);
            Assert.Empty(fired);
        }

        [Fact]
        public void Operations_AfterConstruction_AllocateNothing()
        {
            var list = new TimerList(64);
            var timers = new Timer[32];
            for (int index = 0; index < timers.Length; index++)
                timers[index] = new Timer();
            RoundTrip(list, timers, 0);
            // Each round leaves the list empty; time moves on from window to window.
            long nowNs = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int round = 0; round < 100; round++)
                {
                    nowNs += 1000;
                    RoundTrip(list, timers, nowNs);
                }
            });
            Assert.Equal(0, allocated);
            Assert.Equal(0, list.Count);
            Assert.Equal(100 * (1 + AllocationMeter.Windows) * 1000, nowNs);
        }

        private static void RoundTrip(TimerList list, Timer[] timers, long nowNs)
        {
            for (int index = 0; index < timers.Length; index++)
                list.Add(timers[index], nowNs + (index * 7919) % 500);
            for (int index = 0; index < timers.Length; index += 3)
                list.Remove(timers[index]);
            list.Expire(nowNs + 500);
        }

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void RandomOperations_AgainstReferenceModel_FireTheSameTimersInTheSameOrder(ulong seed)
        {
            _output.WriteLine("seed " + seed);
            var random = new SimulationRandom(seed);
            var fired = new List<RecordingTimer>();
            RecordingTimer[] timers = Timers(random.Between(1, 48), fired);
            int capacity = random.Between(1, 32);
            var list = new TimerList(capacity);
            var model = new List<(long Deadline, long Sequence, RecordingTimer Timer)>();
            long sequence = 0;
            long rejected = 0;
            long nowNs = random.Between(0, 1_000_000);
            for (int step = 0; step < 2000; step++)
            {
                RecordingTimer timer = timers[random.Between(0, timers.Length - 1)];
                switch (random.Between(0, 9))
                {
                    case <= 4:
                        if (timer.IsArmed)
                            break;
                        // Few distinct deadlines, so that ties are common.
                        long deadline = nowNs + random.Between(-2, 12) * 1000;
                        bool added = list.Add(timer, deadline);
                        Assert.Equal(model.Count < capacity, added);
                        if (added)
                            model.Add((deadline, sequence++, timer));
                        else
                            rejected++;
                        break;
                    case <= 6:
                        int index = model.FindIndex(entry => entry.Timer == timer);
                        Assert.Equal(index >= 0, list.Remove(timer));
                        if (index >= 0)
                            model.RemoveAt(index);
                        break;
                    default:
                        nowNs += random.Between(0, 4) * 1000;
                        ExpireBoth(list, model, fired, nowNs);
                        break;
                }
                list.CheckInvariants();
                Assert.Equal(model.Count, list.Count);
                Assert.Equal(rejected, list.RejectedCount);
                Assert.Equal(model.Count == 0 ? long.MaxValue : MinimumDeadline(model), list.NextDeadlineNs);
            }
        }

        private static void ExpireBoth(TimerList list, List<(long Deadline, long Sequence, RecordingTimer Timer)> model, List<RecordingTimer> fired, long nowNs)
        {
            model.Sort((a, b) => a.Deadline != b.Deadline ? a.Deadline.CompareTo(b.Deadline) : a.Sequence.CompareTo(b.Sequence));
            var expected = new List<int>();
            while (model.Count > 0 && model[0].Deadline <= nowNs)
            {
                expected.Add(model[0].Timer.Id);
                model.RemoveAt(0);
            }
            fired.Clear();
            Assert.Equal(expected.Count, list.Expire(nowNs));
            Assert.Equal(expected.ToArray(), Ids(fired));
            foreach (RecordingTimer timer in fired)
                Assert.True(timer.HasExpired);
        }

        private static long MinimumDeadline(List<(long Deadline, long Sequence, RecordingTimer Timer)> model)
        {
            long minimum = long.MaxValue;
            foreach (var entry in model)
                minimum = Math.Min(minimum, entry.Deadline);
            return minimum;
        }
    }
}
