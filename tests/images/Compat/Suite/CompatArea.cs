// An area of the compatibility suite (collections, LINQ, exceptions, ...): its bodies, run in
// order, share one transcript, expected/<Name>.txt. Areas with RunByDefault false (the GC stress)
// run only when named on the command line.
using System.Collections.Generic;

namespace Compat.Suite
{
    public sealed record CompatArea(string Name, bool RunByDefault, IReadOnlyList<CompatBody> Bodies);
}
