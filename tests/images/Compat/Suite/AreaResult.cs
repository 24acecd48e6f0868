// The outcome of running one area: its transcript lines and how many bodies threw.
using System.Collections.Generic;

namespace Compat.Suite
{
    public sealed record AreaResult(string Name, IReadOnlyList<string> Lines, int BodiesRun, int BodiesThrown);
}
