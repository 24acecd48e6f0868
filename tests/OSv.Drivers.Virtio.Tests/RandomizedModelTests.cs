// A seeded randomized run of the queue and the simulated device against a model of what the
// spec says must happen. Safety phase: random adds (direct and indirect, to the point of a full
// queue), publishes, notification decisions, device pops and out-of-order completions, driver
// takes, callback toggles, device policy changes and lies; after every step the driver's
// counters and its CheckInvariants must agree with the model, every notification and interrupt
// decision must be the spec's, and every chain the device sees must be the one added. Liveness
// phase: the device completes everything, and the queue must end whole. The model is QueueModel.
//
// The seed is printed first; replay one with OSV_SIM_SEED=<seed>.
using Xunit;
using Xunit.Abstractions;
using OSv.Testing;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class RandomizedModelTests
    {
        private const int SafetySteps = 4000;
        private static readonly int[] QueueSizes = { 1, 2, 4, 8, 16, 64, 256 };
        private const int ArenaBytes = QueueModel.ArenaBytes;

        private readonly ITestOutputHelper _output;

        public RandomizedModelTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void RandomOperations_WithLies_MatchModelAndEndWhole(ulong seed)
        {
            _output.WriteLine("seed " + seed);
            var random = new SimulationRandom(seed);
            int queueSize = QueueSizes[(int)(seed % (ulong)QueueSizes.Length)]; // every size in every seed set
            bool eventIndex = random.Chance(50);
            bool indirect = random.Chance(50);
            int tables = random.Between(0, queueSize);
            int threshold = random.Between(1, 3);
            _output.WriteLine("queue " + queueSize + " eventIndex " + eventIndex + " indirect " + indirect + " tables " + tables + " threshold " + threshold);

            using var f = new QueueFixture(queueSize, eventIndex, indirect, tables, threshold, arenaBytes: ArenaBytes);
            var model = new QueueModel(f, random, queueSize, eventIndex, indirect && tables > 0 ? tables : 0, threshold, seed);
            for (int step = 0; step < SafetySteps; step++)
            {
                model.Step();
                model.CheckAgreement("step " + step);
            }
            model.DrainEverything();
            model.CheckAgreement("liveness");
            Assert.Equal(0, f.Queue.OutstandingChainCount);
            Assert.Equal(queueSize, f.Queue.FreeDescriptorCount);
            Assert.Equal(f.Queue.IndirectTableCount, f.Queue.IndirectTablesFree);
            Assert.True(f.Queue.ChainsCompleted > 0);
            _output.WriteLine("chains " + f.Queue.ChainsCompleted + " queueFull " + f.Queue.QueueFullCount +
                " indirectFallbacks " + f.Queue.IndirectFallbackCount + " deviceErrors " + f.Queue.ErrorsTotal +
                " notified " + f.Queue.NotificationsSent + " suppressed " + f.Queue.NotificationsSuppressed +
                " interrupts " + f.Device.InterruptsRaised);
        }
    }
}
