// The controls of the Unity stand-in: what a test sets so the stubs answer like a running Unity
// (version, platform, frame count, counter values) and what it observes. Not a Unity API: the
// bridge must never reference Slate.StandIn (the test build greps for it).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Threading;
using UnityEngine;
#if UNITY_2020_2_OR_NEWER
using Unity.Profiling;
using Unity.Profiling.LowLevel;
#endif

namespace Slate.StandIn
{
    public static class UnityStandIn
    {
        public static string UnityVersion = "2022.3.10f1";
        public static RuntimePlatform Platform = RuntimePlatform.LinuxEditor;
        public static string ProductName = "StandInProduct";
        public static string DeviceName = "stand-in";
        public static bool IsEditor = true;
        public static bool IsBatchMode = false;
        public static bool IsDebugBuild = true;
        public static float UnscaledDeltaTime = 1f / 60;
        public static readonly Stopwatch Clock = Stopwatch.StartNew();
        static int _frame = 1;
        static readonly Dictionary<string, long> _memory = new Dictionary<string, long>();

        public static int FrameCount { get { return Volatile.Read(ref _frame); } }
        public static void NextFrame() { Interlocked.Increment(ref _frame); }

        public static void SetMemory(string name, long bytes) { lock (_memory) _memory[name] = bytes; }
        public static long Memory(string name) { lock (_memory) { long v; return _memory.TryGetValue(name, out v) ? v : 0; } }

        /// <summary>Logs like Unity does from any thread: through logMessageReceivedThreaded.</summary>
        public static void Log(string message, string stack, LogType type) { Application.RaiseLog(message, stack, type); }
        public static int LogHandlers { get { return Application.ThreadedHandlerCount; } }
    }

#if UNITY_2020_2_OR_NEWER
    public static class ProfilerStandIn
    {
        public sealed class Counter
        {
            public string Category, Name;
            public ProfilerMarkerDataUnit Unit;
            public ProfilerMarkerDataType DataType;
            public MarkerFlags Flags;
            public double Value;
            public bool HasValue;
            public int Recorders;
        }

        static readonly List<Counter> _counters = new List<Counter>();

        public static void Clear() { lock (_counters) _counters.Clear(); }

        public static Counter Register(string category, string name, ProfilerMarkerDataUnit unit, ProfilerMarkerDataType type = ProfilerMarkerDataType.Int64, MarkerFlags flags = MarkerFlags.Counter)
        {
            var c = new Counter { Category = category, Name = name, Unit = unit, DataType = type, Flags = flags };
            lock (_counters) _counters.Add(c);
            return c;
        }

        public static void Set(string name, double value)
        {
            lock (_counters) foreach (var c in _counters) if (c.Name == name) { c.Value = value; c.HasValue = true; }
        }

        public static int RunningRecorders { get { lock (_counters) { var n = 0; foreach (var c in _counters) n += c.Recorders; return n; } } }

        internal static Counter Find(string category, string name)
        {
            lock (_counters) foreach (var c in _counters) if (c.Category == category && c.Name == name) return c;
            return null;
        }

        internal static List<Counter> Available() { lock (_counters) return new List<Counter>(_counters); }
        internal static void RecorderStarted(Counter c) { Interlocked.Increment(ref c.Recorders); }
        internal static void RecorderStopped(Counter c) { Interlocked.Decrement(ref c.Recorders); }
    }
#endif

    /// <summary>JsonUtility's rules, enough for the stand-in: public instance fields, arrays, nested objects.</summary>
    public static class StandInJson
    {
        public static string Write(object o)
        {
            var sb = new StringBuilder();
            Value(sb, o);
            return sb.ToString();
        }

        public static object Read(string json, Type type)
        {
            var pos = 0;
            var v = Parse(json, ref pos);
            return Convert(v, type);
        }

        static object Convert(object v, Type type)
        {
            if (type == typeof(string)) return v as string;
            if (type == typeof(bool)) return v is bool && (bool)v;
            if (type.IsPrimitive || type == typeof(decimal)) return v is double ? System.Convert.ChangeType((double)v, type, CultureInfo.InvariantCulture) : Activator.CreateInstance(type);
            if (type.IsArray)
            {
                var list = v as List<object> ?? new List<object>();
                var arr = Array.CreateInstance(type.GetElementType(), list.Count);
                for (var i = 0; i < list.Count; i++) arr.SetValue(Convert(list[i], type.GetElementType()), i);
                return arr;
            }
            var obj = Activator.CreateInstance(type);
            var dict = v as Dictionary<string, object>;
            if (dict == null) return obj;
            foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                object fv;
                if (dict.TryGetValue(f.Name, out fv)) f.SetValue(obj, Convert(fv, f.FieldType));
            }
            return obj;
        }

        static object Parse(string s, ref int i)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length) throw new ArgumentException("JSON parse error: unexpected end");
            var c = s[i];
            if (c == '{')
            {
                var d = new Dictionary<string, object>();
                i++;
                while (true)
                {
                    while (char.IsWhiteSpace(s[i])) i++;
                    if (s[i] == '}') { i++; return d; }
                    var key = (string)Parse(s, ref i);
                    while (char.IsWhiteSpace(s[i])) i++;
                    i++; // ':'
                    d[key] = Parse(s, ref i);
                    while (char.IsWhiteSpace(s[i])) i++;
                    if (s[i] == ',') i++;
                }
            }
            if (c == '[')
            {
                var l = new List<object>();
                i++;
                while (true)
                {
                    while (char.IsWhiteSpace(s[i])) i++;
                    if (s[i] == ']') { i++; return l; }
                    l.Add(Parse(s, ref i));
                    while (char.IsWhiteSpace(s[i])) i++;
                    if (s[i] == ',') i++;
                }
            }
            if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (s[i] != '"')
                {
                    if (s[i] == '\\') { i++; var e = s[i]; sb.Append(e == 'n' ? '\n' : e == 't' ? '\t' : e); }
                    else sb.Append(s[i]);
                    i++;
                }
                i++;
                return sb.ToString();
            }
            if (string.CompareOrdinal(s, i, "true", 0, 4) == 0) { i += 4; return true; }
            if (string.CompareOrdinal(s, i, "false", 0, 5) == 0) { i += 5; return false; }
            if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; return null; }
            var start = i;
            while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0) i++;
            return double.Parse(s.Substring(start, i - start), CultureInfo.InvariantCulture);
        }

        static void Value(StringBuilder sb, object o)
        {
            if (o == null) { sb.Append("null"); return; }
            var s = o as string;
            if (s != null) { sb.Append('"').Append(s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append('"'); return; }
            if (o is bool) { sb.Append((bool)o ? "true" : "false"); return; }
            if (o is int || o is long || o is ulong || o is double || o is float)
            {
                sb.Append(System.Convert.ToString(o, CultureInfo.InvariantCulture));
                return;
            }
            var arr = o as Array;
            if (arr != null)
            {
                sb.Append('[');
                for (var i = 0; i < arr.Length; i++) { if (i > 0) sb.Append(','); Value(sb, arr.GetValue(i)); }
                sb.Append(']');
                return;
            }
            sb.Append('{');
            var first = true;
            foreach (var f in o.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!first) sb.Append(',');
                first = false;
                sb.Append('"').Append(f.Name).Append("\":");
                Value(sb, f.GetValue(o));
            }
            sb.Append('}');
        }
    }
}
