// The list of areas, in run order. Explicit (no reflection): NativeAOT keeps exactly what is named.
using System.Collections.Generic;
using Compat.Areas;

namespace Compat.Suite
{
    public static class CompatAreas
    {
        public static IReadOnlyList<CompatArea> All(GcStressParameters stress) => new[]
        {
            CollectionsArea.Create(),
            LinqArea.Create(),
            FormattingArea.Create(),
            ParsingArea.Create(),
            StringBuilderArea.Create(),
            StringsArea.Create(),
            ExceptionsArea.Create(),
            FaultsArea.Create(),
            ThreadsArea.Create(),
            TasksArea.Create(),
            GcArea.Create(),
            GcStressArea.Create(stress),
        };

        public static CompatArea? Find(IReadOnlyList<CompatArea> areas, string name)
        {
            foreach (var area in areas)
            {
                if (area.Name == name)
                    return area;
            }
            return null;
        }
    }
}
