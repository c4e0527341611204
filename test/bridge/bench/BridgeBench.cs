// What the link costs the game, under Mono with the Unity stand-in (a proxy for Unity's own Mono;
// IL2CPP differs in constants, not in what runs). Each figure is compared with a baseline measured
// in the same run: a log line with nobody listening, a frame that does nothing but advance.
//   mono BridgeBench.exe <repo root>
using System;
using System.Collections.Generic;
using System.Diagnostics;
using Slate.Bridge.Link;
using Slate.Bridge.Tests;
using Slate.StandIn;
using UnityEngine;
#if UNITY_2020_2_OR_NEWER
using Unity.Profiling;
#endif

namespace Slate.Bridge.Bench
{
    public static class BridgeBench
    {
        const int Lines = 200000;
        const int Frames = 100000;

        sealed class BenchHost : LinkHost
        {
            public BenchHost(Func<LinkEndpoint> ep) : base(ep, ProcessInfo("player"), null) { }
            protected override string PlayMode() { return "playing"; }
            protected override bool RunSpecific(LinkCommand cmd) { return false; }
        }

        public static int Main(string[] args)
        {
            TestRunner.RepoRoot = args.Length > 0 ? args[0] : ".";
            UnityStandIn.IsEditor = false;
#if UNITY_2020_2_OR_NEWER
            for (var i = 0; i < 40; i++) ProfilerStandIn.Register("Render", "Bench Counter " + i, ProfilerMarkerDataUnit.Count);
            ProfilerStandIn.Register("Internal", "Main Thread", ProfilerMarkerDataUnit.TimeNanoseconds);
            for (var i = 0; i < 40; i++) ProfilerStandIn.Set("Bench Counter " + i, i);
            ProfilerStandIn.Set("Main Thread", 16000000);
#endif
            var rows = new List<string[]>();
            var logBase = Median(() => LogLines());
            var frameBase = Median(() => TickFrames(null));
            rows.Add(Row("log line, nobody listening (baseline)", logBase, Lines, logBase));
            rows.Add(Row("frame, nothing linked (baseline)", frameBase, Frames, frameBase));

            // Configured (a player given -slateLink) but no SLATE listening: the link thread retries in the background.
            var idle = new BenchHost(() => new LinkEndpoint(new Uri("ws://127.0.0.1:9/link"), "x"));
            idle.Client.Backoff = n => 5000;
            idle.Start();
            rows.Add(Row("log line, link configured, SLATE absent", Median(() => LogLines()), Lines, logBase));
            rows.Add(Row("frame + Tick, link configured, SLATE absent", Median(() => TickFrames(idle)), Frames, frameBase));
            idle.Stop(0);

            var core = Core.Start();
            var host = new BenchHost(() => new LinkEndpoint(new Uri(core.Url), core.Token));
            host.Start();
            core.WaitFor("connected", e => true, () => { UnityStandIn.NextFrame(); host.Tick(); });
            // Until the link thread has taken the welcome and the first Tick has discovered the counters.
            Fixture.Until(() => host.Sampler.Counters.Count > 0, "counters discovered", () => { UnityStandIn.NextFrame(); host.Tick(); });
            rows.Add(Row("frame + Tick, connected, " + host.Sampler.Counters.Count + " counters sampled and queued", Median(() => TickFrames(host)), Frames, frameBase));
            rows.Add(Row("log line, connected (queued or dropped when full)", Median(() => LogLines()), Lines, logBase));
            var dropped = host.Client.Logs.Dropped;
            host.Stop(1000);
            core.Dispose();

            Console.WriteLine("| what (Mono " + Environment.Version + ", Unity stand-in) | per item | vs baseline |");
            Console.WriteLine("|---|---|---|");
            foreach (var r in rows) Console.WriteLine("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
            Console.WriteLine("(" + Lines + " lines / " + Frames + " frames per measurement, median of 5; lines dropped by the full queue in the last run: " + dropped + ")");
            return 0;
        }

        static double LogLines()
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < Lines; i++) UnityStandIn.Log("bench line", "", LogType.Log);
            return sw.Elapsed.TotalMilliseconds;
        }

        static double TickFrames(LinkHost host)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < Frames; i++)
            {
                UnityStandIn.NextFrame();
                if (host != null) host.Tick();
            }
            return sw.Elapsed.TotalMilliseconds;
        }

        static double Median(Func<double> f)
        {
            f(); // warm-up (JIT)
            var xs = new List<double>();
            for (var i = 0; i < 5; i++) xs.Add(f());
            xs.Sort();
            return xs[2];
        }

        static string[] Row(string what, double ms, int n, double baseMs)
        {
            var per = ms * 1e6 / n; // ns per item
            var extra = (ms - baseMs) * 1e6 / n;
            return new[] { what, per.ToString("F0") + " ns", ms == baseMs ? "—" : (extra >= 0 ? "+" : "") + extra.ToString("F0") + " ns" };
        }
    }
}
