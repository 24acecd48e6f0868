// Collector stress on the real CoreLib (issue 4). Allocates `factor` times the machine's RAM (the
// first argument, in MiB, as the boot test gives QEMU) in short-lived objects, while three live
// graphs must survive every collection: one reachable only from a static, one only from this
// thread's stack, one only through a DependentHandle whose primary is held by a static. After the
// churn each graph is verified node by node. Then a WeakReference to a dropped object must be
// cleared by GC.Collect, and a dropped object's finalizer must run. Without a working collector
// the churn runs out of memory (a panic); with one the heap stays bounded.
// A third argument "thread" adds a worker thread whose graph only its own stack holds, churning
// at the same time as Main.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace GcStress
{
    public sealed class Node
    {
        public Node? Next;
        public int Value;
        public byte[] Payload;

        public Node(int value, Node? next)
        {
            Value = value;
            Next = next;
            Payload = new byte[32 + value % 64];
            Payload[0] = (byte)value;
            Payload[Payload.Length - 1] = (byte)(value * 7);
        }
    }

    public sealed class Finalized
    {
        public static int FinalizedCount;

        ~Finalized() => System.Threading.Interlocked.Increment(ref FinalizedCount);
    }

    public static class Program
    {
        private const int GraphLength = 2000;
        private static Node? s_staticGraph;
        private static object? s_dependentKey;
        private static DependentHandle s_dependent;

        public static int Main(string[] args)
        {
            long ramMiB = args.Length > 0 ? long.Parse(args[0]) : 64;
            long factor = args.Length > 1 ? long.Parse(args[1]) : 20;
            Console.WriteLine($"gcstress: churn {factor}x {ramMiB} MiB");

            s_staticGraph = Build(1, GraphLength);
            Node stackGraph = Build(2, GraphLength);
            s_dependentKey = new object();
            s_dependent = new DependentHandle(s_dependentKey, BuildAsObject(3, GraphLength));

            bool withThread = args.Length > 2 && args[2] == "thread";
            System.Threading.Thread? worker = null;
            if (withThread)
            {
                long workerTarget = ramMiB * factor * 1024 * 1024 / 4;
                worker = new System.Threading.Thread(() => WorkerMain(workerTarget));
                worker.IsBackground = true;    // see the Join note below: Main's exit waits for foreground threads
                worker.Start();
                while (System.Threading.Volatile.Read(ref s_workerState) == 0)
                    System.Threading.Thread.Sleep(1);
            }

            long churned = Churn(ramMiB * factor * 1024 * 1024);
            Console.WriteLine($"churned: {churned >> 20} MiB");
            if (worker != null)
            {
                System.Threading.Volatile.Write(ref s_mainDone, 1);
                // Not Join: CoreLib's thread-exit callback is not called for kernel threads yet,
                // so Join would wait forever (docs/runtime.md, not done).
                while (System.Threading.Volatile.Read(ref s_workerState) == 1)
                    System.Threading.Thread.Sleep(1);
                Console.WriteLine($"worker churned: {s_workerChurned >> 20} MiB");
                Console.WriteLine(s_workerState == 2 ? "thread graph: 2000 nodes" : "thread graph: BROKEN");
            }

            bool ok = (worker == null || s_workerState == 2)
                & Verify("static", s_staticGraph, 1)
                & Verify("stack", stackGraph, 2)
                & Verify("dependent", s_dependent.Target == s_dependentKey ? (Node?)s_dependent.Dependent : null, 3);
            GC.KeepAlive(stackGraph);

            int collections = GC.CollectionCount(0);
            long heapBytes = GC.GetTotalMemory(false);
            Console.WriteLine($"collections: {collections}");
            Console.WriteLine($"heap bytes: {heapBytes}");
            Console.WriteLine(collections > 0 ? "collected: yes" : "collected: NO");
            Console.WriteLine(heapBytes < ramMiB * 1024 * 1024 ? "heap bounded: yes" : "heap bounded: NO");

            WeakReference weak = MakeWeak();
            ScrubStack();
            GC.Collect();
            Console.WriteLine(weak.Target == null ? "weak cleared: yes" : "weak cleared: NO");

            MakeFinalizable();
            ScrubStack();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Console.WriteLine(Finalized.FinalizedCount > 0 ? "finalizer ran: yes" : "finalizer ran: NO");
            Console.WriteLine(ok ? "graphs intact: yes" : "graphs intact: NO");
            return ok ? 0 : 1;
        }

        private static int s_workerState;    // 0 starting, 1 graph built, 2 verified, 3 broken
        private static int s_mainDone;
        private static long s_workerChurned;

        // Another thread's stack holds its graph, the only reference to it, while both threads
        // churn (collections stop this thread wherever it is, on another vCPU with --cpus 2).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void WorkerMain(long bytesTarget)
        {
            Node threadGraph = Build(4, GraphLength);
            System.Threading.Volatile.Write(ref s_workerState, 1);
            s_workerChurned = Churn(bytesTarget);
            while (System.Threading.Volatile.Read(ref s_mainDone) == 0)
                System.Threading.Thread.Sleep(1);
            bool intact = Verify("thread", threadGraph, 4);
            System.Threading.Volatile.Write(ref s_workerState, intact ? 2 : 3);
        }

        private static Node Build(int seed, int length)
        {
            Node? head = null;
            for (int i = length - 1; i >= 0; i--)
                head = new Node(seed * 100_000 + i, head);
            return head!;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static object BuildAsObject(int seed, int length) => Build(seed, length);

        // Short-lived objects of many sizes: strings, arrays, nodes; each dropped at once.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Churn(long bytesTarget)
        {
            long churned = 0;
            int round = 0;
            Node? keep = null;
            while (churned < bytesTarget)
            {
                int size = 16 + (round * 37) % 3000;
                var array = new byte[size];
                array[size - 1] = 1;
                churned += size + 24;
                keep = new Node(round, round % 8 == 0 ? null : keep);   // short chains, then dropped
                churned += 64 + keep.Payload.Length;
                if (round % 64 == 0)
                {
                    string text = "round " + round.ToString();
                    churned += text.Length * 2 + 24;
                }
                round++;
            }
            return churned;
        }

        private static bool Verify(string name, Node? head, int seed)
        {
            int count = 0;
            for (Node? node = head; node != null; node = node.Next, count++)
            {
                int expected = seed * 100_000 + count;
                if (node.Value != expected || node.Payload.Length != 32 + expected % 64
                    || node.Payload[0] != (byte)expected || node.Payload[^1] != (byte)(expected * 7))
                {
                    Console.WriteLine($"{name}: node {count} corrupt");
                    return false;
                }
            }
            Console.WriteLine($"{name} graph: {count} nodes");
            return count == GraphLength;
        }

        // The stack scan is conservative: a dead frame's slot that still holds an object's address
        // keeps it for one more collection if a later, deeper frame (the collection's own) leaves
        // that slot unwritten. Conservative collectors' tests clear the stack below the caller
        // first, as here; it changes nothing for objects that are really referenced.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static unsafe void ScrubStack()
        {
            byte* scratch = stackalloc byte[32 * 1024];
            new Span<byte>(scratch, 32 * 1024).Clear();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference MakeWeak() => new WeakReference(new byte[100]);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void MakeFinalizable()
        {
            for (int i = 0; i < 4; i++)
                _ = new Finalized();
        }
    }
}
