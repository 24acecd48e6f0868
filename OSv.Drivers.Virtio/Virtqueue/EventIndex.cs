// The event-index test of VIRTIO_F_EVENT_IDX (2.7.7 and 2.7.10; the spec's helper listing has it
// as virtq_need_event): after moving a free-running 16-bit index from oldIndex to newIndex, a
// notification is due when the other side's event index is one of the entries just written,
// that is eventIndex ∈ [oldIndex, newIndex) modulo 2^16.
//
// Why the formula holds: (ushort)(newIndex - eventIndex - 1) is the distance from the entry
// after eventIndex to newIndex; it is below the batch size (ushort)(newIndex - oldIndex)
// exactly when eventIndex lies in the batch. All arithmetic is modulo 2^16, so the test works
// across wrap-around as long as one batch is shorter than 2^16 entries (a batch is at most the
// queue size, at most 32768).
namespace OSv.Drivers.Virtio.Virtqueue
{
    public static class EventIndex
    {
        public static bool NeedsEvent(ushort eventIndex, ushort newIndex, ushort oldIndex) =>
            (ushort)(newIndex - eventIndex - 1) < (ushort)(newIndex - oldIndex);
    }
}
