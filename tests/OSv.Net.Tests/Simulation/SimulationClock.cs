// Virtual time for deterministic simulations: nanoseconds that move only when the simulation
// loop says so (TigerBeetle's VOPR ticks), so a run depends on nothing but its seed. Protocol
// code never reads it: the loop passes NowNs in as the pure machines' nowNs.
using System;

namespace OSv.Net.Tests.Simulation
{
    public sealed class SimulationClock
    {
        public SimulationClock(long startNs = 0) => NowNs = startNs;

        public long NowNs { get; private set; }

        // Time never goes backwards: an earlier target is a bug in the loop.
        public void AdvanceTo(long nowNs)
        {
            if (nowNs < NowNs)
                throw new InvalidOperationException("time went backwards: " + nowNs + " < " + NowNs);
            NowNs = nowNs;
        }

        public void Advance(long deltaNs) => AdvanceTo(NowNs + deltaNs);
    }
}
