// Stubs for Unity.Profiling (ProfilerRecorder and friends), which Unity added in 2020.2: built
// only with UNITY_2020_2_OR_NEWER, so the bridge's 2019.4 build proves it does without them.
// Enum values are Unity's. The recorders read the counters a test registered in ProfilerStandIn.
#if UNITY_2020_2_OR_NEWER
using System;
using System.Collections.Generic;
using Slate.StandIn;
using Unity.Profiling.LowLevel;
using Unity.Profiling.LowLevel.Unsafe;

namespace Unity.Profiling
{
    public enum ProfilerMarkerDataUnit : byte { Undefined = 0, TimeNanoseconds = 1, Bytes = 2, Count = 3, Percent = 4, FrequencyHz = 5 }

    [Flags]
    public enum ProfilerRecorderOptions
    {
        None = 0, StartImmediately = 1, KeepAliveDuringDomainReload = 2, CollectOnlyOnCurrentThread = 4,
        WrapAroundWhenCapacityReached = 8, SumAllSamplesInFrame = 16, GpuRecorder = 64,
        Default = StartImmediately | WrapAroundWhenCapacityReached,
    }

    public struct ProfilerCategory
    {
        readonly string _name;
        public ProfilerCategory(string categoryName) { _name = categoryName; }
        public string Name { get { return _name ?? "Other"; } }
        public override string ToString() { return Name; }
        public static ProfilerCategory Render { get { return new ProfilerCategory("Render"); } }
        public static ProfilerCategory Scripts { get { return new ProfilerCategory("Scripts"); } }
        public static ProfilerCategory Physics { get { return new ProfilerCategory("Physics"); } }
        public static ProfilerCategory Audio { get { return new ProfilerCategory("Audio"); } }
        public static ProfilerCategory Memory { get { return new ProfilerCategory("Memory"); } }
        public static ProfilerCategory Internal { get { return new ProfilerCategory("Internal"); } }
        public static ProfilerCategory Video { get { return new ProfilerCategory("Video"); } }
        public static ProfilerCategory Lighting { get { return new ProfilerCategory("Lighting"); } }
        public static ProfilerCategory Other { get { return new ProfilerCategory("Other"); } }
    }

    public struct ProfilerRecorder : IDisposable
    {
        ProfilerStandIn.Counter _counter;
        bool _running;

        public ProfilerRecorder(ProfilerCategory category, string statName, int capacity = 1, ProfilerRecorderOptions options = ProfilerRecorderOptions.Default)
        {
            if (capacity <= 0) throw new ArgumentException("capacity must be greater than 0");
            _counter = ProfilerStandIn.Find(category.Name, statName);
            _running = (options & ProfilerRecorderOptions.StartImmediately) != 0 && _counter != null;
            if (_running) ProfilerStandIn.RecorderStarted(_counter);
        }

        public static ProfilerRecorder StartNew(ProfilerCategory category, string statName, int capacity = 1, ProfilerRecorderOptions options = ProfilerRecorderOptions.Default)
        {
            return new ProfilerRecorder(category, statName, capacity, options | ProfilerRecorderOptions.StartImmediately);
        }

        public bool Valid { get { return _counter != null; } }
        public bool IsRunning { get { return _running; } }
        public ProfilerMarkerDataType DataType { get { return _counter == null ? ProfilerMarkerDataType.Int64 : _counter.DataType; } }
        public ProfilerMarkerDataUnit UnitType { get { return _counter == null ? ProfilerMarkerDataUnit.Undefined : _counter.Unit; } }
        public int Count { get { return _running && _counter.HasValue ? 1 : 0; } }
        public long LastValue { get { return _running ? (long)_counter.Value : 0; } }
        public long CurrentValue { get { return _running ? (long)_counter.Value : 0; } }
#if UNITY_2020_3_OR_NEWER
        public double LastValueAsDouble { get { return _running ? _counter.Value : 0; } }
        public double CurrentValueAsDouble { get { return _running ? _counter.Value : 0; } }
#endif
        public void Start() { if (_counter != null) _running = true; }
        public void Stop() { _running = false; }
        public void Dispose()
        {
            if (_counter != null && _running) ProfilerStandIn.RecorderStopped(_counter);
            _running = false;
            _counter = null;
        }
    }
}

namespace Unity.Profiling.LowLevel
{
    public enum ProfilerMarkerDataType : byte { InstanceId = 1, Int32 = 2, UInt32 = 3, Int64 = 4, UInt64 = 5, Float = 6, Double = 7, String16 = 9, Blob8 = 11 }

    [Flags]
    public enum MarkerFlags : ushort
    {
        Default = 0, Script = 2, AvailabilityEditor = 4, AvailabilityNonDevelopment = 8, Warning = 16,
        ScriptInvoke = 32, ScriptDeepProfiler = 64, Counter = 128, SampleGPU = 256,
    }
}

namespace Unity.Profiling.LowLevel.Unsafe
{
    public struct ProfilerRecorderHandle
    {
        internal ProfilerStandIn.Counter Counter;
        public bool Valid { get { return Counter != null; } }

        public static void GetAvailable(List<ProfilerRecorderHandle> outRecorderHandleList)
        {
            outRecorderHandleList.Clear();
            foreach (var c in ProfilerStandIn.Available()) outRecorderHandleList.Add(new ProfilerRecorderHandle { Counter = c });
        }

        public static ProfilerRecorderDescription GetDescription(ProfilerRecorderHandle handle)
        {
            var c = handle.Counter;
            return new ProfilerRecorderDescription(new ProfilerCategory(c.Category), c.Name, c.Flags, c.DataType, c.Unit);
        }
    }

    public struct ProfilerRecorderDescription
    {
        internal ProfilerRecorderDescription(ProfilerCategory category, string name, MarkerFlags flags, ProfilerMarkerDataType dataType, ProfilerMarkerDataUnit unit)
        {
            Category = category; Name = name; Flags = flags; DataType = dataType; UnitType = unit;
        }
        public ProfilerCategory Category { get; private set; }
        public MarkerFlags Flags { get; private set; }
        public ProfilerMarkerDataType DataType { get; private set; }
        public ProfilerMarkerDataUnit UnitType { get; private set; }
        public string Name { get; private set; }
    }
}
#endif
