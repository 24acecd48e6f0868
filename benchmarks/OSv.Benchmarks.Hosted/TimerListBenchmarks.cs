// OSv.Core.Time.TimerList: arming and cancelling a timer, and arming and firing a due one, in a
// list already holding N armed timers (16: a typical CPU; 1024: a deep heap, 10 levels).
//
// Time is synthetic: one field, advanced by StepNs per operation (no clock reads). Each benchmark
// runs OperationsPerInvoke operations in a loop, so the figure is the time of one operation.
//
// The N armed timers are due a day or more after the start, far beyond any run's synthetic time,
// so none of them expires and the timer under test is always the earliest: Add sifts it up to
// the root, and Remove or Expire takes it from there and sifts the last leaf down, the full
// depth both ways.
//   - AddRemove: Add for now + TimeoutNs, then Remove (a wait that ends before its timeout).
//   - AddExpire: Add for now, then Expire(now), which fires that one timer.
using BenchmarkDotNet.Attributes;
using OSv.Core.Diagnostics;
using OSv.Core.Time;

namespace OSv.Benchmarks.Hosted
{
    [MemoryDiagnoser]
    public class TimerListBenchmarks
    {
        private const int OperationsPerInvoke = 1_000;
        private const long StepNs = 1_000;
        private const long StartNs = 1_000_000_000;
        private const long TimeoutNs = 1_000_000;
        private const long ArmedFirstDeadlineNs = StartNs + 86_400_000_000_000;
        private const long ArmedSpacingNs = 1_000_000_000;

        [Params(16, 1024)]
        public int N;

        private TimerList _list = new TimerList(1);
        private readonly Timer _timer = new Timer();
        private long _nowNs = StartNs;

        [GlobalSetup]
        public void Setup()
        {
            _list = new TimerList(N + 1);
            for (int index = 0; index < N; index++)
            {
                bool added = _list.Add(new Timer(), ArmedFirstDeadlineNs + index * ArmedSpacingNs);
                Invariant.Assert(added, "TimerListBenchmarks: list full");
            }
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _list.CheckInvariants();
            Invariant.Assert(_list.Count == N, "TimerListBenchmarks: list length changed");
            Invariant.Assert(_list.NextDeadlineNs == ArmedFirstDeadlineNs, "TimerListBenchmarks: an armed timer moved");
        }

        [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
        public int AddRemove()
        {
            TimerList list = _list;
            Timer timer = _timer;
            long nowNs = _nowNs;
            int cancelled = 0;
            for (int i = 0; i < OperationsPerInvoke; i++)
            {
                nowNs += StepNs;
                list.Add(timer, nowNs + TimeoutNs);
                if (list.Remove(timer))
                    cancelled++;
            }
            _nowNs = nowNs;
            return cancelled;
        }

        [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
        public int AddExpire()
        {
            TimerList list = _list;
            Timer timer = _timer;
            long nowNs = _nowNs;
            int fired = 0;
            for (int i = 0; i < OperationsPerInvoke; i++)
            {
                nowNs += StepNs;
                list.Add(timer, nowNs);
                fired += list.Expire(nowNs);
            }
            _nowNs = nowNs;
            return fired;
        }
    }
}
