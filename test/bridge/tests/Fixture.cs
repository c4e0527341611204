// Shared set-up for the link tests: a real core, the Editor stand-in reset, typical counters.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Slate.Bridge.Link;
using Slate.StandIn.Editor;
#if UNITY_2020_2_OR_NEWER
using Slate.StandIn;
using Unity.Profiling;
#endif

namespace Slate.Bridge.Tests
{
    public static class Fixture
    {
        public static readonly Action Pump = EditorStandIn.Pump;

        /// <summary>A core, and the Editor's link started for its project as [InitializeOnLoad] would.</summary>
        public static EditorLinkHost Editor(Core core)
        {
            EditorStandIn.Reset();
            EditorStandIn.ProjectDir = core.Project;
            Cleanup.Add(EditorStandIn.Reset);
#if UNITY_2020_2_OR_NEWER
            SamplerTests.RegisterTypicalCounters();
#endif
            var host = EditorLink.Start(core.Project);
            host.Client.Backoff = n => 50; // tests restart cores; real Editors back off up to 5 s
            Cleanup.Add(() => host.Stop(0));
            return host;
        }

        public static Dictionary<string, object> Args(params object[] kv)
        {
            var d = new Dictionary<string, object>();
            for (var i = 0; i < kv.Length; i += 2) d[(string)kv[i]] = kv[i + 1];
            return d;
        }

        public static string Session(Dictionary<string, object> e) { return Json.Str(e, "session"); }

        public static bool Ok(Dictionary<string, object> reply) { object v; return reply.TryGetValue("ok", out v) && v is bool && (bool)v; }

        /// <summary>Waits (pumping the Editor) until a condition on our side holds.</summary>
        public static void Until(Func<bool> condition, string what, Action pump = null)
        {
            var sw = Stopwatch.StartNew();
            while (!condition())
            {
                if (pump != null) pump();
                Thread.Sleep(5);
                if (sw.ElapsedMilliseconds > Core.WaitMs) throw new AssertionException("timed out waiting for " + what);
            }
        }
    }
}
