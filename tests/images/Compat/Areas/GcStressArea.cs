// The GC stress of issue 4 (area "gcstress", not in the default run): several threads allocate
// factor × heap-mb megabytes of short-lived objects while three live graphs must survive intact,
// each reachable in only one way:
//   - from a static field;
//   - from a local variable on another thread's stack (that thread also walks its graph
//     repeatedly while the others allocate, so it reads during collections);
//   - through a DependentHandle whose primary is a static object (the graph itself is referenced
//     by nothing else).
// At the end each graph's checksum and node count must equal what they were when it was built.
// The transcript does not depend on the parameters, so expected/gcstress.txt serves every size:
// an image runs it with its RAM as heap-mb and factor 20; the hosted test with small defaults.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using Compat.GcStress;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class GcStressArea
    {
        private const ulong StaticGraphSeed = 1;
        private const ulong StackGraphSeed = 2;
        private const ulong DependentGraphSeed = 3;
        private const ulong ChurnSeedBase = 100;

        public static CompatArea Create(GcStressParameters parameters) => new CompatArea("gcstress", RunByDefault: false, new[]
        {
            new CompatBody("live-graphs", t => LiveGraphs(t, parameters)),
        });

        private static GraphNode? staticGraph;
        private static readonly object dependentPrimary = new object();

        private sealed class StackHolder
        {
            public readonly ManualResetEventSlim Built = new ManualResetEventSlim(false);
            public volatile bool StopWalking;
            public GraphSummary Initial;
            public GraphSummary Final;
            public int WalksCorrupt;
        }

        private static void LiveGraphs(Transcript t, GcStressParameters parameters)
        {
            staticGraph = LiveGraph.Build(StaticGraphSeed);
            var staticInitial = LiveGraph.Summarize(staticGraph);
            var dependent = MakeDependentGraph(out var dependentInitial);
            var holder = new StackHolder();
            var holderThread = new Thread(() => HoldGraphOnStack(holder));
            holderThread.Start();
            holder.Built.Wait();
            var collectionsBefore = GC.CollectionCount(0);

            var churns = RunAllocatingThreads(parameters);

            holder.StopWalking = true;
            holderThread.Join();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            t.Line("graph nodes", LiveGraph.NodeCount);
            Report(t, "statics graph", staticInitial, LiveGraph.Summarize(staticGraph));
            Report(t, "stack graph", holder.Initial, holder.Final);
            t.Line("stack graph walks during allocation corrupt", holder.WalksCorrupt);
            var dependentRoot = dependent.Target != null ? dependent.Dependent as GraphNode : null;
            Report(t, "dependent graph", dependentInitial, dependentRoot == null ? default : LiveGraph.Summarize(dependentRoot));
            ReportChurn(t, churns, parameters);
            t.Line("collections during the stress", GC.CollectionCount(0) > collectionsBefore);
            dependent.Dispose();
            staticGraph = null;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static DependentHandle MakeDependentGraph(out GraphSummary initial)
        {
            var root = LiveGraph.Build(DependentGraphSeed);
            initial = LiveGraph.Summarize(root);
            return new DependentHandle(dependentPrimary, root);
        }

        // The graph's only reference is this method's local `root`.
        private static void HoldGraphOnStack(StackHolder holder)
        {
            var root = LiveGraph.Build(StackGraphSeed);
            holder.Initial = LiveGraph.Summarize(root);
            holder.Built.Set();
            while (!holder.StopWalking)
            {
                if (LiveGraph.Summarize(root) != holder.Initial)
                    holder.WalksCorrupt++;
                Thread.Yield(); // leave the vCPUs to the allocating threads now and then
            }
            GC.Collect();
            holder.Final = LiveGraph.Summarize(root);
            GC.KeepAlive(root);
        }

        private static ShortLivedChurn[] RunAllocatingThreads(GcStressParameters parameters)
        {
            var totalBytes = (long)parameters.HeapMegabytes * parameters.Factor << 20;
            var churns = new ShortLivedChurn[parameters.AllocatingThreads];
            var threads = new Thread[parameters.AllocatingThreads];
            for (var i = 0; i < threads.Length; i++)
            {
                var churn = new ShortLivedChurn(totalBytes / threads.Length, ChurnSeedBase + (ulong)i);
                churns[i] = churn;
                threads[i] = new Thread(churn.Run);
                threads[i].Start();
            }
            foreach (var thread in threads)
                thread.Join();
            return churns;
        }

        private static void Report(Transcript t, string name, GraphSummary initial, GraphSummary final)
        {
            t.Line(name + " checksum", "0x" + final.Checksum.ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
            t.Line(name + " intact", final == initial && final.NodesReached == LiveGraph.NodeCount && final.LinksValid);
        }

        private static void ReportChurn(Transcript t, ShortLivedChurn[] churns, GcStressParameters parameters)
        {
            var quotaReached = true;
            var corrupt = 0;
            long allocated = 0;
            foreach (var churn in churns)
            {
                quotaReached &= churn.AllocatedBytes >= ((long)parameters.HeapMegabytes * parameters.Factor << 20) / churns.Length;
                corrupt += churn.CorruptCount;
                allocated += churn.AllocatedBytes;
            }
            t.Line("allocating threads reached their quota", quotaReached);
            t.Line("allocated at least factor x heap", allocated >= (long)parameters.HeapMegabytes * parameters.Factor << 20);
            t.Line("short-lived objects corrupt", corrupt);
        }
    }
}
