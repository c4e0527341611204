// The profiler counters the link asks for by name, in a fixed order so their ids stay stable
// across reconnects and versions, plus how to turn each Unity unit into a link unit.
//
// Units. ProfilerRecorder values come in the recorder's ProfilerMarkerDataUnit: TimeNanoseconds,
// Bytes, Count, Percent, FrequencyHz (Unity 2020.2 onwards, unchanged to Unity 6). Unity's manuals
// disagree on frame times: the FrameTiming *struct* fields (cpuMainThreadFrameTime, ...) are
// documented in milliseconds in every version, and the Unity 6.0 manual's "Frame timing API counter
// reference" (some translations, e.g. the Chinese page) still says the *counters* are milliseconds
// too, while the 6.0+ English pages say the counters "CPU Main Thread Frame Time", "CPU Render
// Thread Frame Time", "CPU Total Frame Time" and "GPU Frame Time" are nanoseconds. What a recorder
// actually reports is its UnitType, so we trust that at run time and convert every time value to
// milliseconds (the unit the link declares). Only when a recorder says Undefined for a known
// frame-time counter do we fall back on the version rule: nanoseconds, which is what ProfilerRecorder
// delivers for all time counters in every version that has them (2020.2+); ms is FrameTiming's.
namespace Slate.Bridge.Link
{
    public sealed class KnownCounter
    {
        public readonly string Category;
        public readonly string Name;
        /// <summary>True when Unity documents the counter as available in release players.</summary>
        public readonly bool Release;
        public readonly bool IsTime;
        public KnownCounter(string category, string name, bool release, bool isTime = false)
        {
            Category = category; Name = name; Release = release; IsTime = isTime;
        }
    }

    public static class CounterCatalog
    {
        public static readonly KnownCounter[] Known =
        {
            // Frame time (release)
            new KnownCounter("Internal", "Main Thread", true, true),
            new KnownCounter("Internal", "CPU Total Frame Time", true, true),
            new KnownCounter("Internal", "CPU Main Thread Frame Time", true, true),
            new KnownCounter("Internal", "CPU Render Thread Frame Time", true, true),
            new KnownCounter("Internal", "GPU Frame Time", true, true),
            // Rendering (release)
            new KnownCounter("Render", "Batches Count", true),
            new KnownCounter("Render", "Draw Calls Count", true),
            new KnownCounter("Render", "SetPass Calls Count", true),
            new KnownCounter("Render", "Triangles Count", true),
            new KnownCounter("Render", "Vertices Count", true),
            new KnownCounter("Render", "Shadow Casters Count", false),
            new KnownCounter("Render", "Render Textures Bytes", false),
            new KnownCounter("Render", "Used Textures Bytes", false),
            // Memory (release)
            new KnownCounter("Memory", "Total Used Memory", true),
            new KnownCounter("Memory", "Total Reserved Memory", true),
            new KnownCounter("Memory", "System Used Memory", true),
            new KnownCounter("Memory", "GC Used Memory", true),
            new KnownCounter("Memory", "GC Reserved Memory", true),
            new KnownCounter("Memory", "Gfx Used Memory", true),
            new KnownCounter("Memory", "Gfx Reserved Memory", true),
            new KnownCounter("Memory", "Audio Used Memory", true),
            new KnownCounter("Memory", "Video Used Memory", true),
            // Memory (development players and the Editor)
            new KnownCounter("Memory", "GC Allocated In Frame", false),
            new KnownCounter("Memory", "GC Allocation In Frame Count", false),
            new KnownCounter("Memory", "Texture Count", false),
            new KnownCounter("Memory", "Texture Memory", false),
            new KnownCounter("Memory", "Mesh Count", false),
            new KnownCounter("Memory", "Mesh Memory", false),
            new KnownCounter("Memory", "Material Count", false),
            new KnownCounter("Memory", "Object Count", false),
            // Physics and audio (where the module is present)
            new KnownCounter("Physics", "Active Dynamic Bodies", false),
            new KnownCounter("Physics", "Active Kinematic Bodies", false),
            new KnownCounter("Physics", "Contacts", false),
            new KnownCounter("Physics", "Trigger Overlaps", false),
            new KnownCounter("Audio", "Playing Audio Sources", false),
            new KnownCounter("Audio", "Audio Voices", false),
            new KnownCounter("Audio", "Total Audio CPU", false),
        };

        /// <summary>Categories whose other counters (not in Known) are also sent when discovered.</summary>
        public static readonly string[] DiscoveredCategories = { "Render", "Memory", "Physics", "Physics 2D", "Audio", "Video", "Lighting" };

        /// <summary>At most this many counters in a set: each costs a recorder and a value per frame.</summary>
        public const int MaxCounters = 128;

        public static bool IsKnownTime(string name)
        {
            foreach (var k in Known) if (k.IsTime && k.Name == name) return true;
            return false;
        }

        /// <summary>Link unit for a ProfilerMarkerDataUnit value (0 Undefined, 1 TimeNanoseconds,
        /// 2 Bytes, 3 Count, 4 Percent, 5 FrequencyHz); null = not a unit the link carries.</summary>
        public static string LinkUnit(int unityUnit, string name)
        {
            switch (unityUnit)
            {
                case 1: return "ms";
                case 2: return "bytes";
                case 3: return "count";
                case 4: return "percent";
                case 5: return null;
                default: return IsKnownTime(name) ? "ms" : "count";
            }
        }

        /// <summary>The factor from the recorder's raw value to the declared link unit.</summary>
        public static double Scale(int unityUnit, string name)
        {
            if (unityUnit == 1) return 1e-6; // ns → ms
            if (unityUnit == 0 && IsKnownTime(name)) return 1e-6; // see the header: time counters carry ns
            return 1;
        }
    }
}
