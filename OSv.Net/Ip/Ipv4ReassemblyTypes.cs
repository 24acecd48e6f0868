// The values Ipv4Reassembly returns (see Ipv4Reassembly.cs): the outcome of one fragment and the
// reasons a fragment or a datagram is refused. Plain enums and structs: nothing allocates.
namespace OSv.Net.Ip
{
    public enum ReassemblyStatus : byte
    {
        Incomplete,  // kept (or a consistent duplicate); the datagram waits for more fragments
        Complete,    // the whole payload is in the caller's buffer: Length bytes
        Dropped,     // refused; Reason says why, and the matching counter was incremented
    }

    // Every refusal has a reason and a counter. "Datagram" reasons discard the whole datagram in
    // progress (its fragments can no longer be trusted); the others refuse only this fragment.
    public enum ReassemblyDropReason : byte
    {
        None,
        NotFragment,         // fragment:  MF clear and offset 0; the caller should not pass it here
        BadFragmentLength,   // fragment:  MF set, but data empty or not a multiple of 8 bytes (RFC 791)
        TooManyDatagrams,    // fragment:  a new datagram, but ReassemblyDatagramsMax are in progress
        OutOfBuffer,         // fragment:  its data needs more blocks than the pool has free (total bytes)
        DatagramTooLarge,    // datagram:  header + payload would exceed 65535 bytes
        InconsistentLength,  // datagram:  two last fragments disagree, or data lies past the last one
        OverlapMismatch,     // datagram:  an overlapping fragment carries different bytes
        BufferTooSmall,      // datagram:  complete, but the caller's buffer cannot hold the payload
    }

    public readonly struct ReassemblyResult
    {
        public const int DropReasonCount = (int)ReassemblyDropReason.BufferTooSmall + 1;

        public readonly ReassemblyStatus Status;
        public readonly ReassemblyDropReason Reason;
        public readonly int Length; // Complete: payload bytes written

        private ReassemblyResult(ReassemblyStatus status, ReassemblyDropReason reason, int length)
        {
            Status = status;
            Reason = reason;
            Length = length;
        }

        public static ReassemblyResult Incomplete => new ReassemblyResult(ReassemblyStatus.Incomplete, ReassemblyDropReason.None, 0);

        public static ReassemblyResult Complete(int length) => new ReassemblyResult(ReassemblyStatus.Complete, ReassemblyDropReason.None, length);

        public static ReassemblyResult Dropped(ReassemblyDropReason reason) => new ReassemblyResult(ReassemblyStatus.Dropped, reason, 0);
    }

    public struct ReassemblyCounters
    {
        public long FragmentsKept;  // fragments that added data or information
        public long Duplicates;     // fragments whose data was all there already, and agreed
        public long Reassembled;    // datagrams completed
        public long TimedOut;       // datagrams discarded at the reassembly timeout
        public long Dropped;        // refusals of any reason; per reason: Ipv4Reassembly.DropCount
    }
}
