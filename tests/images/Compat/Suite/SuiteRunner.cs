// Runs an area's bodies in order into one transcript.
//
// A body that throws does not stop the area: the runner writes "body: threw <type>: <message>"
// (which makes the transcript differ from the expected one, so the failure shows in the diff) and
// counts it; Main's exit code is the number of bodies that threw. Lines are handed to the
// optional sink after each body, so an image that hangs or dies in a body has already printed
// everything before it.
using System;
using System.Globalization;

namespace Compat.Suite
{
    public static class SuiteRunner
    {
        public static AreaResult Run(CompatArea area, Action<string>? lineSink = null)
        {
            UseInvariantCulture();
            var transcript = new Transcript();
            var bodiesThrown = 0;
            foreach (var body in area.Bodies)
            {
                var linesBefore = transcript.Lines.Count;
                transcript.BeginBody(body.Name);
                if (!RunBody(body, transcript))
                    bodiesThrown++;
                for (var index = linesBefore; index < transcript.Lines.Count; index++)
                    lineSink?.Invoke(transcript.Lines[index]);
            }
            return new AreaResult(area.Name, transcript.Lines, area.Bodies.Count, bodiesThrown);
        }

        private static bool RunBody(CompatBody body, Transcript transcript)
        {
            try
            {
                body.Run(transcript);
                return true;
            }
            catch (Exception exception)
            {
                transcript.Line("threw " + ExceptionNames.Of(exception) + ": " + exception.Message);
                return false;
            }
        }

        // Hosted, the machine's culture could differ from an image's (invariant: no ICU there);
        // the transcripts are written in the invariant culture on every thread.
        private static void UseInvariantCulture()
        {
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        }
    }
}
