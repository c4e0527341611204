// Samples the profiler counters once per frame on the main thread and hands each frame to the
// link. The set is discovered at run time: the known names (CounterCatalog) that this Unity and
// this player actually have, then other counters of the interesting categories, up to a bound.
// Unity before 2020.2 has no ProfilerRecorder: there the sampler reports frame time from
// Time.unscaledDeltaTime and memory from UnityEngine.Profiling.Profiler, which every version has.
using System;
using System.Collections.Generic;
using UnityEngine;
#if UNITY_2020_2_OR_NEWER
using Unity.Profiling;
using Unity.Profiling.LowLevel;
using Unity.Profiling.LowLevel.Unsafe;
#endif

namespace Slate.Bridge.Link
{
    public sealed class CounterInfo
    {
        public int Id;
        public string Name;
        public string Category;
        public string Unit;
        public double Scale;
    }

    public sealed class CounterSampler : IDisposable
    {
        readonly List<CounterInfo> _counters = new List<CounterInfo>();
#if UNITY_2020_2_OR_NEWER
        readonly List<ProfilerRecorder> _recorders = new List<ProfilerRecorder>();
#endif
        int _lastFrame = -1;
#if UNITY_2020_2_OR_NEWER
        string _signature;
#endif

        public IList<CounterInfo> Counters { get { return _counters; } }

        /// <summary>(Re)discovers the counter set; true when it changed (then the recorders are new).</summary>
        public bool Discover()
        {
#if UNITY_2020_2_OR_NEWER
            var handles = new List<ProfilerRecorderHandle>();
            ProfilerRecorderHandle.GetAvailable(handles);
            var byName = new Dictionary<string, ProfilerRecorderDescription>();
            var others = new List<ProfilerRecorderDescription>();
            foreach (var h in handles)
            {
                var d = ProfilerRecorderHandle.GetDescription(h);
                if (d.DataType == ProfilerMarkerDataType.String16 || d.DataType == ProfilerMarkerDataType.Blob8) continue;
                if (CounterCatalog.LinkUnit((int)d.UnitType, d.Name) == null) continue;
                var key = d.Category.Name + "/" + d.Name;
                if (!byName.ContainsKey(key)) byName[key] = d;
                if ((d.Flags & MarkerFlags.Counter) != 0 && Array.IndexOf(CounterCatalog.DiscoveredCategories, d.Category.Name) >= 0) others.Add(d);
            }
            var chosen = new List<ProfilerRecorderDescription>();
            var taken = new HashSet<string>();
            foreach (var k in CounterCatalog.Known)
            {
                ProfilerRecorderDescription d;
                if (byName.TryGetValue(k.Category + "/" + k.Name, out d) && taken.Add(d.Name)) chosen.Add(d);
            }
            others.Sort((a, b) => string.CompareOrdinal(a.Category.Name + "/" + a.Name, b.Category.Name + "/" + b.Name));
            foreach (var d in others)
            {
                if (chosen.Count >= CounterCatalog.MaxCounters) break;
                if (taken.Add(d.Name)) chosen.Add(d);
            }
            var sig = new System.Text.StringBuilder();
            foreach (var d in chosen) sig.Append(d.Category.Name).Append('/').Append(d.Name).Append(':').Append((int)d.UnitType).Append(';');
            if (sig.ToString() == _signature) return false;
            _signature = sig.ToString();
            DisposeRecorders();
            _counters.Clear();
            foreach (var d in chosen) Add(d);
            return true;
#else
            if (_counters.Count > 0) return false;
            AddFallback("Frame Time", "Internal", "ms", 1000);
            AddFallback("Total Used Memory", "Memory", "bytes", 1);
            AddFallback("Total Reserved Memory", "Memory", "bytes", 1);
            AddFallback("GC Used Memory", "Memory", "bytes", 1);
            AddFallback("GC Reserved Memory", "Memory", "bytes", 1);
            return true;
#endif
        }

#if UNITY_2020_2_OR_NEWER
        void Add(ProfilerRecorderDescription d)
        {
            var unit = CounterCatalog.LinkUnit((int)d.UnitType, d.Name);
            var recorder = ProfilerRecorder.StartNew(d.Category, d.Name, 1, ProfilerRecorderOptions.Default);
            if (!recorder.Valid) { recorder.Dispose(); return; }
            _recorders.Add(recorder);
            _counters.Add(new CounterInfo
            {
                Id = _counters.Count, Name = d.Name, Category = d.Category.Name, Unit = unit,
                Scale = CounterCatalog.Scale((int)d.UnitType, d.Name),
            });
        }
#else
        void AddFallback(string name, string category, string unit, double scale)
        {
            _counters.Add(new CounterInfo { Id = _counters.Count, Name = name, Category = category, Unit = unit, Scale = scale });
        }
#endif

        /// <summary>One frame's values (index = counter id), or null when this frame was already sampled.</summary>
        public double[] Sample(int frame)
        {
            if (frame == _lastFrame) return null;
            _lastFrame = frame;
            var v = new double[_counters.Count];
#if UNITY_2020_2_OR_NEWER
            for (var i = 0; i < _recorders.Count; i++)
            {
                var r = _recorders[i];
                // LastValue = the value of the frame that just ended; a recorder with no sample yet is "not sampled".
                v[i] = r.Valid && r.Count > 0 ? Raw(r) * _counters[i].Scale : double.NaN;
            }
#else
            v[0] = Time.unscaledDeltaTime * 1000.0;
            v[1] = UnityEngine.Profiling.Profiler.GetTotalAllocatedMemoryLong();
            v[2] = UnityEngine.Profiling.Profiler.GetTotalReservedMemoryLong();
            v[3] = UnityEngine.Profiling.Profiler.GetMonoUsedSizeLong();
            v[4] = UnityEngine.Profiling.Profiler.GetMonoHeapSizeLong();
#endif
            return v;
        }

#if UNITY_2020_2_OR_NEWER
        static double Raw(ProfilerRecorder r)
        {
#if UNITY_2020_3_OR_NEWER
            // Float and double counters (e.g. percentages) lose their fraction through LastValue.
            // LastValueAsDouble is documented from 2020.3 (the 2020.2 tech stream is left on LastValue).
            if (r.DataType == ProfilerMarkerDataType.Float || r.DataType == ProfilerMarkerDataType.Double) return r.LastValueAsDouble;
#endif
            return r.LastValue;
        }
#endif

        /// <summary>The `counters` message for the current set.</summary>
        public string CountersMessage()
        {
            var w = new JsonWriter().BeginObject().Key("t").Value("counters").Key("counters").BeginArray();
            foreach (var c in _counters)
                w.BeginObject().Key("id").Value((long)c.Id).Key("name").Value(c.Name).Key("category").Value(c.Category)
                    .Key("unit").Value(c.Unit).EndObject();
            return w.EndArray().EndObject().ToString();
        }

        void DisposeRecorders()
        {
#if UNITY_2020_2_OR_NEWER
            foreach (var r in _recorders) r.Dispose();
            _recorders.Clear();
#endif
        }

        public void Dispose() { DisposeRecorders(); }
    }
}
