// GC pause with a given live heap: a binary tree of small objects (40 bytes each: header,
// MethodTable pointer, two references, one long) reachable from a static, then the time of
// GC.Collect() with nothing else to free. This is the mark-and-sweep cost of that much live
// graph: a full blocking collection on CoreCLR, a world-stopped mark-sweep in the image.
using System;
using System.Diagnostics;

namespace OSv.Benchmarks.Runtime
{
    internal static class GcPauseBenchmark
    {
        private const int NodeBytes = 40;

        private sealed class Node
        {
            public Node? Left;
            public Node? Right;
            public long Value;
        }

        private static Node? s_root;

        public static void Run(int liveMegabytes)
        {
            int nodes = liveMegabytes * 1024 * 1024 / NodeBytes;
            s_root = BuildTree(nodes);
            GC.Collect();
            var pauses = new double[Figures.Rounds];
            for (int i = 0; i < pauses.Length; i++)
            {
                long start = Stopwatch.GetTimestamp();
                GC.Collect();
                pauses[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            if (CountNodes(s_root) != nodes)
                throw new InvalidOperationException("the live tree lost nodes");
            Figures.Print("gc_pause_" + liveMegabytes + "mb_ms", Figures.Median(pauses));
            s_root = null;
            GC.Collect();
        }

        // Breadth-first in an array so that building needs no recursion: node i's children are
        // 2i+1 and 2i+2 (a complete binary tree, depth about log2(nodes)).
        private static Node BuildTree(int nodes)
        {
            var all = new Node[nodes];
            for (int i = 0; i < nodes; i++)
                all[i] = new Node { Value = i };
            for (int i = 0; i < nodes; i++)
            {
                if (2 * i + 1 < nodes) all[i].Left = all[2 * i + 1];
                if (2 * i + 2 < nodes) all[i].Right = all[2 * i + 2];
            }
            return all[0];
        }

        private static int CountNodes(Node? root)
        {
            if (root is null) return 0;
            var pending = new System.Collections.Generic.Stack<Node>();
            pending.Push(root);
            int count = 0;
            while (pending.Count > 0)
            {
                Node node = pending.Pop();
                count++;
                if (node.Left is not null) pending.Push(node.Left);
                if (node.Right is not null) pending.Push(node.Right);
            }
            return count;
        }
    }
}
