// A graph of objects that must survive the stress intact: nodes with payload arrays, labels and
// links (a chain through every node, random links back, and some links forward, which close
// cycles), reachable only from its root. The checksum walks the graph from the root (explicit
// stack, visited bits by node index) and mixes every node's fields, payload bytes, label
// characters and the indices its links point to; so a freed-and-reused node, a torn payload or a
// link the collector failed to trace changes the checksum or the count of nodes reached.
//
// The chain makes the graph as deep as it has nodes: a collector that marks recursively would
// overflow its stack here, which is the point.
using System.Collections.Generic;

namespace Compat.GcStress
{
    internal sealed class GraphNode
    {
        public readonly int Index;
        public readonly int Value;
        public readonly byte[] Payload;
        public readonly string Label;
        public GraphNode? Previous;
        public GraphNode[] Links;

        public GraphNode(int index, int value, byte[] payload, string label, GraphNode[] links)
        {
            Index = index;
            Value = value;
            Payload = payload;
            Label = label;
            Links = links;
        }
    }

    internal readonly record struct GraphSummary(int NodesReached, ulong Checksum, bool LinksValid);

    internal static class LiveGraph
    {
        public const int NodeCount = 4096;
        private const int PayloadBytesMax = 256;
        private const int BackLinksMax = 3;
        private const int ForwardLinkPercent = 5;

        /// <summary>Builds the graph of a seed and returns its root (the last node).</summary>
        public static GraphNode Build(ulong seed)
        {
            var random = new StressRandom(seed);
            var nodes = new GraphNode[NodeCount];
            for (var index = 0; index < NodeCount; index++)
            {
                var payload = new byte[random.Between(0, PayloadBytesMax)];
                for (var i = 0; i < payload.Length; i++)
                    payload[i] = (byte)random.NextUInt64();
                var links = new GraphNode[index == 0 ? 0 : random.Between(0, BackLinksMax)];
                for (var i = 0; i < links.Length; i++)
                    links[i] = nodes[random.Between(0, index - 1)];
                nodes[index] = new GraphNode(index, (int)random.NextUInt64(), payload, "node-" + index, links)
                {
                    Previous = index == 0 ? null : nodes[index - 1],
                };
            }
            AddForwardLinks(nodes, ref random);
            return nodes[NodeCount - 1];
        }

        private static void AddForwardLinks(GraphNode[] nodes, ref StressRandom random)
        {
            for (var index = 0; index < NodeCount - 1; index++)
            {
                if (random.Between(0, 99) >= ForwardLinkPercent)
                    continue;
                var target = nodes[random.Between(index + 1, NodeCount - 1)];
                var links = new GraphNode[nodes[index].Links.Length + 1];
                nodes[index].Links.CopyTo(links, 0);
                links[links.Length - 1] = target;
                nodes[index].Links = links;
            }
        }

        public static GraphSummary Summarize(GraphNode root)
        {
            var visited = new bool[NodeCount];
            var pending = new Stack<GraphNode>();
            pending.Push(root);
            var reached = 0;
            var linksValid = true;
            var checksum = 14695981039346656037UL;
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                if ((uint)node.Index >= NodeCount)
                    return new GraphSummary(reached, checksum, LinksValid: false);
                if (visited[node.Index])
                    continue;
                visited[node.Index] = true;
                reached++;
                checksum = MixNode(checksum, node);
                if (node.Previous != null)
                {
                    linksValid &= node.Previous.Index == node.Index - 1;
                    pending.Push(node.Previous);
                }
                foreach (var link in node.Links)
                {
                    checksum = Mix(checksum, (ulong)link.Index);
                    pending.Push(link);
                }
            }
            return new GraphSummary(reached, checksum, linksValid);
        }

        private static ulong MixNode(ulong checksum, GraphNode node)
        {
            checksum = Mix(checksum, (ulong)node.Index);
            checksum = Mix(checksum, (ulong)(uint)node.Value);
            foreach (var value in node.Payload)
                checksum = Mix(checksum, value);
            foreach (var character in node.Label)
                checksum = Mix(checksum, character);
            return checksum;
        }

        // FNV-1a over 64-bit values.
        private static ulong Mix(ulong checksum, ulong value) => (checksum ^ value) * 1099511628211UL;
    }
}
