// Counter discovery and units against the stand-in's ProfilerRecorder (2020.2+), and the
// fallback counters of Unity versions without it.
using System.Collections.Generic;
using Slate.Bridge.Link;
using Slate.StandIn;
#if UNITY_2020_2_OR_NEWER
using Unity.Profiling;
using Unity.Profiling.LowLevel;
#endif

namespace Slate.Bridge.Tests
{
    public static class SamplerTests
    {
#if UNITY_2020_2_OR_NEWER
        public static void RegisterTypicalCounters()
        {
            ProfilerStandIn.Clear();
            // A marker (not a counter) the catalog asks for by name.
            ProfilerStandIn.Register("Internal", "Main Thread", ProfilerMarkerDataUnit.TimeNanoseconds, ProfilerMarkerDataType.Int64, MarkerFlags.Default);
            // A frame-time counter whose recorder reports no unit: the bridge's version rule says ns.
            ProfilerStandIn.Register("Internal", "CPU Main Thread Frame Time", ProfilerMarkerDataUnit.Undefined);
            ProfilerStandIn.Register("Render", "Batches Count", ProfilerMarkerDataUnit.Count);
            ProfilerStandIn.Register("Memory", "GC Used Memory", ProfilerMarkerDataUnit.Bytes);
            ProfilerStandIn.Register("Render", "Zz Custom Percent", ProfilerMarkerDataUnit.Percent, ProfilerMarkerDataType.Double);
            ProfilerStandIn.Register("Render", "Refresh Rate", ProfilerMarkerDataUnit.FrequencyHz);       // no link unit: skipped
            ProfilerStandIn.Register("Scripts", "My Script Counter", ProfilerMarkerDataUnit.Count);        // category not discovered
            ProfilerStandIn.Register("Render", "Label", ProfilerMarkerDataUnit.Undefined, ProfilerMarkerDataType.String16); // not a number
            Cleanup.Add(ProfilerStandIn.Clear);
        }

        [Test]
        public static void DiscoversKnownThenOtherCountersWithLinkUnits()
        {
            RegisterTypicalCounters();
            var s = new CounterSampler();
            Cleanup.Add(s.Dispose);
            Assert.True(s.Discover(), "first discovery changes the set");
            var names = new List<string>();
            foreach (var c in s.Counters) names.Add(c.Name + ":" + c.Unit + ":" + c.Id);
            Assert.Equal("Main Thread:ms:0|CPU Main Thread Frame Time:ms:1|Batches Count:count:2|GC Used Memory:bytes:3|Zz Custom Percent:percent:4",
                string.Join("|", names.ToArray()), "counter set (known in catalog order, then discovered)");
            Assert.Equal(5, ProfilerStandIn.RunningRecorders, "one running recorder per counter");
            Assert.True(!s.Discover(), "same set: no change, recorders kept");
            Assert.Equal(5, ProfilerStandIn.RunningRecorders, "recorders not restarted");
            ProfilerStandIn.Register("Memory", "Texture Memory", ProfilerMarkerDataUnit.Bytes);
            Assert.True(s.Discover(), "a new counter changes the set");
            Assert.Equal("Texture Memory", s.Counters[4].Name, "known counter takes its catalog place");
            Assert.Equal(6, ProfilerStandIn.RunningRecorders, "old recorders disposed, new ones started");
            s.Dispose();
            Assert.Equal(0, ProfilerStandIn.RunningRecorders, "dispose stops every recorder");
        }

        [Test]
        public static void SamplesConvertNanosecondsToMilliseconds()
        {
            RegisterTypicalCounters();
            var s = new CounterSampler();
            Cleanup.Add(s.Dispose);
            s.Discover();
            var before = s.Sample(100);
            Assert.True(double.IsNaN(before[0]), "no sample yet = not sampled (null on the wire)");
            ProfilerStandIn.Set("Main Thread", 16600000);
            ProfilerStandIn.Set("CPU Main Thread Frame Time", 8250000);
            ProfilerStandIn.Set("Batches Count", 120);
            ProfilerStandIn.Set("GC Used Memory", 1048576);
            ProfilerStandIn.Set("Zz Custom Percent", 12.5);
            var v = s.Sample(101);
            Assert.Equal(16.6, System.Math.Round(v[0], 6), "Main Thread ns → ms");
            Assert.Equal(8.25, System.Math.Round(v[1], 6), "undefined-unit frame time treated as ns → ms");
            Assert.Equal(120.0, v[2], "count unchanged");
            Assert.Equal(1048576.0, v[3], "bytes unchanged");
#if UNITY_2020_3_OR_NEWER
            Assert.Equal(12.5, v[4], "double counters keep their fraction (LastValueAsDouble)");
#else
            Assert.Equal(12.0, v[4], "before 2020.3 only LastValue (long) is used");
#endif
            Assert.True(s.Sample(101) == null, "a frame is sampled once");
        }
#else
        [Test]
        public static void WithoutProfilerRecorderFallsBackToFrameTimeAndMemory()
        {
            var s = new CounterSampler();
            Assert.True(s.Discover(), "fallback set");
            Assert.Equal("Frame Time", s.Counters[0].Name, "frame time first");
            Assert.Equal("ms", s.Counters[0].Unit, "frame time in ms");
            UnityStandIn.UnscaledDeltaTime = 0.02f;
            UnityStandIn.SetMemory("GC Used Memory", 4096);
            var v = s.Sample(5);
            Assert.Equal(20.0, System.Math.Round(v[0], 3), "unscaledDeltaTime s → ms");
            Assert.Equal(4096.0, v[3], "GC used from Profiler.GetMonoUsedSizeLong");
            UnityStandIn.UnscaledDeltaTime = 1f / 60;
        }
#endif

        [Test]
        public static void CountersMessageNamesUnits()
        {
            var s = new CounterSampler();
            Cleanup.Add(s.Dispose);
#if UNITY_2020_2_OR_NEWER
            RegisterTypicalCounters();
#endif
            s.Discover();
            var o = Json.TryParseObject(s.CountersMessage());
            Assert.Equal("counters", Json.Str(o, "t"), "type");
            var first = (Dictionary<string, object>)Json.Arr(o, "counters")[0];
            Assert.Equal(0.0, Json.Num(first, "id").Value, "id");
            Assert.Equal("ms", Json.Str(first, "unit"), "unit");
            Assert.True(Json.Str(first, "category") != null, "category");
        }
    }
}
