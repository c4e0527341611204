// Reference stubs for the part of UnityEngine the bridge uses, written from Unity's documented
// signatures (Scripting API, 2019.4 – 6000.x). They are compiled into a UnityEngine.dll that the
// bridge is compiled against under each version's defines, so an API used outside the versions
// that have it fails the build here. They also behave like Unity at this boundary where the
// tests need it: Debug.Log* raise logMessageReceivedThreaded, Time/Application values are
// settable through UnityStandIn (which is not a Unity API and which the bridge never uses).
using System;
using System.Collections.Generic;
using Slate.StandIn;

namespace UnityEngine
{
    public enum LogType { Error = 0, Assert = 1, Warning = 2, Log = 3, Exception = 4 }

    public enum RuntimePlatform
    {
        OSXEditor = 0, OSXPlayer = 1, WindowsPlayer = 2, WindowsEditor = 7, IPhonePlayer = 8, Android = 11,
        LinuxPlayer = 13, LinuxEditor = 16, WebGLPlayer = 17, PS4 = 25, XboxOne = 27, Switch = 32, PS5 = 44,
    }

    [Flags]
    public enum HideFlags
    {
        None = 0, HideInHierarchy = 1, HideInInspector = 2, DontSaveInEditor = 4, NotEditable = 8,
        DontSaveInBuild = 16, DontUnloadUnusedAsset = 32, DontSave = 52, HideAndDontSave = 61,
    }

    public static class Application
    {
        public delegate void LogCallback(string condition, string stackTrace, LogType type);
        public static event LogCallback logMessageReceivedThreaded;
        public static event LogCallback logMessageReceived;
        public static string unityVersion { get { return UnityStandIn.UnityVersion; } }
        public static RuntimePlatform platform { get { return UnityStandIn.Platform; } }
        public static string productName { get { return UnityStandIn.ProductName; } }
        public static bool isEditor { get { return UnityStandIn.IsEditor; } }
        public static bool isBatchMode { get { return UnityStandIn.IsBatchMode; } }
        public static int targetFrameRate { get; set; } = -1;

        internal static void RaiseLog(string condition, string stackTrace, LogType type)
        {
            var threaded = logMessageReceivedThreaded;
            if (threaded != null) threaded(condition, stackTrace, type);
            var main = logMessageReceived;
            if (main != null) main(condition, stackTrace, type);
        }

        /// <summary>How many handlers are hooked (the stand-in's check that an absent link hooks nothing).</summary>
        internal static int ThreadedHandlerCount
        {
            get { var h = logMessageReceivedThreaded; return h == null ? 0 : h.GetInvocationList().Length; }
        }
    }

    public static class Time
    {
        public static float timeScale { get; set; } = 1;
        public static int frameCount { get { return UnityStandIn.FrameCount; } }
        public static float realtimeSinceStartup { get { return (float)UnityStandIn.Clock.Elapsed.TotalSeconds; } }
        public static float unscaledDeltaTime { get { return UnityStandIn.UnscaledDeltaTime; } }
        public static float deltaTime { get { return UnityStandIn.UnscaledDeltaTime * timeScale; } }
    }

    public static class SystemInfo
    {
        public static string deviceName { get { return UnityStandIn.DeviceName; } }
        public static string deviceModel { get { return "Stand-in"; } }
    }

    public static class Debug
    {
        public static bool isDebugBuild { get { return UnityStandIn.IsDebugBuild; } }
        public static void Log(object message) { Application.RaiseLog(Str(message), Environment.StackTrace, LogType.Log); }
        public static void LogWarning(object message) { Application.RaiseLog(Str(message), Environment.StackTrace, LogType.Warning); }
        public static void LogError(object message) { Application.RaiseLog(Str(message), Environment.StackTrace, LogType.Error); }
        public static void LogException(Exception exception) { Application.RaiseLog(exception.GetType().Name + ": " + exception.Message, exception.StackTrace ?? "", LogType.Exception); }
        public static void LogAssertion(object message) { Application.RaiseLog(Str(message), Environment.StackTrace, LogType.Assert); }
        static string Str(object o) { return o == null ? "Null" : o.ToString(); }
    }

    public class Object
    {
        public string name { get; set; }
        public HideFlags hideFlags { get; set; }
        public static void DontDestroyOnLoad(Object target) { }
        public static void Destroy(Object obj) { }
    }

    public class Component : Object
    {
        public GameObject gameObject { get; internal set; }
    }

    public class Behaviour : Component { public bool enabled { get; set; } = true; }
    public class MonoBehaviour : Behaviour { }

    public sealed class GameObject : Object
    {
        readonly List<Component> _components = new List<Component>();
        public GameObject(string name) { this.name = name; }
        public T AddComponent<T>() where T : Component, new()
        {
            var c = new T { gameObject = this };
            _components.Add(c);
            return c;
        }
        public T GetComponent<T>() where T : Component
        {
            foreach (var c in _components) { var t = c as T; if (t != null) return t; }
            return null;
        }
    }

    public enum RuntimeInitializeLoadType { AfterSceneLoad = 0, BeforeSceneLoad = 1, AfterAssembliesLoaded = 2, BeforeSplashScreen = 3, SubsystemRegistration = 4 }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class RuntimeInitializeOnLoadMethodAttribute : Attribute
    {
        public RuntimeInitializeOnLoadMethodAttribute() { loadType = RuntimeInitializeLoadType.AfterSceneLoad; }
        public RuntimeInitializeOnLoadMethodAttribute(RuntimeInitializeLoadType loadType) { this.loadType = loadType; }
        public RuntimeInitializeLoadType loadType { get; private set; }
    }

    public static class JsonUtility
    {
        /// <summary>Unity serialises public fields of [Serializable] classes; the stand-in does the same through reflection.</summary>
        public static string ToJson(object obj, bool prettyPrint) { return StandInJson.Write(obj); }
        public static string ToJson(object obj) { return StandInJson.Write(obj); }
        /// <summary>Fills the public fields of a new T from JSON, ignoring unknown keys (Unity's rules).</summary>
        public static T FromJson<T>(string json) { return (T)StandInJson.Read(json, typeof(T)); }
    }
}

namespace UnityEngine.Profiling
{
    public static class Profiler
    {
        public static long GetTotalAllocatedMemoryLong() { return UnityStandIn.Memory("Total Used Memory"); }
        public static long GetTotalReservedMemoryLong() { return UnityStandIn.Memory("Total Reserved Memory"); }
        public static long GetMonoUsedSizeLong() { return UnityStandIn.Memory("GC Used Memory"); }
        public static long GetMonoHeapSizeLong() { return UnityStandIn.Memory("GC Reserved Memory"); }
    }
}

namespace UnityEngine
{
    public class AssetBundleManifest : Object { public string[] GetAllAssetBundles() { return new string[0]; } }
}

namespace UnityEngine.Scripting
{
    /// <summary>Makes UnityLinker process an assembly nothing references (2019.4+).</summary>
    [AttributeUsage(AttributeTargets.Assembly)]
    public class AlwaysLinkAssemblyAttribute : Attribute { }

    /// <summary>Keeps a code element through managed code stripping.</summary>
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Constructor | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Event | AttributeTargets.Interface | AttributeTargets.Delegate, Inherited = false)]
    public class PreserveAttribute : Attribute { }
}
