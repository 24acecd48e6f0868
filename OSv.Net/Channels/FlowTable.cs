// FlowKey -> NetChannel: the classifier's table of flows that have a channel. Writers (Add,
// Remove) are rare and serialised by the caller (the stack's lock); the reader (TryFind, the
// classifier on the receive thread, once per frame) takes no lock. OSv does the same with an
// RCU hash table (include/osv/rcu-hashtable.hh); we have no RCU, so readers validate with a
// sequence lock instead (Lameter's seqlock, as Linux's seqcount_t).
//
// Layout: open addressing with linear probing over FlowTableSlots slots (a power of two), each
// slot one reference to a NetChannel or null; the home slot of a flow is
// Hash(secret) & (slots - 1), with a per-boot secret so peers cannot aim their ports at one run
// (FlowKey.Hash). The key is not copied into the slot: the channel's own Flow is the key, so a
// slot is a single reference and can never be read torn. At most FlowTableEntriesMax entries
// (load <= 1/2); Add refuses beyond (counted by the caller).
//
// Invariant (linear probing): for an entry at slot j whose home is h, every slot from h up to
// j - 1 (cyclically) is occupied. Lookups stop at the first empty slot, so this is what makes
// them complete. Remove keeps it with backward-shift deletion (Knuth 6.4, Algorithm R): after
// emptying slot i, later entries of the run move back into the hole when the hole lies between
// their home and their slot. No tombstones, so probe runs never degrade with churn.
//
// Sequence lock: _version is even when the table is stable and odd while a writer changes it.
// The writer increments it (full fence: odd is visible before any slot store), changes slots,
// then increments it again with a release store (slot stores visible before even). The reader
// reads the version (acquire), probes with acquire loads of the slots, reads the version again
// (acquire, so after the slot loads); equal and even means no writer ran in between and the
// probe saw one consistent table. Otherwise it retries, FlowTableReadAttemptsMax times in all,
// then reports not found: the frame takes the normal path, which is always correct.
//
// Why a torn read cannot hand out a wrong channel: a hit requires channel.Flow to equal the key
// looked up, compared after the version check too. A channel's Flow only changes through Bind,
// which refuses while the channel is in a table; so a channel found in a slot carries the key it
// was added with. What remains is a reader holding a channel that is removed (and even rebound)
// just after the check: its frame then reaches a consumer that feeds it to the full TCP input,
// which demultiplexes by the 4-tuple itself; misrouting costs a thread hop, never correctness.
using System.Threading;
using OSv.Net.Tcp;

namespace OSv.Net.Channels
{
    public enum FlowTableAddResult : byte
    {
        Added,
        Duplicate,      // the flow already has a channel
        Full,           // FlowTableEntriesMax entries
        AlreadyInTable, // this channel is in a table already
    }

    public sealed class FlowTable
    {
        private readonly NetChannel?[] _slots;
        private readonly int _mask;
        private readonly uint _secret;
        private int _version;
        private int _count;
        private long _readRetries;
        private long _readsAbandoned;

        public FlowTable(uint secret)
        {
            _slots = new NetChannel?[NetLimits.FlowTableSlots];
            _mask = NetLimits.FlowTableSlots - 1;
            _secret = secret;
        }

        public int Count => _count;

        // Reader-side counters (the single receive thread writes them).
        public long ReadRetries => _readRetries;

        public long ReadsAbandoned => _readsAbandoned;

        // Writer (stack lock held).
        public FlowTableAddResult Add(NetChannel channel)
        {
            if (channel.InTable)
                return FlowTableAddResult.AlreadyInTable;
            FlowKey flow = channel.Flow;
            if (SlotOf(flow) >= 0)
                return FlowTableAddResult.Duplicate;
            if (_count >= NetLimits.FlowTableEntriesMax)
                return FlowTableAddResult.Full;
            int slot = Home(flow);
            // Terminates: at most EntriesMax < Slots slots are occupied.
            while (_slots[slot] != null)
                slot = (slot + 1) & _mask;
            BeginWrite();
            Volatile.Write(ref _slots[slot], channel);
            channel.InTable = true;
            _count++;
            EndWrite();
            return FlowTableAddResult.Added;
        }

        // Writer (stack lock held): the flow's channel, taken out of the table; null if none.
        public NetChannel? Remove(in FlowKey flow)
        {
            int hole = SlotOf(flow);
            if (hole < 0)
                return null;
            NetChannel removed = _slots[hole]!;
            BeginWrite();
            ShiftBackInto(hole);
            removed.InTable = false;
            _count--;
            EndWrite();
            return removed;
        }

        // Reader (no lock): the flow's channel, or false (absent, or writers kept interfering).
        public bool TryFind(in FlowKey flow, out NetChannel? channel)
        {
            for (int attempt = 0; attempt < NetLimits.FlowTableReadAttemptsMax; attempt++)
            {
                // Acquire: the slot loads below cannot move before this version load.
                int before = Volatile.Read(ref _version);
                if ((before & 1) == 0)
                {
                    NetChannel? found = Probe(flow);
                    // Acquire, after the slot loads (themselves acquires): ordered after them.
                    if (Volatile.Read(ref _version) == before)
                    {
                        // Re-check the key against the channel's own Flow (see the design comment).
                        channel = found != null && found.Flow.Equals(flow) ? found : null;
                        return channel != null;
                    }
                }
                _readRetries++;
            }
            _readsAbandoned++;
            channel = null;
            return false;
        }

        private int Home(in FlowKey flow) => (int)(flow.Hash(_secret) & (uint)_mask);

        // The probe of the design comment: acquire loads, at most one pass over the slots (a torn
        // view during a write could lack the empty slot that ends a run; the version check then
        // discards the answer).
        private NetChannel? Probe(in FlowKey flow)
        {
            int slot = Home(flow);
            for (int probes = 0; probes <= _mask; probes++)
            {
                NetChannel? entry = Volatile.Read(ref _slots[slot]);
                if (entry == null)
                    return null;
                if (entry.Flow.Equals(flow))
                    return entry;
                slot = (slot + 1) & _mask;
            }
            return null;
        }

        // Writer's probe: the slot holding the flow, or -1.
        private int SlotOf(in FlowKey flow)
        {
            int slot = Home(flow);
            for (int probes = 0; probes <= _mask; probes++)
            {
                NetChannel? entry = _slots[slot];
                if (entry == null)
                    return -1;
                if (entry.Flow.Equals(flow))
                    return slot;
                slot = (slot + 1) & _mask;
            }
            return -1;
        }

        // Backward-shift deletion (Knuth 6.4 Algorithm R): empty the hole, then walk the rest of
        // the run; an entry at j whose home h does not lie cyclically in (hole, j] may move back
        // into the hole, which then moves to j. Ends at the first empty slot.
        private void ShiftBackInto(int hole)
        {
            int next = hole;
            for (int probes = 0; probes < _mask; probes++)
            {
                next = (next + 1) & _mask;
                NetChannel? entry = _slots[next];
                if (entry == null)
                    break;
                int home = Home(entry.Flow);
                // Distances back from next: to its home, and to the hole.
                if (((next - home) & _mask) >= ((next - hole) & _mask))
                {
                    Volatile.Write(ref _slots[hole], entry);
                    hole = next;
                }
            }
            Volatile.Write(ref _slots[hole], null);
        }

        // Full fence (a locked increment): the odd version is visible before any slot store.
        private void BeginWrite() => Interlocked.Increment(ref _version);

        // Release: every slot store is visible before the even version.
        private void EndWrite() => Volatile.Write(ref _version, _version + 1);
    }
}
