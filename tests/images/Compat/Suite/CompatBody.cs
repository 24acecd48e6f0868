// One test body of the compatibility suite: a name (unique within its area) and the code, which
// writes what it observed into a transcript. A body that throws is reported as such by the runner.
using System;

namespace Compat.Suite
{
    public sealed record CompatBody(string Name, Action<Transcript> Run);
}
